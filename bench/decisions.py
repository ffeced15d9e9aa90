"""Decision documents and the register at scale: report and certificate PDFs, a year's certificates.

Run from the project root: `.venv/bin/python bench/decisions.py [--report-runs N] [--certificate-runs N]
[--register-runs N] [--holders N]`. Uses a fresh temporary SQLite database, private media, data and
mirror directory, so it never touches var/ or DATABASE_URL. Builds the 2027 cycle with `--holders`
holders (one through the self-evaluation and the assessment, with a sent Keurmerkrapportage; the
others awarded directly), then prints:
  1. the report PDF `/rapportage/<pk>/pdf/` as a signed-in member: median and p95;
  2. the certificate PDF `/certificaat/<pk>/` as the same member: median and p95;
  3. every certificate of the year rendered once with `render_pdf`: total and mean per certificate;
     then the same year as the background task makes it (parallel processes, one ZIP): total;
  4. the public register `/register/` and `/register.json` on 1 June 2027, anonymous: median, p95
     and the SQL queries of one render.
Prints figures only; it asserts nothing about timing.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import time_machine
from _common import ROOT, count_queries, get_ok, p95, positive_int, time_renders  # noqa: E402

YEAR = 2027
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
DURING_SELFEVALUATION = datetime(YEAR - 1, 11, 16, 10, tzinfo=AMSTERDAM)
REGISTER_DAY = datetime(YEAR, 6, 1, 12, tzinfo=AMSTERDAM)
BAR_MS = 1000  # issue 5: report PDF and certificate PDF each under 1 s median
PLACES = ["Utrecht", "Amsterdam", "Rotterdam", "Den Haag", "Groningen", "Eindhoven", "Zwolle", "Maastricht"]
EXPLANATION = (
    "Wij voldoen hieraan: het team bespreekt dit elke maand, legt de afspraken vast in het "
    "kwaliteitshandboek en evalueert ze jaarlijks met de cliëntenraad. Op onze website staat hoe "
    "cliënten en verwijzers dit terugvinden."
)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--report-runs", type=positive_int, default=10, help="renders of /rapportage/<pk>/pdf/ (default 10)"
    )
    parser.add_argument(
        "--certificate-runs", type=positive_int, default=10, help="renders of /certificaat/<pk>/ (default 10)"
    )
    parser.add_argument(
        "--register-runs",
        type=positive_int,
        default=20,
        help="renders of /register/ and of /register.json (default 20)",
    )
    parser.add_argument(
        "--holders", type=positive_int, default=1000, help="holders in the 2027 register (default 1000)"
    )
    return parser.parse_args()


def set_up_django(work):
    # Before django.setup(): settings read these once, at import.
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "keurmerk.settings"
    os.environ.pop("DATABASE_URL", None)  # the fresh SQLite file, even where PostgreSQL is configured
    os.environ["SQLITE_PATH"] = str(work / "bench.sqlite3")
    os.environ["KEURMERK_DATA_DIR"] = str(work / "data")
    os.environ["KEURMERK_PRIVATE_MEDIA"] = str(work / "private")
    os.environ["KEURMERK_MIRROR_DIR"] = str(work / "mirror")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def import_framework_2022():
    from keurmerk.frameworks.services import framework_import

    text = (ROOT / "keurmerk" / "frameworks" / "data" / "keurmerk-2022.yaml").read_text(encoding="utf-8")
    framework, _created = framework_import(text=text)
    return framework


def create_user(email, role):
    from keurmerk.accounts.models import User

    return User.objects.create_user(username=email, email=email, password="bench-keurmerk-123", role=role)


def create_cycle(admin, framework):
    from keurmerk.cycles.services import cycle_create, handbook_dates

    return cycle_create(user=admin, year=YEAR, framework=framework, dates=handbook_dates(YEAR))


def create_report(cycle, member, assessor):
    """One organisation's way to the mark: signed, self-evaluation filled in and submitted (16 November),
    every criterion judged 'met', the Keurmerkrapportage sent (which awards the certificate)."""
    from keurmerk.assessments.services import assessment_for, report_send, verdict_save
    from keurmerk.cycles.models import Participation, State
    from keurmerk.frameworks.models import Criterion
    from keurmerk.organisations.models import Location, Membership, Organisation
    from keurmerk.selfevaluations.models import Answer
    from keurmerk.selfevaluations.services import self_evaluation_start, self_evaluation_submit

    organisation = Organisation.objects.create(
        name="Praktijk Bench",
        type="vrijgevestigd",
        kvk="90000001",
        agb="91000001",
        website="https://praktijk-bench.example.nl",
    )
    Location.objects.create(
        organisation=organisation, address="Straat 1", postcode="3511 AB", place="Utrecht"
    )
    Membership.objects.create(user=member, organisation=organisation)
    participation = Participation.objects.create(organisation=organisation, cycle=cycle, state=State.SIGNED)
    with time_machine.travel(DURING_SELFEVALUATION, tick=True):
        self_evaluation = self_evaluation_start(participation=participation, user=member)
        Answer.objects.filter(self_evaluation=self_evaluation).update(
            explanation=EXPLANATION, number=600, urls=["https://praktijk-bench.example.nl/werkwijze"]
        )
        self_evaluation_submit(
            self_evaluation=self_evaluation,
            user=member,
            filled_in_by="Anna Bench, GZ-psycholoog",
            reviewer_name="Dr. B. Behandelaar",
        )
        self_evaluation.refresh_from_db()
        assessment = assessment_for(self_evaluation)
        for criterion in Criterion.objects.filter(norm__framework=cycle.framework):
            verdict_save(
                assessment=assessment, criterion=criterion, user=assessor, met=True, explanation="", version=0
            )
        report = report_send(assessment=assessment, user=assessor)
    participation.refresh_from_db()
    if participation.state != State.AWARDED:
        raise SystemExit(f"the report's participation is {participation.state}, not awarded.")
    return report, participation


def create_holders(cycle, admin, count):
    """`count` organisations (bulk), each qualified in the cycle and then awarded one by one through
    `participation_award`, which issues the certificate and records the held mark."""
    from keurmerk.assessments.services import participation_award
    from keurmerk.cycles.models import Participation, State
    from keurmerk.organisations.models import Location, Organisation

    organisations = Organisation.objects.bulk_create(
        Organisation(
            name=f"Benchpraktijk {i:04d}",
            type="vrijgevestigd",
            kvk=f"1{i:07d}",
            agb=f"2{i:07d}",
            website=f"https://benchpraktijk-{i:04d}.example.nl",
        )
        for i in range(count)
    )
    ids = [organisation.pk for organisation in organisations]  # set by bulk_create on SQLite and PostgreSQL
    Location.objects.bulk_create(
        Location(organisation_id=pk, address="Straat 1", postcode="3511 AB", place=PLACES[n % len(PLACES)])
        for n, pk in enumerate(ids)
    )
    Participation.objects.bulk_create(
        Participation(organisation_id=pk, cycle=cycle, state=State.QUALIFIED) for pk in ids
    )
    for participation in Participation.objects.filter(cycle=cycle, state=State.QUALIFIED).select_related(
        "organisation", "cycle"
    ):
        participation_award(participation=participation, actor=admin)


def print_times(url, runs, durations, bar=""):
    print(
        f"{url:<22} runs={runs:<3} median={statistics.median(durations):8.1f} ms"
        f"  p95={p95(durations):8.1f} ms{bar}"
    )


def render_all_certificates(cycle, member):
    """Every certificate of the cycle once, with the context `assessments.views.certificate_pdf` builds
    and a request like the view's (so the context processors, e.g. the scheme owner, are applied)."""
    from django.test import RequestFactory

    from keurmerk.assessments.certificates import qr_png, verification_url
    from keurmerk.cycles.models import Participation, State
    from keurmerk.lib.pdf import render_pdf

    factory = RequestFactory()
    start = time.perf_counter()
    participations = Participation.objects.filter(cycle=cycle, state=State.AWARDED).select_related(
        "organisation", "cycle__framework", "certificate"
    )
    count, size = 0, 0
    for participation in participations.order_by("pk"):
        request = factory.get(f"/certificaat/{participation.pk}/")
        request.user = member
        certificate = participation.certificate
        url = verification_url(certificate.code)
        context = {"participation": participation, "certificate": certificate, "url": url, "qr": qr_png(url)}
        size += len(render_pdf("assessments/certificate_pdf.html", context, request))
        count += 1
    return count, time.perf_counter() - start, size


