"""Permission matrix: every URL of the self-evaluation module × every role → the expected status.

Another organisation's self-evaluation answers 404; a page for another role 403; anonymous visitors
are sent to the sign-in page (302). Refused posts change nothing."""

import pytest

from keurmerk.audit.models import AuditEvent
from keurmerk.selfevaluations.models import Answer, Attachment, Message, SelfEvaluation
from keurmerk.selfevaluations.services import attachment_add
from tests.conftest import ROLES, client_for, get_matrix, make_user

from .conftest import answer_for

LOGIN = 302
MEMBER_ONLY = {
    "anonymous": LOGIN,
    "member": 200,
    "outsider": 404,
    "insurer": 403,
    "assessor": 403,
    "director": 403,
    "administrator": 403,
}
READERS = {**MEMBER_ONLY, "assessor": 200, "director": 200, "administrator": 200}
STAFF_ONLY = {
    "anonymous": LOGIN,
    "member": 403,
    "outsider": 403,
    "insurer": 403,
    "assessor": 200,
    "director": 200,
    "administrator": 200,
}
PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture
def objects(self_evaluation, users):
    answer = answer_for(self_evaluation, "clientervaringen-meten")
    attachment = attachment_add(answer=answer, user=users["member"], content=PDF, name="cq.pdf")
    return {
        "p": self_evaluation.participation_id,
        "s": self_evaluation.pk,
        "a": answer.pk,
        "f": attachment.pk,
    }


GETS = [
    ("/zelfevaluatie/deelname/{p}/", MEMBER_ONLY),
    ("/zelfevaluatie/{s}/", MEMBER_ONLY),
    ("/zelfevaluatie/{s}/indienen/", MEMBER_ONLY),
    ("/zelfevaluatie/{s}/pdf/", READERS),
    ("/zelfevaluatie/{s}/dialoog/", READERS),
    ("/zelfevaluatie/bijlage/{f}/", READERS),
    ("/zelfevaluatie/staf/", STAFF_ONLY),
    ("/zelfevaluatie/staf/?year=2027&status=draft&threads=on", STAFF_ONLY),
    ("/zelfevaluatie/staf/{s}/", STAFF_ONLY),
]
POSTS = [
    ("/zelfevaluatie/deelname/{p}/beginnen/", MEMBER_ONLY),
    ("/zelfevaluatie/deelname/{p}/aanpassen/", MEMBER_ONLY),
    ("/zelfevaluatie/antwoord/{a}/", MEMBER_ONLY),
    ("/zelfevaluatie/antwoord/{a}/bijlage/", MEMBER_ONLY),
    ("/zelfevaluatie/{s}/indienen/versturen/", MEMBER_ONLY),
    ("/zelfevaluatie/{s}/dialoog/bericht/", READERS),
    ("/zelfevaluatie/bijlage/{f}/verwijderen/", MEMBER_ONLY),
]


@pytest.mark.parametrize("role", ROLES)
def test_get_matrix(objects, users, role):
    get_matrix(role, users, GETS, objects)


def _state():
    return (
        AuditEvent.objects.count(),
        list(Answer.objects.order_by("pk").values_list("version", flat=True)),
        Attachment.objects.count(),
        Message.objects.count(),
        list(SelfEvaluation.objects.values_list("status", flat=True)),
    )


@pytest.mark.parametrize("role", ROLES)
def test_post_matrix_refusals_change_nothing(objects, users, role):
    client = client_for(users[role])
    before = _state()
    for template, expected in POSTS:
        url = template.format(**objects)
        response = client.post(url, {})  # empty forms: allowed roles get a message, nothing is stored
        if expected[role] == 200:
            assert response.status_code in (302, 400, 422), f"{role} POST {url}: {response.status_code}"
        else:
            assert response.status_code == expected[role], f"{role} POST {url}: {response.status_code}"
    if role != "member":
        assert _state() == before
    else:  # the member's last post removed the attachment; nothing else changed
        assert _state()[:2] == before[:2] and _state()[3:] == before[3:]


def test_get_on_a_post_url_is_not_allowed(objects, users):
    response = client_for(users["member"]).get(f"/zelfevaluatie/antwoord/{objects['a']}/")
    assert response.status_code == 405


def test_staff_without_two_factors_must_set_them_up(objects):
    assessor = make_user("nieuw@kibg.test", "assessor", two_factors=False)
    for url in ("/zelfevaluatie/staf/", f"/zelfevaluatie/{objects['s']}/dialoog/"):
        response = client_for(assessor).get(url)
        assert response.status_code == 302 and response["Location"] == "/account/2fa/totp/activate/"
