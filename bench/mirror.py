"""Mirror report at national scale: importing one large file, recomputing a year, and DuckDB alone.

Run from the project root: `.venv/bin/python bench/mirror.py [--providers N] [--trajectories N] …`
Uses a fresh temporary SQLite database and data directory, so it never touches var/ or
DATABASE_URL. Generates a seeded national year, then prints:
  1. the time to import one provider's file of 100,000 rows through `services.mirror_upload`;
  2. the time to recompute every provider's indicators and the peer comparison for the year
     (`services.mirror_recompute_year`);
  3. the baseline: DuckDB alone computing the same aggregates (indicators per provider, the
     peer quantiles and percentile ranks) straight from the same Parquet files, and the ratio.
Prints figures only; it asserts nothing about timing.
"""

import argparse
import csv
import io
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parent.parent
YEAR = 2024


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--providers", type=int, default=1000)
    parser.add_argument("--trajectories", type=int, default=1_000_000)
    parser.add_argument("--cqi", type=int, default=200_000)
    parser.add_argument("--import-rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3, help="timed runs of each step (median shown)")
    parser.add_argument("--seed", type=int, default=7)
    return parser.parse_args()


def set_up_django(work):
    # Before django.setup(): settings read these once, at import.
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "keurmerk.settings"
    os.environ.pop("DATABASE_URL", None)
    os.environ["SQLITE_PATH"] = str(work / "bench.sqlite3")
    os.environ["KEURMERK_DATA_DIR"] = str(work / "data")
    os.environ["KEURMERK_MIRROR_DIR"] = str(work / "mirror")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def create_scheme(count):
    """The 2024 framework (target 540 minutes), `count` providers, 95% of them holders in YEAR."""
    from keurmerk.frameworks.services import framework_import
    from keurmerk.organisations.models import HeldMark, Organisation

    framework_import(text=(ROOT / "keurmerk/frameworks/data/keurmerk-2024.yaml").read_text(encoding="utf-8"))
    Organisation.objects.bulk_create(
        Organisation(name=f"Aanbieder {i:04d}", type="vrijgevestigd", kvk=f"3{i:07d}", agb=f"6{i:07d}")
        for i in range(count)
    )
    ids = list(Organisation.objects.order_by("pk").values_list("pk", flat=True))
    HeldMark.objects.bulk_create(
        HeldMark(organisation_id=pk, year=YEAR) for n, pk in enumerate(ids) if n % 20
    )
    return ids


TRAJECTORIES_SQL = """
SELECT CAST(ids[1 + hh(i, 'p', {seed}) % {n}] AS BIGINT) AS organisation_id,
       'T' || i AS traject_id,
       'C' || (hh(i, 'c', {seed}) % 800) AS client_id,
       start_date,
       CASE WHEN hh(i, 'o', {seed}) % 10 = 0 THEN NULL
            ELSE start_date + CAST(sessions * (7 + hh(i, 'w', {seed}) % 10) AS INTEGER) END AS end_date,
       CAST(sessions * (35 + hh(i, 'm', {seed}) % 25) AS INTEGER) AS direct_minutes,
       sessions,
       ['kort', 'middel', 'intensief', 'chronisch', NULL][1 + hh(i, 'f', {seed}) % 5] AS profile,
       ['UMAMI', 'ELEO', NULL][1 + hh(i, 'l', {seed}) % 3] AS label,
       CASE WHEN hh(i, 'r', {seed}) % 10 < 7 THEN CAST(50 + hh(i, 'a', {seed}) % 300 / 10.0 AS DECIMAL(18, 9)) END
           AS rom_pre_t,
       CASE WHEN hh(i, 'r', {seed}) % 10 < 6 THEN CAST(40 + hh(i, 'b', {seed}) % 300 / 10.0 AS DECIMAL(18, 9)) END
           AS rom_post_t
FROM (SELECT i, DATE '{start}' + CAST(hh(i, 's', {seed}) % 700 AS INTEGER) AS start_date,
             CAST(1 + hh(i, 'n', {seed}) % 20 AS INTEGER) AS sessions
      FROM range({rows}) t(i)), (SELECT ? AS ids)
"""
CQI_SQL = """
SELECT CAST(ids[1 + hh(i, 'p', {seed}) % {n}] AS BIGINT) AS organisation_id,
       'R' || i AS respondent_id,
       DATE '{start}' + CAST(hh(i, 'd', {seed}) % 730 AS INTEGER) AS date,
       CAST(5 + hh(i, 'g', {seed}) % 51 / 10.0 AS DECIMAL(18, 9)) AS rapportcijfer,
       {subscales}
FROM range({rows}) t(i), (SELECT ? AS ids)
"""


def generate_national_year(ids, args, mirror_dir):
    """Per-provider Parquet files in the store's layout, written by DuckDB in one go."""
    from keurmerk.mirror.indicators import CQI_SUBSCALES

    con = duckdb.connect()
    mirror_dir.mkdir(parents=True, exist_ok=True)
    con.execute("CREATE MACRO hh(a, b, c) AS CAST(hash(a, b, c) >> 1 AS BIGINT)")  # a seeded number ≥ 0
    subscales = ", ".join(
        f"CAST(1 + hh(i, '{name}', {args.seed}) % 41 / 10.0 AS DECIMAL(18, 9)) AS {name}"
        for name in CQI_SUBSCALES
    )
    common = {"seed": args.seed, "n": len(ids), "start": f"{YEAR - 1}-03-01"}
    for kind, sql in (
        ("trajectories", TRAJECTORIES_SQL.format(rows=args.trajectories, **common)),
        ("cqi", CQI_SQL.format(rows=args.cqi, subscales=subscales, **common)),
    ):
        staging = mirror_dir / f"staging-{kind}"
        con.execute(f"CREATE TABLE {kind} AS {sql}", [ids])
        con.execute(
            f"COPY {kind} TO '{staging}' (FORMAT parquet, PARTITION_BY (organisation_id), "
            "WRITE_PARTITION_COLUMNS true, OVERWRITE true)"
        )
        target = mirror_dir / kind
        target.mkdir(parents=True, exist_ok=True)
        for part in staging.iterdir():
            org_id = part.name.split("=", 1)[1]
            (part / "data_0.parquet").rename(target / f"{org_id}.parquet")
        shutil.rmtree(staging)
    con.close()


def import_file(rows, seed):
    """A 100,000-row trajectories CSV the way a provider would upload it (`;`, decimal commas)."""
    import random

    rng = random.Random(seed)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(
        [
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
    )
    for i in range(rows):
        day, month = rng.randint(1, 28), rng.randint(1, 12)
        sessions = rng.randint(1, 20)
        end = f"{min(28, day + 10):02d}-{month:02d}-{YEAR}" if rng.random() < 0.9 else ""
        pre = f"{rng.uniform(50, 80):.1f}".replace(".", ",") if rng.random() < 0.7 else ""
        post = f"{rng.uniform(40, 70):.1f}".replace(".", ",") if pre and rng.random() < 0.85 else ""
        writer.writerow(
            [
                f"B{i}",
                f"K{rng.randrange(rows)}",
                f"{YEAR}-{month:02d}-{day:02d}",
                end,
                sessions * rng.randint(35, 60),
                sessions,
                rng.choice(["kort", "middel", "intensief", "chronisch", ""]),
                rng.choice(["UMAMI", ""]),
                pre,
                post,
            ]
        )
    return buffer.getvalue().encode("utf-8")


def timed(function, runs):
    durations = []
    for _ in range(runs):
        start = time.perf_counter()
        result = function()
        durations.append(time.perf_counter() - start)
    return statistics.median(durations), result


BASELINE_SQL = """
WITH t AS (SELECT * FROM read_parquet('{trajectories}')),
closed AS (
    SELECT c.*, coalesce(s.start_date <= c.end_date + 365, false) AS returned
    FROM (SELECT * FROM t WHERE end_date BETWEEN DATE '{year}-01-01' AND DATE '{year}-12-31') c
    ASOF LEFT JOIN (SELECT organisation_id, client_id, start_date FROM t
                    WHERE start_date > DATE '{year}-01-01' AND start_date <= DATE '{next_year}-12-31') s
      ON c.organisation_id = s.organisation_id AND c.client_id = s.client_id AND c.end_date < s.start_date),
per AS (
    SELECT organisation_id, count(*) AS n_closed, avg(direct_minutes) AS direct_minutes_mean,
        quantile_cont(direct_minutes, 0.5) AS direct_minutes_median,
        100.0::DOUBLE * count(*) FILTER (WHERE direct_minutes <= {target}) / count(*) AS pct_within_target,
        100.0::DOUBLE * count(*) FILTER (WHERE sessions <= 2) / count(*) AS pct_two_or_fewer_sessions,
        100.0::DOUBLE * count(*) FILTER (WHERE returned) / count(*) AS pct_return_within_year,
        100.0::DOUBLE * count(*) FILTER (WHERE rom_pre_t IS NOT NULL AND rom_post_t IS NOT NULL) / count(*) AS pct_rom_complete,
        avg(rom_pre_t - rom_post_t) AS delta_t_mean, avg(rom_pre_t - rom_post_t) / 10 AS effect_size
    FROM closed GROUP BY organisation_id),
mix AS (SELECT organisation_id, coalesce(profile, 'onbekend') AS profile,
               100.0::DOUBLE * count(*) / sum(count(*)) OVER (PARTITION BY organisation_id) AS share
        FROM closed GROUP BY 1, 2),
cqi AS (SELECT organisation_id, count(*) AS cqi_n, avg(rapportcijfer) AS cqi_rapportcijfer_mean, {cqi_means}
        FROM read_parquet('{cqi}') WHERE date BETWEEN DATE '{year}-01-01' AND DATE '{year}-12-31' GROUP BY 1),
long AS (
    UNPIVOT (SELECT * FROM per) ON COLUMNS(* EXCLUDE organisation_id) INTO NAME key VALUE value
    UNION ALL BY NAME
    UNPIVOT (SELECT * FROM cqi) ON COLUMNS(* EXCLUDE organisation_id) INTO NAME key VALUE value),
peers AS (
    SELECT l.* FROM long l JOIN holders h USING (organisation_id)
    LEFT JOIN per p USING (organisation_id) LEFT JOIN cqi q USING (organisation_id)
    WHERE CASE WHEN l.key LIKE 'cqi_%' THEN q.cqi_n >= 10 ELSE p.n_closed >= 10 END),
distribution AS (
    SELECT key, count(*) AS n, quantile_cont(value, [0.25, 0.5, 0.75]) AS q FROM peers GROUP BY key),
ranks AS (
    SELECT organisation_id, key,
           100.0::DOUBLE * (rank() OVER w - 1 + 0.5 * count(*) OVER (PARTITION BY key, value)) / count(*) OVER (PARTITION BY key)
               AS percentile_rank
    FROM peers WINDOW w AS (PARTITION BY key ORDER BY value))
SELECT (SELECT count(*) FROM long), (SELECT count(*) FROM mix), (SELECT count(*) FROM ranks),
       (SELECT list(struct_pack(key := key, n := n, median := q[2]) ORDER BY key) FROM distribution)
"""


def baseline(mirror_dir, holders):
    """DuckDB alone: the same indicators, peer quantiles and ranks, straight from the files."""
    from keurmerk.mirror.indicators import CQI_SUBSCALES

    con = duckdb.connect()
    con.execute("CREATE TABLE holders AS SELECT unnest(?) AS organisation_id", [sorted(holders)])
    sql = BASELINE_SQL.format(
        trajectories=mirror_dir / "trajectories" / "*.parquet",
        cqi=mirror_dir / "cqi" / "*.parquet",
        year=YEAR,
        next_year=YEAR + 1,
        target=540,
        cqi_means=", ".join(f"avg({name}) AS cqi_{name}_mean" for name in CQI_SUBSCALES),
    )
    result = con.execute(sql).fetchone()
    con.close()
    return result


def compare(result):
    """Largest relative difference between DuckDB-alone medians and ours, and the n's agreeing."""
    from keurmerk.mirror.models import PeerStatistic

    ours = {p.key: p for p in PeerStatistic.objects.filter(year=YEAR)}
    worst, same_n = 0.0, True
    for item in result[3]:
        peer = ours.get(item["key"])
        same_n &= peer is not None and peer.n == item["n"]
        if peer is not None and item["median"] is not None:
            scale = max(abs(float(item["median"])), 1e-9)
            worst = max(worst, abs(peer.median - float(item["median"])) / scale)
    return worst, same_n


def main():
    args = parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-mirror-"))
    try:
        run(args, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def run(args, work):
    set_up_django(work)
    from django.conf import settings

    from keurmerk.mirror.models import IndicatorValue
    from keurmerk.mirror.selectors import peer_holders
    from keurmerk.mirror.services import mirror_recompute_year, mirror_upload
    from keurmerk.organisations.models import Organisation

    mirror_dir = work / "mirror"
    start = time.perf_counter()
    ids = create_scheme(args.providers)
    generate_national_year(ids, args, mirror_dir)
    data = import_file(args.import_rows, args.seed)
    mirror_recompute_year(year=YEAR)  # the database holds a year's figures before we measure
    print(
        f"national year {YEAR}: {args.providers} providers, {args.trajectories:,} trajectories, "
        f"{args.cqi:,} CQi responses (generated in {time.perf_counter() - start:.1f} s); "
        f"{os.cpu_count()} cores; median of {args.runs} runs; DEBUG={settings.DEBUG}"
    )

    organisation = Organisation.objects.get(pk=ids[0])
    seconds, upload = timed(
        lambda: mirror_upload(
            organisation=organisation, kind="trajectories", data=data, filename="groot.csv", user=None
        ),
        args.runs,
    )
    print(
        f"import one file of {upload.rows_read:,} rows ({len(data) / 1e6:.1f} MB CSV): {seconds:8.2f} s   (bar 5 s)"
    )

    seconds_ours, _rows = timed(lambda: mirror_recompute_year(year=YEAR), args.runs)
    count = IndicatorValue.objects.filter(year=YEAR).count()
    print(
        f"recompute year {YEAR} (all indicators + peers, {count:,} values): {seconds_ours:8.2f} s   (bar 15 s)"
    )

    holders = peer_holders(YEAR)
    seconds_base, result = timed(lambda: baseline(mirror_dir, holders), args.runs)
    print(f"baseline, DuckDB alone on the same files:             {seconds_base:8.2f} s")
    print(
        f"ratio ours / baseline:                                {seconds_ours / seconds_base:8.2f}     (bar 3)"
    )
    worst, same_n = compare(result)
    print(
        f"check: same peer counts as DuckDB alone: {'yes' if same_n else 'NO'}; "
        f"largest relative difference of a peer median: {worst:.1e}"
    )


if __name__ == "__main__":
    main()