def render_year_batch():
    """(certificates, seconds, processes): the year's ZIP through `year_certificates_zip`."""
    from keurmerk.assessments.batch import year_certificates_zip

    workers = os.cpu_count() or 1
    start = time.perf_counter()
    _path, count = year_certificates_zip(year=YEAR, workers=workers)
    return count, time.perf_counter() - start, workers


def main():
    args = parse_args()
    with tempfile.TemporaryDirectory(prefix="keurmerk-bench-") as tmp:
        set_up_django(Path(tmp))
        from django.conf import settings
        from django.test import Client

        from keurmerk.frameworks.models import Criterion

        framework = import_framework_2022()
        admin = create_user("beheer@bench.test", "administrator")
        assessor = create_user("beoordelaar@bench.test", "assessor")
        member = create_user("lid@bench.test", "provider")
        cycle = create_cycle(admin, framework)
        criteria = Criterion.objects.filter(norm__framework=framework).count()

        start = time.perf_counter()
        report, participation = create_report(cycle, member, assessor)
        seconds_report = time.perf_counter() - start
        start = time.perf_counter()
        create_holders(cycle, admin, args.holders - 1)
        seconds_holders = time.perf_counter() - start
        print(
            f"setup: {framework.name} ({framework.norms.count()} norms, {criteria} criteria), cycle {YEAR}; "
            f"1 report through self-evaluation and assessment ({seconds_report:.1f} s); "
            f"{args.holders - 1} more holders awarded one by one ({seconds_holders:.1f} s); DEBUG={settings.DEBUG}"
        )

        client = Client()
        client.force_login(member)
        bar = f"   (bar: median under {BAR_MS} ms)"
        for url, runs in (
            (f"/rapportage/{report.pk}/pdf/", args.report_runs),
            (f"/certificaat/{participation.pk}/", args.certificate_runs),
        ):
            print_times(url, runs, time_renders(client, url, runs), bar)

        count, seconds, size = render_all_certificates(cycle, member)
        print(
            f"all {count} certificates of {YEAR}, render_pdf one after another: {seconds:.1f} s in total, "
            f"{seconds / count * 1000:.1f} ms per certificate ({size / 1e6:.1f} MB of PDF)"
        )
        batch_count, batch_seconds, workers = render_year_batch()
        print(
            f"all {batch_count} certificates of {YEAR} as the background task makes them "
            f"(assessments.batch, {workers} processes, one ZIP): {batch_seconds:.1f} s in total   (bar: under 30 s); "
            f"{seconds / batch_seconds:.2f}x the one-after-another run above"
        )

        anonymous = Client()
        with time_machine.travel(REGISTER_DAY, tick=True):
            listed = len(get_ok(anonymous, "/register.json").json()["holders"])
            print(f"register on {REGISTER_DAY:%d-%m-%Y}: {listed} holders listed")
            for url in ("/register/", "/register.json"):
                print_times(url, args.register_runs, time_renders(anonymous, url, args.register_runs))
            queries = {url: count_queries(anonymous, url) for url in ("/register/", "/register.json")}
        print(
            f"SQL queries for one render of /register/: {queries['/register/']}; "
            f"of /register.json: {queries['/register.json']}"
        )


if __name__ == "__main__":
    main()
