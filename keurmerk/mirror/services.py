"""The steps of the mirror report: upload, delete, recompute, and the peer comparison.

Norm 4 (2022) and norm 2a (2024) ask providers to reflect on their treatment data with target
values and the comparison with other holders. Raw rows go to Parquet files (`store.py`), never
to this database; DuckDB computes the indicators (`engine.py`); the figures are stored here.
"""

import logging

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.files.uploadedfile import UploadedFile
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from keurmerk.audit import services as audit
from keurmerk.audit.actions import Action
from keurmerk.lib import tabular
from keurmerk.lib.tabular import TableError
from keurmerk.organisations.models import Organisation

from . import engine, store
from .formats import UploadRefused
from .indicators import CQI_KEYS, NUMERIC_KEYS, PROFILE_PREFIX, TRAJECTORY_KEYS, distribution
from .models import IndicatorValue, JobStatus, Kind, PeerStatistic, Upload, UploadJob
from .selectors import peer_holders, target_minutes_by_year, values_of_year

BATCH = 5000
log = logging.getLogger(__name__)


def _kind_filter(kind):
    if kind == Kind.TRAJECTORIES:
        return Q(key__in=TRAJECTORY_KEYS) | Q(key__startswith=PROFILE_PREFIX)
    return Q(key__in=CQI_KEYS)


def _compute(con, kind, files, year=None):
    if kind == Kind.TRAJECTORIES:
        return engine.trajectory_indicators(con, files=files, targets=target_minutes_by_year(), year=year)
    return engine.cqi_indicators(con, files=files, year=year)


def _read_upload(*, organisation, kind, data, temp):
    """Check the file and write it to `temp`; (rows read, ignored columns, per year, new values)."""
    with store.work_dir() as work:
        con = engine.connect()
        try:
            rows_read, present, ignored = engine.load_upload(con, kind=kind, data=data, work=work)
            engine.check_upload(con, kind=kind, present=present)
            engine.write_parquet(con, kind=kind, organisation_id=organisation.pk, path=temp)
            per_year = engine.counts_per_year(con, kind=kind, path=temp)
            values = {(y, k): v for _org, y, k, v in _compute(con, kind, [str(temp)])}
        finally:
            con.close()
    return rows_read, ignored, per_year, values


def mirror_upload(*, organisation, kind, data, filename, user):
    """A provider supplies its trajectories or CQi responses (DATA.md, Files).

    The file is checked as a whole: with any problem, or any identifying data, it is refused and
    nothing changes (raises `formats.UploadRefused`). Otherwise it replaces the provider's previous
    file of that kind, its indicators are recomputed and the peer comparison of the affected
    years is refreshed, all as one transaction. Returns the `Upload` with its summary.
    """
    target = store.data_file(kind, organisation.pk)
    temp = store.temp_path_beside(target)
    try:
        rows_read, ignored, per_year, values = _read_upload(
            organisation=organisation, kind=kind, data=data, temp=temp
        )
        with store.FileSwap({target: temp}) as swap, transaction.atomic():
            _lock(organisation)
            swap.apply()
            old = _stored_values(organisation, kind)
            summary = _summary(kind, rows_read, ignored, per_year, old, values)
            upload = Upload.objects.create(
                organisation=organisation,
                kind=kind,
                filename=filename[:255],
                uploaded_by=user,
                rows_read=rows_read,
                summary=summary,
            )
            # audit.record takes the log's lock: concurrent uploads refresh the peers one by one.
            audit.record(
                actor=user,
                action=Action.MIRROR_DATA_UPLOADED,
                obj=upload,
                organisation=organisation,
                data={"kind": kind, "rows_read": rows_read},
            )
            _replace_values(organisation, kind, values)
            peers_refresh(years={y for y, _k in old} | {y for y, _k in values})
    finally:
        store.remove_temp(temp)
    return upload


@transaction.atomic
def mirror_upload_queue(
    *, organisation: Organisation, kind: str, file: UploadedFile, user: AbstractBaseUser
) -> UploadJob:
    """A provider hands in a file; the background worker reads it (`mirror_upload_process`).

    A spreadsheet that would unpack too large or declares too many rows is refused here at once
    (raises `formats.UploadRefused`, nothing is kept). Otherwise the file waits under the mirror
    data directory and the job is queued in the same transaction (the database queue commits or
    rolls back with it). Returns the job the progress page follows."""
    if tabular._is_xlsx(file):
        try:
            tabular.check_xlsx(file, max_rows=settings.MIRROR_MAX_ROWS)
        except TableError as exc:
            raise UploadRefused(exc.problems)
    from .tasks import process_upload

    file.seek(0)
    incoming = store.save_incoming(file.chunks())
    try:
        job = UploadJob.objects.create(
            organisation=organisation,
            kind=kind,
            filename=file.name[:255],
            incoming=incoming,
            uploaded_by=user,
        )
        process_upload.enqueue(job.pk)
    except BaseException:
        store.remove_incoming(incoming)
        raise
    return job


