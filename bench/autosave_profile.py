"""One autosave request profiled: where its time goes, and its SQL queries.

    .venv/bin/python bench/autosave_profile.py                  # 500 saves under cProfile
    .venv/bin/python bench/autosave_profile.py --saves 2000 --top 30

Uses `keurmerk.settings` with DEBUG off and a fresh SQLite database in a temporary directory
(`SQLITE_PATH`; `DATABASE_URL` is ignored) or, with `--db postgres`, the PostgreSQL database
`bench_autosave` on 127.0.0.1 (created and dropped, as `autosave_load.py` does), seeds one member exactly as `autosave_load.py` does,
and sends the saves through Django's WSGI handler (the whole middleware stack, the session and
authentication included) without a network in between. Prints the queries of one save, the
mean time per save, and the cProfile summary grouped by the part of the request it belongs to.
"""

import argparse
import cProfile
import io
import json
import os
import pstats
import secrets
import shutil
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote_plus

sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parent.parent)]
import autosave_load  # noqa: E402  (the seed and the environment of the load benchmark)

# Parts of the request, as (label, file suffix, function): their cumulative times under cProfile.
PARTS = [
    ("session (load)", "sessions/backends/cached_db.py", "load"),
    ("session (load)", "sessions/backends/db.py", "load"),
    ("access check (answer query)", "selfevaluations/access.py", "get_answer_to_autosave"),
    ("authentication (user)", "contrib/auth/__init__.py", "get_user"),
    ("access check (answer query)", "selfevaluations/access.py", "get_answer_for_member"),
    ("form", "django/forms/forms.py", "is_valid"),
    ("the write (service)", "selfevaluations/services.py", "answer_save"),
    ("response", "selfevaluations/views.py", "_saved"),
    ("view", "selfevaluations/views.py", "answer_save"),
    ("whole request (WSGI handler)", "core/handlers/base.py", "get_response"),
]


def _request(client, text, version):
    body = f"version={version}&explanation={quote_plus(text)}"
    if client.described:
        body += f"&described={quote_plus(client.described)}"
    return client.post(
        f"/zelfevaluatie/antwoord/{client.answer}/",
        body,
        content_type="application/x-www-form-urlencoded",
        HTTP_HX_REQUEST="true",
        HTTP_X_CSRFTOKEN=client.csrf,
        secure=True,  # DEBUG off redirects plain http to https
        HTTP_REFERER="https://127.0.0.1/",
    )


def _client(seeded):
    from django.test import Client

    client = Client(enforce_csrf_checks=True, HTTP_HOST="127.0.0.1")
    client.cookies["sessionid"] = seeded["session"]
    client.cookies["csrftoken"] = seeded["csrf"]
    client.answer, client.csrf, client.described = seeded["answer"], seeded["csrf"], seeded.get("described")
    return client


def _save_all(client, saves, version):
    for n in range(saves):
        response = _request(client, f"Opslag {n}. {autosave_load.FILLER}", version)
        if response.status_code != 200:
            raise SystemExit(f"save {n} answered {response.status_code}: {response.content[:300]!r}")
        version = int(response["X-Answer-Version"])
    return version


def _print_queries(client, version):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as context:
        _save_all(client, 1, version)
    print(f"SQL queries of one save: {len(context.captured_queries)}")
    for query in context.captured_queries:
        print(f"  {float(query['time']) * 1000:6.2f} ms  {query['sql'][:140]}")
    return version + 1


def _parts(stats):
    totals = {}
    for (filename, _line, name), (_cc, _nc, _tottime, cumtime, _callers) in stats.stats.items():
        for label, suffix, function in PARTS:
            if filename.endswith(suffix) and name == function:
                totals[label] = totals.get(label, 0.0) + cumtime
    return totals


def _print_parts(stats, saves):
    totals = _parts(stats)
    whole, view = totals.get("whole request (WSGI handler)", 0.0), totals.get("view", 0.0)
    user = totals.get("authentication (user)", 0.0)
    totals["access check (answer query)"] = totals.get("access check (answer query)", 0.0) - user
    totals["middleware (incl. session, outside the view)"] = whole - view
    for label, seconds in totals.items():
        print(f"  {label:<46} {seconds / saves * 1000:6.2f} ms  {seconds / whole * 100:5.1f} %")


def profile(saves, top):
    import django

    django.setup()
    from django.core.management import call_command

    out = Path(os.environ["KEURMERK_DATA_DIR"]) / "clients.json"
    autosave_load.seed(1, out)
    call_command("createcachetable", verbosity=0)
    client = _client(json.loads(out.read_text(encoding="utf-8"))[0])
    version = _save_all(client, 20, 0)  # warm-up: templates, translations, connection
    for _ in range(3):
        version = _print_queries(client, version)
    started = time.perf_counter()
    version = _save_all(client, saves, version)
    print(
        f"{saves} saves through the WSGI handler: {(time.perf_counter() - started) / saves * 1000:.2f} ms per save"
    )
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    _save_all(client, saves, version)
    profiler.disable()
    elapsed = time.perf_counter() - started
    print(f"{saves} saves through the WSGI handler: {elapsed / saves * 1000:.2f} ms per save under cProfile")
    stats = pstats.Stats(profiler)
    _print_parts(stats, saves)
    stream = io.StringIO()
    pstats.Stats(profiler, stream=stream).sort_stats("cumulative").print_stats(top)
    print(stream.getvalue())


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--saves", type=int, default=500)
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="bench-autosave-profile-"))
    os.environ.update(autosave_load._environment(args.db, workdir))
    os.environ["DJANGO_SECRET_KEY"] = "bench-" + secrets.token_hex(24)
    if args.db == "postgres":
        autosave_load._psql("DROP DATABASE IF EXISTS bench_autosave", "CREATE DATABASE bench_autosave")
    try:
        profile(args.saves, args.top)
    finally:
        if args.db == "postgres":
            from django.db import connections

            connections.close_all()
            autosave_load._psql("DROP DATABASE IF EXISTS bench_autosave WITH (FORCE)")
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
