"""Mirror-report fixtures: a private data directory per test and small files written by hand."""

import csv
import io

import pytest
from openpyxl import Workbook

TRAJECTORY_HEADER = [
    "traject_id",
    "client_id",
    "start_date",
    "end_date",
    "direct_minutes",
    "sessions",
    "profile",
    "label",
    "rom_pre_t",
    "rom_post_t",
]
CQI_HEADER = ["respondent_id", "date", "rapportcijfer", "bejegening", "bereikbaarheid"]


@pytest.fixture(autouse=True)
def mirror_dir(settings, tmp_path):
    settings.MIRROR_DATA_DIR = tmp_path / "mirror"
    return settings.MIRROR_DATA_DIR


def csv_bytes(header, rows, sep=",", bom=False):
    """A CSV as a spreadsheet writes it: a value holding the separator (`60,5` in a `,` file) is quoted."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=sep, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(["" if v is None else str(v) for v in row] for row in rows)
    return (("\ufeff" if bom else "") + buffer.getvalue()).encode("utf-8")


def xlsx_bytes(header, rows):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def trajectory(tid, client, start, end, minutes=100, sessions=3, profile="", label="", pre="", post=""):
    return [tid, client, start, end or "", minutes, sessions, profile, label, pre, post]


def closed_trajectories(n, year=2024, minutes=100, prefix="t"):
    """n closed trajectories in `year`, each for its own client."""
    return [
        trajectory(f"{prefix}{i}", f"{prefix}c{i}", f"{year}-01-01", f"{year}-06-01", minutes)
        for i in range(n)
    ]


def upload(organisation, rows, *, kind="trajectories", header=None, user=None, **options):
    from keurmerk.mirror.services import mirror_upload

    header = header or (TRAJECTORY_HEADER if kind == "trajectories" else CQI_HEADER)
    data = csv_bytes(header, rows, **options)
    return mirror_upload(organisation=organisation, kind=kind, data=data, filename="test.csv", user=user)


def values(organisation, year):
    from keurmerk.mirror.models import IndicatorValue

    return dict(
        IndicatorValue.objects.filter(organisation=organisation, year=year).values_list("key", "value")
    )


def make_providers(count, *, start=0):
    """`count` organisations with unique KvK and AGB codes."""
    from tests.conftest import make_organisation

    return [
        make_organisation(f"Aanbieder {i:03d}", f"5{i:07d}", f"7{i:07d}") for i in range(start, start + count)
    ]


def hold(organisations, year):
    from keurmerk.organisations.models import HeldMark

    for organisation in organisations:
        HeldMark.objects.get_or_create(organisation=organisation, year=year)


def run_worker():
    """Work off the background queue with django-tasks-db's own worker, task by task as
    `manage.py db_worker --batch` does, but without its polling loop: that closes the connection
    between rounds, which inside a test's transaction on PostgreSQL ends the test's connection (the
    command itself is tested in tests/security/test_database_timeouts.py)."""
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult

    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    while (result := DBTaskResult.objects.ready().order_by("enqueued_at").first()) is not None:
        result.claim("test-worker")
        worker.run_task(result)