def mirror_upload_process(*, job_id: int) -> UploadJob | None:
    """The worker reads a queued upload (`mirror_upload`) and records the outcome on the job.

    Runs once per job: a job that is no longer queued is left alone. The waiting file is removed
    whatever the outcome."""
    started = UploadJob.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, started_at=timezone.now()
    )
    job = UploadJob.objects.select_related("organisation", "uploaded_by").filter(pk=job_id).first()
    if not started or job is None:
        return None
    outcome = {"status": JobStatus.DONE}
    try:
        data = store.incoming_path(job.incoming).read_bytes()
        outcome["upload"] = mirror_upload(
            organisation=job.organisation,
            kind=job.kind,
            data=data,
            filename=job.filename,
            user=job.uploaded_by,
        )
    except UploadRefused as refused:
        outcome = {"status": JobStatus.REFUSED, "problems": refused.problems, "total": refused.total}
    except Exception:
        log.exception("Mirror upload job %s failed", job_id)
        outcome = {"status": JobStatus.FAILED}
    finally:
        store.remove_incoming(job.incoming)
    UploadJob.objects.filter(pk=job_id).update(finished_at=timezone.now(), **outcome)
    job.refresh_from_db()
    return job


def mirror_delete_all(*, organisation, user):
    """The provider removes all its mirror data: both files, its indicators and its upload
    summaries; the peer comparison of the affected years is refreshed. One confirmed action."""
    targets = {store.data_file(kind, organisation.pk): None for kind in store.KINDS}
    with store.FileSwap(targets) as swap, transaction.atomic():
        _lock(organisation)
        swap.apply()
        years = set(IndicatorValue.objects.filter(organisation=organisation).values_list("year", flat=True))
        audit.record(
            actor=user,
            action=Action.MIRROR_DATA_DELETED,
            obj=organisation,
            organisation=organisation,
            data={"years": sorted(years)},
        )
        IndicatorValue.objects.filter(organisation=organisation).delete()
        Upload.objects.filter(organisation=organisation).delete()
        peers_refresh(years=years)
    return sorted(years)


def mirror_recompute_year(*, year):
    """Recompute every provider's indicators of `year` from the files, and the peer comparison.

    Deterministic: the same files (and the same target value and holders) give the same figures.
    """
    with transaction.atomic():
        # Holding every organisation's lock keeps uploads from swapping files while we read them.
        known = set(Organisation.objects.select_for_update().values_list("pk", flat=True))
        con = engine.connect()
        try:
            rows = _compute(con, Kind.TRAJECTORIES, store.all_files("trajectories"), year)
            rows += _compute(con, Kind.CQI, store.all_files("cqi"), year)
        finally:
            con.close()
        IndicatorValue.objects.filter(year=year).delete()
        _insert_values([row for row in rows if row[0] in known])
        peers_refresh(years=[year])
    return len(rows)


def peers_refresh(*, years):
    """Recompute the peer distributions of `years` from the stored indicators (DATA.md, Peer
    comparison). Runs inside the caller's transaction."""
    for year in sorted(years):
        values = values_of_year(year)
        holders = peer_holders(year)
        statistics = []
        for key in NUMERIC_KEYS:
            ids, ordered, figures = distribution(values, holders, key)
            if figures["n"]:
                statistics.append(
                    PeerStatistic(year=year, key=key, values=ordered, organisation_ids=ids, **figures)
                )
        PeerStatistic.objects.filter(year=year).delete()
        PeerStatistic.objects.bulk_create(statistics)


def _lock(organisation):
    Organisation.objects.select_for_update().get(pk=organisation.pk)


def _stored_values(organisation, kind):
    rows = IndicatorValue.objects.filter(_kind_filter(kind), organisation=organisation)
    return {(year, key): value for year, key, value in rows.values_list("year", "key", "value")}


def _replace_values(organisation, kind, values):
    IndicatorValue.objects.filter(_kind_filter(kind), organisation=organisation).delete()
    _insert_values([(organisation.pk, year, key, value) for (year, key), value in values.items()])


def _insert_values(rows):
    """Insert (organisation id, year, key, value) rows in one statement per batch.

    A national recompute writes some 25,000 rows; building model instances for bulk_create took
    most of its time (bench/mirror.py), so this goes straight to the cursor.
    """
    table = connection.ops.quote_name(IndicatorValue._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(c) for c in ("organisation_id", "year", "key", "value"))
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            cursor.executemany(
                f"INSERT INTO {table} ({columns}) VALUES (%s, %s, %s, %s)",  # noqa: S608 - names from the model
                rows[start : start + BATCH],
            )


def _summary(kind, rows_read, ignored, per_year, old, new):
    """What the summary page shows; JSON-friendly (years as numbers in lists)."""
    changed = [
        {"year": year, "key": key, "old": old.get((year, key)), "new": new.get((year, key))}
        for year, key in sorted(set(old) | set(new))
        if old.get((year, key)) != new.get((year, key))
    ]
    return {
        "kind": str(kind),
        "rows_read": rows_read,
        "per_year": [[year, count] for year, count in sorted(per_year.items())],
        "ignored_columns": ignored,
        "changed": changed,
    }
