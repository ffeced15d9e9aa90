"""How long the public 2022 framework takes to render, as a page and as a PDF.

Run from the project root: `.venv/bin/python bench/framework_render.py [--page-runs N] [--pdf-runs N]`
(or `make bench`). Uses a fresh temporary SQLite database, so it never touches var/ or DATABASE_URL.
Prints figures only; it asserts nothing about timing.
"""

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path

from _common import ROOT, count_queries, p95, positive_int, time_renders  # noqa: E402


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--page-runs", type=positive_int, default=20, help="renders of /normen/2022/ (default 20)"
    )
    parser.add_argument(
        "--pdf-runs", type=positive_int, default=10, help="renders of /normen/2022/pdf/ (default 10)"
    )
    return parser.parse_args()


def set_up_django(sqlite_path):
    # Before django.setup(): settings read these once, at import.
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "keurmerk.settings"
    os.environ.pop("DATABASE_URL", None)  # the fresh SQLite file, even where PostgreSQL is configured
    os.environ["SQLITE_PATH"] = str(sqlite_path)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def import_framework_2022():
    from keurmerk.frameworks.services import framework_import

    text = (ROOT / "keurmerk" / "frameworks" / "data" / "keurmerk-2022.yaml").read_text(encoding="utf-8")
    framework, _created = framework_import(text=text)
    return framework


def main():
    args = parse_args()
    with tempfile.TemporaryDirectory(prefix="keurmerk-bench-") as tmp:
        set_up_django(Path(tmp) / "bench.sqlite3")
        from django.conf import settings
        from django.test import Client

        framework = import_framework_2022()
        client = Client()
        page_url, pdf_url = "/normen/2022/", "/normen/2022/pdf/"
        print(f"framework: {framework.name} ({framework.norms.count()} norms); DEBUG={settings.DEBUG}")
        for url, runs in ((page_url, args.page_runs), (pdf_url, args.pdf_runs)):
            durations = time_renders(client, url, runs)
            print(
                f"{url:<20} runs={runs:<3} median={statistics.median(durations):8.1f} ms"
                f"  p95={p95(durations):8.1f} ms"
            )
        print(f"SQL queries for one render of {page_url}: {count_queries(client, page_url)}")


if __name__ == "__main__":
    main()
