"""The upload page, its summary and the delete confirmation, as a member uses them."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from keurmerk.mirror import store
from keurmerk.mirror.models import IndicatorValue, JobStatus, Upload, UploadJob
from tests.conftest import client_for

from .conftest import TRAJECTORY_HEADER, closed_trajectories, csv_bytes, run_worker, trajectory

pytestmark = pytest.mark.django_db


def post_file(client, organisation, data, name="trajecten.csv", kind="trajectories"):
    """Post the file; once accepted for reading, let the background worker read it and answer with
    the progress page as it is then (a redirect to the summary, or the problems)."""
    file = SimpleUploadedFile(name, data, content_type="text/csv")
    response = client.post(f"/spiegel/{organisation.pk}/aanleveren/", {"kind": kind, "file": file})
    if response.status_code != 302:
        return response
    job = UploadJob.objects.get(organisation=organisation, status=JobStatus.QUEUED)
    assert response["Location"] == f"/spiegel/{organisation.pk}/aanlevering/bezig/{job.pk}/"
    waiting = client.get(response["Location"])
    assert waiting.status_code == 200 and 'hx-trigger="every 2s"' in waiting.text
    run_worker()
    return client.get(response["Location"])


def test_overview_offers_the_form_with_a_reading_status(users, org_a):
    response = client_for(users["member"]).get(f"/spiegel/{org_a.pk}/")
    assert response.status_code == 200
    text = response.text
    assert 'enctype="multipart/form-data"' in text
    assert "Bezig met inlezen" in text and "<progress" in text
    assert "Nog geen gegevens aangeleverd." in text


def test_upload_shows_the_summary(users, org_a, framework_2024):
    client = client_for(users["member"])
    header = TRAJECTORY_HEADER + ["opmerking"]
    rows = [
        row + ["x"]
        for row in closed_trajectories(3, minutes=600) + closed_trajectories(2, year=2023, prefix="o")
    ]
    response = post_file(client, org_a, csv_bytes(header, rows, sep=";"))
    upload = Upload.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/spiegel/{org_a.pk}/aanlevering/{upload.pk}/"
    text = client.get(response["Location"]).text
    assert "5 rijen gelezen" in text
    assert (
        '<td class="utrecht-table__cell">2023</td>' in text
        and '<td class="utrecht-table__cell">2024</td>' in text
    )
    assert "opmerking" in text  # ignored column
    assert "Directe tijd, gemiddeld" in text and "600,0 min" in text  # changed indicator
    assert f'href="/spiegel/{org_a.pk}/2024/"' in text


def test_refused_upload_lists_problems_and_keeps_the_old_data(users, org_a):
    client = client_for(users["member"])
    post_file(client, org_a, csv_bytes(TRAJECTORY_HEADER, closed_trajectories(2)))
    before = list(IndicatorValue.objects.values_list("key", "value"))
    bad = csv_bytes(
        TRAJECTORY_HEADER,
        [trajectory("t1", "c1", "2024-01-01", "2023-01-01"), trajectory("t1", "111222333", "2024-01-01", "")],
    )
    response = post_file(client, org_a, bad)
    assert response.status_code == 200
    text = response.text
    assert "Het bestand is geweigerd" in text and "Er zijn 3 problemen gevonden" in text
    assert "rij 2, kolom end_date: de einddatum ligt vóór de startdatum" in text
    assert "rij 3, kolom client_id: dit is een geldig BSN" in text
    assert "111222333" not in text  # the BSN is not echoed back
    assert list(IndicatorValue.objects.values_list("key", "value")) == before
    assert Upload.objects.count() == 1


def test_form_errors_are_dutch(users, org_a):
    client = client_for(users["member"])
    response = client.post(f"/spiegel/{org_a.pk}/aanleveren/", {"kind": "trajectories"})
    assert response.status_code == 400
    assert "Dit veld is verplicht." in response.text
    response = post_file(client, org_a, b"x", name="trajecten.pdf")
    assert "Kies een CSV- of XLSX-bestand" in response.text


def test_delete_needs_the_confirmation_box(users, org_a):
    client = client_for(users["member"])
    post_file(client, org_a, csv_bytes(TRAJECTORY_HEADER, closed_trajectories(2)))
    page = client.get(f"/spiegel/{org_a.pk}/verwijderen/")
    assert "Definitief verwijderen" in page.text
    response = client.post(f"/spiegel/{org_a.pk}/verwijderen/", {})
    assert response.status_code == 400
    assert "Vink aan dat u alle gegevens definitief wilt verwijderen." in response.text
    assert IndicatorValue.objects.exists()
    response = client.post(f"/spiegel/{org_a.pk}/verwijderen/", {"confirm": "on"}, follow=True)
    assert "Alle gegevens en indicatoren van de spiegelrapportage zijn verwijderd." in response.text
    assert not IndicatorValue.objects.exists() and not Upload.objects.exists()
    assert store.all_files("trajectories") == []
