"""Mirror uploads are read by the background worker with a progress page; a spreadsheet that unpacks
to a million rows is refused at once, before it is parsed; the rows of every file are capped."""

import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tasks_db.models import DBTaskResult

from keurmerk.lib.tabular import TableError, check_xlsx
from keurmerk.mirror import store
from keurmerk.mirror.models import IndicatorValue, JobStatus, Upload, UploadJob
from keurmerk.mirror.services import mirror_upload_process
from tests.conftest import ROLES, client_for

from .bombs import xlsx_bomb
from .conftest import TRAJECTORY_HEADER, closed_trajectories, csv_bytes, run_worker, xlsx_bytes

pytestmark = pytest.mark.django_db


def _post(user, organisation, data, name="trajecten.csv"):
    file = SimpleUploadedFile(name, data)
    return client_for(user).post(
        f"/spiegel/{organisation.pk}/aanleveren/", {"kind": "trajectories", "file": file}
    )


def _incoming():
    return sorted(p.name for p in store.incoming_dir().iterdir())


def test_the_request_only_queues_the_file_and_the_worker_reads_it(users, org_a):
    response = _post(users["member"], org_a, csv_bytes(TRAJECTORY_HEADER, closed_trajectories(3)))
    job = UploadJob.objects.get()
    assert response.status_code == 302 and job.status == JobStatus.QUEUED
    assert not Upload.objects.exists() and not IndicatorValue.objects.exists()  # nothing read yet
    assert _incoming() == [job.incoming]
    assert DBTaskResult.objects.filter(status="READY").count() == 1
    page = client_for(users["member"]).get(response["Location"])
    assert page.status_code == 200 and "In de wachtrij" in page.text
    assert 'hx-trigger="every 2s"' in page.text and "Nu verversen" in page.text  # a link without JavaScript
    polled = client_for(users["member"]).get(response["Location"], headers={"HX-Request": "true"})
    assert polled.status_code == 200 and "HX-Refresh" not in polled
    run_worker()
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.upload == Upload.objects.get() and job.finished_at
    assert _incoming() == []
    polled = client_for(users["member"]).get(response["Location"], headers={"HX-Request": "true"})
    assert polled["HX-Refresh"] == "true"
    done = client_for(users["member"]).get(response["Location"])
    assert done.status_code == 302 and done["Location"] == f"/spiegel/{org_a.pk}/aanlevering/{job.upload.pk}/"


def test_a_job_is_read_once(users, org_a):
    _post(users["member"], org_a, csv_bytes(TRAJECTORY_HEADER, closed_trajectories(2)))
    job = UploadJob.objects.get()
    assert mirror_upload_process(job_id=job.pk).status == JobStatus.DONE
    assert mirror_upload_process(job_id=job.pk) is None
    assert Upload.objects.count() == 1


@pytest.mark.parametrize(
    "bomb",
    [
        {"rows": 1_000_000},  # declares its million rows
        {"rows": 1_000_000, "dimension": False},  # hides them: it unpacks 300 times its size
        {"rows": 10, "declared": 1_000_000},  # claims a million
    ],
)
def test_an_xlsx_bomb_is_refused_at_once_without_parsing_it(users, org_a, bomb):
    data = xlsx_bomb(**bomb)
    started = time.monotonic()
    response = _post(users["member"], org_a, data, name="bom.xlsx")
    assert time.monotonic() - started < 5
    assert response.status_code == 400 and "Het bestand is geweigerd" in response.text
    assert ("rijen met gegevens" in response.text) or ("keer zijn grootte" in response.text)
    assert not UploadJob.objects.exists() and not DBTaskResult.objects.exists() and _incoming() == []


def test_more_rows_than_the_cap_are_refused_while_reading(users, org_a, settings):
    settings.MIRROR_MAX_ROWS = 5
    _post(users["member"], org_a, csv_bytes(TRAJECTORY_HEADER, closed_trajectories(6)))
    run_worker()
    job = UploadJob.objects.get()
    assert job.status == JobStatus.REFUSED and not Upload.objects.exists()
    assert job.problems == [
        "Het bestand heeft meer dan 5 rijen met gegevens. Splits het bestand op of lever alleen de gevraagde "
        "jaren aan."
    ]
    page = client_for(users["member"]).get(f"/spiegel/{org_a.pk}/aanlevering/bezig/{job.pk}/")
    assert "Het bestand is geweigerd" in page.text and "meer dan 5 rijen" in page.text
    assert "every 2s" not in page.text
    _post(users["member"], org_a, csv_bytes(TRAJECTORY_HEADER, closed_trajectories(5)))
    run_worker()
    assert Upload.objects.get().rows_read == 5


def test_an_ordinary_xlsx_passes_the_checks(users, org_a):
    data = xlsx_bytes(TRAJECTORY_HEADER, closed_trajectories(3))
    check_xlsx(data, max_rows=3)
    with pytest.raises(TableError):
        check_xlsx(data, max_rows=2)
    _post(users["member"], org_a, data, name="trajecten.xlsx")
    run_worker()
    assert Upload.objects.get().rows_read == 3


@pytest.mark.parametrize("role", ROLES)
def test_the_progress_page_is_the_members_own(users, org_a, org_b, role):
    _post(users["member"], org_a, csv_bytes(TRAJECTORY_HEADER, closed_trajectories(1)))
    job = UploadJob.objects.get()
    response = client_for(users[role]).get(f"/spiegel/{org_a.pk}/aanlevering/bezig/{job.pk}/")
    assert response.status_code == {"anonymous": 302, "member": 200, "outsider": 404}.get(role, 403)
    outsider = client_for(users["outsider"]).get(f"/spiegel/{org_b.pk}/aanlevering/bezig/{job.pk}/")
    assert outsider.status_code == 404  # another organisation's job under one's own organisation
