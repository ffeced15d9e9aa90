"""Every mirror URL × every role. Another organisation's pages answer 404, not 403."""

import pytest

from keurmerk.mirror.models import IndicatorValue, Upload
from tests.conftest import ROLES, client_for

from .conftest import closed_trajectories, upload

pytestmark = pytest.mark.django_db

STAFF = {"assessor", "director", "administrator"}


@pytest.fixture
def setup(users, org_a, framework_2024):
    # Figures straight in the database: the pages never read the raw files.
    done = Upload.objects.create(
        organisation=org_a,
        kind="trajectories",
        rows_read=3,
        summary={
            "kind": "trajectories",
            "rows_read": 3,
            "per_year": [[2024, 3]],
            "ignored_columns": [],
            "changed": [],
        },
    )
    IndicatorValue.objects.create(organisation=org_a, year=2024, key="n_closed", value=3)
    IndicatorValue.objects.create(organisation=org_a, year=2024, key="direct_minutes_mean", value=100)
    return {"a": org_a.pk, "u": done.pk}


def expected_for_organisation_page(role):
    return {"anonymous": 302, "member": 200, "outsider": 404}.get(role, 403)


ORGANISATION_URLS = [
    "/spiegel/{a}/",
    "/spiegel/{a}/aanleveren/",
    "/spiegel/{a}/aanlevering/{u}/",
    "/spiegel/{a}/verwijderen/",
    "/spiegel/{a}/2024/",
    "/spiegel/{a}/2024/pdf/",
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("url", ORGANISATION_URLS)
def test_organisation_pages(setup, users, role, url):
    response = client_for(users[role]).get(url.format(**setup))
    assert response.status_code == expected_for_organisation_page(role)
    if role == "anonymous":
        assert response["Location"].startswith("/account/login/")


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("url", ["/spiegel/landelijk/", "/spiegel/landelijk/2024/"])
def test_scheme_pages(setup, users, role, url):
    response = client_for(users[role]).get(url)
    expected = {"anonymous": 302, "member": 403, "outsider": 403}.get(role, 200)
    assert response.status_code == expected


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_scheme_export(setup, users, role, fmt):
    """Staff and insurers (issue 12: open to insurers, who get the distributions without names)."""
    response = client_for(users[role]).get(f"/spiegel/landelijk/2024/indicatoren.{fmt}")
    expected = 200 if role in STAFF | {"insurer"} else 302 if role == "anonymous" else 403
    assert response.status_code == expected


@pytest.mark.parametrize("role", ROLES)
def test_index(setup, users, role):
    response = client_for(users[role]).get("/spiegel/")
    assert response.status_code == 302
    expected = {
        "anonymous": "/account/login/",
        "member": f"/spiegel/{setup['a']}/",
        "outsider": "/spiegel/",
    }.get(role, "/spiegel/landelijk/")
    assert response["Location"].startswith(expected)


@pytest.mark.parametrize("role", ROLES)
def test_upload_post(setup, users, role):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from .conftest import TRAJECTORY_HEADER, csv_bytes, run_worker

    data = csv_bytes(TRAJECTORY_HEADER, closed_trajectories(1))
    file = SimpleUploadedFile("t.csv", data, content_type="text/csv")
    response = client_for(users[role]).post(
        f"/spiegel/{setup['a']}/aanleveren/", {"kind": "trajectories", "file": file}
    )
    assert response.status_code == {"anonymous": 302, "member": 302, "outsider": 404}.get(role, 403)
    run_worker()
    assert Upload.objects.count() == (2 if role == "member" else 1)


@pytest.mark.parametrize("role", ROLES)
def test_delete_post(setup, users, role):
    response = client_for(users[role]).post(f"/spiegel/{setup['a']}/verwijderen/", {"confirm": "on"})
    assert response.status_code == {"anonymous": 302, "member": 302, "outsider": 404}.get(role, 403)
    assert IndicatorValue.objects.exists() == (role != "member")


def test_unknown_upload_of_own_organisation_and_other_organisations_upload(setup, users, org_b):
    other = upload(org_b, closed_trajectories(1))
    member = client_for(users["member"])
    assert member.get(f"/spiegel/{setup['a']}/aanlevering/{other.pk}/").status_code == 404
    assert member.get(f"/spiegel/{setup['a']}/aanlevering/999999/").status_code == 404
    assert member.get(f"/spiegel/{org_b.pk}/aanlevering/{other.pk}/").status_code == 404
    assert member.get(f"/spiegel/{setup['a']}/1899/").status_code == 404
