"""Demo data for the mirror report: generated trajectories and CQi responses for every demo
organisation, for last year and the year before, uploaded through the same service as a member's
file. Seeded per AGB code, so every run generates the same figures. Idempotent: an organisation
that already has mirror data is left alone; with no organisations it does nothing."""

import csv
import datetime
import io
import random

from keurmerk.lib.dates import local_today
from keurmerk.organisations.models import Organisation

from . import store
from .formats import CQI_COLUMNS, TRAJECTORY_COLUMNS
from .indicators import CQI_SUBSCALES, LABELS, PROFILES
from .models import Kind, Upload
from .services import mirror_upload

PROFILE_WEIGHTS = [45, 30, 15, 10]


def load(stdout):
    year = local_today().year - 1
    loaded = 0
    for organisation in Organisation.objects.order_by("pk"):
        if _has_data(organisation):
            continue
        rng = random.Random(f"mirror-demo-{organisation.agb}")
        for kind, rows, columns in (
            (Kind.TRAJECTORIES, trajectories(rng, year), TRAJECTORY_COLUMNS),
            (Kind.CQI, cqi_responses(rng, year), CQI_COLUMNS),
        ):
            data = _csv([c.name for c in columns], rows)
            mirror_upload(organisation=organisation, kind=kind, data=data, filename="demo.csv", user=None)
        loaded += 1
    if loaded:
        stdout.write(
            f"Spiegelrapportage: gegenereerde gegevens {year - 1}–{year} voor {loaded} organisaties."
        )


def _has_data(organisation):
    return Upload.objects.filter(organisation=organisation).exists() or any(
        store.data_file(kind, organisation.pk).exists() for kind in store.KINDS
    )


def _csv(header, rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def _day(rng, year):
    return datetime.date(year, 1, 1) + datetime.timedelta(days=rng.randrange(365))


def _decimal(value):
    return f"{value:.1f}".replace(".", ",")


def trajectories(rng, year):
    """Two years of trajectories ending in `year - 1` and `year`; some clients come back."""
    rows = []
    for number in range(rng.randint(40, 140)):
        start = _day(rng, rng.choice([year - 1, year])) - datetime.timedelta(days=60)
        rows.append(_trajectory(rng, f"T{number:05d}", f"P{number:05d}", start, year))
        if rng.random() < 0.15 and rows[-1][3]:
            end = datetime.date.fromisoformat(rows[-1][3])
            again = end + datetime.timedelta(days=rng.randint(20, 420))
            if again <= datetime.date(year, 12, 31):
                rows.append(_trajectory(rng, f"T{number:05d}b", f"P{number:05d}", again, year))
    return rows


def _trajectory(rng, traject_id, client_id, start, year):
    sessions = max(1, min(30, int(rng.gammavariate(2.2, 4))))
    minutes = max(0, int(sessions * rng.gauss(46, 6)))
    end = start + datetime.timedelta(days=sessions * rng.randint(7, 16))
    if end > datetime.date(year, 12, 31) or rng.random() < 0.05:
        end = None
    pre = rng.gauss(64, 6) if rng.random() < 0.8 else None
    post = pre - rng.gauss(8, 5) if pre is not None and end and rng.random() < 0.8 else None
    profile = rng.choices(PROFILES + [""], weights=PROFILE_WEIGHTS + [8])[0]
    label = rng.choice(LABELS + ["", "", ""])
    return [
        traject_id,
        client_id,
        start.isoformat(),
        end.isoformat() if end else "",
        minutes,
        sessions,
        profile,
        label,
        _decimal(pre) if pre is not None else "",
        _decimal(post) if post is not None else "",
    ]


def cqi_responses(rng, year):
    rows = []
    for number in range(rng.randint(15, 70)):
        date = _day(rng, rng.choice([year - 1, year]))
        score = min(10.0, max(0.0, rng.gauss(8.1, 0.9)))
        subscales = [
            _decimal(min(5.0, max(1.0, rng.gauss(4.2, 0.5)))) if rng.random() < 0.9 else ""
            for _ in CQI_SUBSCALES
        ]
        rows.append([f"R{number:05d}", date.strftime("%d-%m-%Y"), _decimal(score), *subscales])
    return rows
