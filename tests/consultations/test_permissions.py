"""Permission matrix: every consultation URL × every role.

Staff pages: anonymous visitors go to the sign-in page (302), providers and insurers get 403,
assessors and the director read, only the administrator manages. The invitee's page needs no
account: the token in the link is the key, for whoever holds it."""

import pytest

from keurmerk.consultations.models import Comment
from tests.conftest import ROLES, client_for

from .conftest import answers, submit

LOGIN = 302
READ = {
    "anonymous": LOGIN,
    "member": 403,
    "outsider": 403,
    "insurer": 403,
    "assessor": 200,
    "director": 200,
    "administrator": 200,
}
MANAGE = {**READ, "assessor": 403, "director": 403}


@pytest.fixture
def world(invitee, framework_2024):
    submit(invitee, answers(framework_2024, 0, {("", ""): "Een opmerking"}))
    return invitee.round, Comment.objects.get(), invitee


def get_urls(r):
    base = f"/consultatie/rondes/{r.pk}/"
    return [
        ("/consultatie/rondes/", READ),
        (base, READ),
        (base + "resultaten/", READ),
        (base + "rapport/", READ),
        (base + "rapport/pdf/", READ),
        (base + "rapport/xlsx/", READ),
        (base + "genodigden.csv", READ),
        (base + "genodigden.xlsx", READ),
        ("/consultatie/rondes/nieuw/", MANAGE),
        (base + "wijzigen/", MANAGE),
        (base + "vaststellen/", MANAGE),
        (base + "genodigden/importeren/", MANAGE),
        (base + "genodigden/toevoegen/", MANAGE),
    ]


def post_urls(r, comment):
    base = f"/consultatie/rondes/{r.pk}/"
    # The administrator's POSTs without data: the close succeeds (302), the disposition form is
    # shown again with what is missing (200).
    return [
        (base + "sluiten/", {**MANAGE, "administrator": 302}),
        (base + f"opmerkingen/{comment.pk}/afweging/", MANAGE),
    ]


@pytest.mark.parametrize("role", ROLES)
def test_get_matrix(world, users, role):
    consultation_round, _comment, _invitee = world
    client = client_for(users[role])
    for url, expected in get_urls(consultation_round):
        response = client.get(url)
        assert response.status_code == expected[role], f"{role} GET {url}: {response.status_code}"
        if expected[role] == LOGIN:
            assert response["Location"].startswith("/account/login/")


@pytest.mark.parametrize("role", ROLES)
def test_post_matrix(world, users, role):
    consultation_round, comment, _invitee = world
    client = client_for(users[role])
    for url, expected in post_urls(consultation_round, comment):
        response = client.post(url, {})
        assert response.status_code == expected[role], f"{role} POST {url}: {response.status_code}"


@pytest.mark.parametrize("role", ROLES)
def test_the_personal_link_works_for_whoever_holds_it(world, users, role):
    _round, _comment, invitee = world
    client = client_for(users[role])
    assert client.get(f"/consultatie/{invitee.token}/").status_code == 200
    assert client.get(f"/consultatie/{invitee.token[:-1]}x/").status_code == 404


@pytest.mark.parametrize("role", ["assessor", "director", "administrator"])
def test_staff_without_two_factors_are_sent_to_set_them_up(world, role):
    from tests.conftest import make_user

    user = make_user(f"nieuw-{role}@kibg.test", role, two_factors=False)
    response = client_for(user).get("/consultatie/rondes/")
    assert response.status_code == 302 and "/account/" in response["Location"]
    assert "login" not in response["Location"]


def test_unknown_rounds_answer_404_to_staff(world, users):
    client = client_for(users["administrator"])
    for url in [
        "/consultatie/rondes/999/",
        "/consultatie/rondes/999/resultaten/",
        "/consultatie/rondes/999/rapport/pdf/",
    ]:
        assert client.get(url).status_code == 404
