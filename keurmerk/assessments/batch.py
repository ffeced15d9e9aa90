"""The certificates of a year in one go: every awarded participation's certificate PDF, rendered
in parallel processes (one per core by default) and packed in one ZIP in the data directory. The
background worker runs it (`tasks.year_certificates`), and `manage.py certificates_render YEAR`
does the same from the command line. Each PDF is the one `/certificaat/<pk>/` serves
(`certificate_document`)."""

from __future__ import annotations

import multiprocessing
import os
import zipfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.utils import translation

from keurmerk.cycles.models import Participation, State
from keurmerk.lib.pdf import render_pdf

from .certificates import qr_png, verification_url

CHUNK = 50  # certificates per task handed to a process: few round trips, even spread


def certificate_filename(participation) -> str:
    return f"keurmerkcertificaat-{participation.cycle.year}-{participation.organisation.agb}.pdf"


def certificate_document(participation, certificate, request=None) -> bytes:
    """The certificate PDF of one awarded participation (the page's and the batch's)."""
    url = verification_url(certificate.code)
    context = {
        "participation": participation,
        "certificate": certificate,
        "url": url,
        "qr": qr_png(url),
        "scheme_owner": settings.SCHEME_OWNER,
    }
    return render_pdf("assessments/certificate_pdf.html", context, request)


def _awarded(year):
    return Participation.objects.filter(cycle__year=year, state=State.AWARDED, certificate__isnull=False)


def _render_chunk(ids: list[int]) -> list[tuple[str, bytes]]:
    """In a worker process: the PDFs of these participations (its own database connection)."""
    with translation.override(settings.LANGUAGE_CODE):
        rows = (
            Participation.objects.filter(pk__in=ids)
            .select_related("organisation", "cycle__framework", "certificate")
            .order_by("pk")
        )
        return [(certificate_filename(p), certificate_document(p, p.certificate)) for p in rows]


def _chunks(ids, size=CHUNK):
    return [ids[i : i + size] for i in range(0, len(ids), size)]


def year_certificates_zip(*, year: int, workers: int | None = None) -> tuple[Path, int]:
    """Render every certificate of `year` and pack them: (the ZIP's path, the number of PDFs).

    The processes are forked from this one after its database connections are closed, so that each
    opens its own (an in-memory SQLite database ignores the close: the children read their copy);
    with `workers=1`, or inside a transaction, everything runs here."""
    ids = list(_awarded(year).order_by("pk").values_list("pk", flat=True))
    workers = workers or os.cpu_count() or 1
    folder = Path(settings.DATA_DIR) / "certificaten"
    folder.mkdir(parents=True, exist_ok=True)
    target, partial = (
        folder / f"keurmerkcertificaten-{year}.zip",
        folder / f".keurmerkcertificaten-{year}.zip",
    )
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_STORED) as archive:
        for name, pdf in _rendered(_chunks(ids), workers):
            archive.writestr(name, pdf)
    partial.replace(target)  # a complete ZIP or none: never half a year
    return target, len(ids)


def _rendered(chunks, workers):
    # Inside a transaction the connection cannot be handed over (its uncommitted rows are not seen
    # by other connections): render here, one after another.
    if workers == 1 or len(chunks) <= 1 or connections["default"].in_atomic_block:
        for chunk in chunks:
            yield from _render_chunk(chunk)
        return
    connections.close_all()
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=connections.close_all
    ) as pool:
        for rendered in pool.map(_render_chunk, chunks):
            yield from rendered
