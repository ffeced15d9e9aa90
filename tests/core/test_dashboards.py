"""Each dashboard's figures equal counts straight from the database for a seeded cycle (several
states, overdue and due items), per role; every number links to the filtered list behind it, and
that list holds exactly the items counted."""

import datetime
import re

import pytest
from django.db.models import Q

from keurmerk.api.selectors import holder_changes
from keurmerk.complaints.models import Complaint
from keurmerk.core import dashboards
from keurmerk.cycles.calendar import holder_ids
from keurmerk.cycles.models import Participation, State
from keurmerk.lib.dates import end_of_day
from keurmerk.selfevaluations.models import SelfEvaluation
from tests.conftest import client_for

from .conftest import NOW, SIGNED_STEP, STATES, TODAY, record_step

pytestmark = pytest.mark.django_db
HORIZON = TODAY + datetime.timedelta(days=14)


def number_links(html):
    """{(aria-label or text): href} of every number on a dashboard."""
    pattern = r'<a class="utrecht-link dashboard-number" href="([^"]+)"(?: aria-label="([^"]+)")?>(\d+)</a>'
    return [(href.replace("&amp;", "&"), label, int(n)) for href, label, n in re.findall(pattern, html)]


def unsent_reports():
    return SelfEvaluation.objects.filter(status="submitted").filter(
        Q(assessment__isnull=True) | Q(assessment__report__isnull=True)
    )


def expected_report_counts():
    """Round-1 submissions are due on their cycle's first report day (the seed has no revision)."""
    unsent = unsent_reports().filter(round=1)
    overdue = sum(1 for se in unsent if NOW >= end_of_day(se.participation.cycle.first_report_due))
    soon = unsent.filter(participation__cycle__first_report_due__range=(TODAY, HORIZON)).count()
    return overdue, soon


def test_staff_dashboard_counts_per_state_equal_the_database(seeded, users):
    response = client_for(users["administrator"]).get("/staf/")
    assert response.status_code == 200
    cycle = seeded["cycle"]
    links = {label: (href, n) for href, label, n in number_links(response.text)}
    for value, label in State.choices:
        count = Participation.objects.filter(cycle=cycle, state=value).count()
        href, shown = links[f"{label}: {count}"]
        assert shown == count and href == f"/staf/processen/2027/?state={value}"
        listed = client_for(users["administrator"]).get(href)
        assert listed.status_code == 200 and listed.context["page"].paginator.count == count
    assert Participation.objects.filter(cycle=cycle).count() == len(STATES)
    assert f"{len(STATES)} deelnames" in response.text


def tally_of(dashboard, kind):
    return next(t for t in dashboard.tallies if t.kind == kind)


def test_dated_work_equals_the_database(seeded, users):
    dashboard = dashboards.staff_dashboard(users["administrator"])
    overdue, soon = expected_report_counts()
    reports = tally_of(dashboard, dashboards.REPORTS)
    assert (reports.overdue, reports.soon) == (overdue, soon) == (1, 5)
    open_complaints = list(Complaint.objects.filter(decided_at=None))
    take_in = tally_of(dashboard, dashboards.TAKE_IN)
    assert take_in.overdue == sum(c.take_in_overdue(NOW) for c in open_complaints) == 1
    assert take_in.soon == sum(
        not c.take_in_overdue(NOW) and c.take_in_due <= HORIZON for c in open_complaints
    )
    decide = tally_of(dashboard, dashboards.DECIDE)
    assert decide.overdue == sum(c.decision_overdue(NOW) for c in open_complaints) == 1
    assert decide.soon == 1
    consultations = tally_of(dashboard, dashboards.CONSULTATION)
    assert (consultations.overdue, consultations.soon) == (0, 1)
    assert [i.kind for i in dashboard.overdue] == [
        dashboards.TAKE_IN,
        dashboards.DECIDE,
        dashboards.REPORTS,
    ] or {i.kind for i in dashboard.overdue} == {dashboards.TAKE_IN, dashboards.DECIDE, dashboards.REPORTS}


def test_every_number_opens_the_list_of_what_it_counts(seeded, users):
    client = client_for(users["director"])
    html = client.get("/staf/").text
    tallies = [(href, n) for href, _label, n in number_links(html) if href.startswith("/staf/termijnen/")]
    assert len(tallies) == 8  # four kinds, overdue and due soon
    for href, n in tallies:
        listed = client.get(href)
        assert listed.status_code == 200, href
        assert len(listed.context["items"]) == n, href
        rows = listed.text.count('<tr class="utrecht-table__row') - 1
        assert rows == n if n else "Niets in deze lijst." in listed.text, href


def test_overdue_items_stand_out(seeded, users):
    html = client_for(users["administrator"]).get("/staf/").text
    assert "3 termijnen verlopen" in html
    section = html.split('id="overdue-heading"')[1].split("</section>")[0]
    assert section.count('class="utrecht-table__row overdue"') == 3
    assert seeded["overdue_report"].participation.organisation.name in section


def test_assessor_sees_their_own_assessments_with_deadlines(seeded, users):
    html = client_for(users["assessor"]).get("/staf/").text
    mine = html.split('id="mine-heading"')[1].split("</section>")[0]
    own = SelfEvaluation.objects.filter(assessment__assessor=users["assessor"])
    assert own.count() == 2
    for se in own:
        assert f"/staf/beoordelen/{se.pk}/" in mine
    assert mine.count("16 februari 2027") == 2
    assert 'id="decide-heading"' not in html


def test_director_sees_the_complaints_waiting_for_a_decision(seeded, users):
    html = client_for(users["director"]).get("/staf/").text
    section = html.split('id="decide-heading"')[1].split("</section>")[0]
    undecided = Complaint.objects.filter(decided_at=None)
    assert section.count("/klachten/") == undecided.count() == 2
    assert f"/klachten/{seeded['complaints']['decided'].pk}/" not in section
    assert 'id="mine-heading"' not in html


def test_administrator_sees_neither_personal_section(seeded, users):
    html = client_for(users["administrator"]).get("/staf/").text
    assert 'id="mine-heading"' not in html and 'id="decide-heading"' not in html


def test_a_bad_filter_answers_400_naming_the_field(seeded, users):
    response = client_for(users["assessor"]).get("/staf/termijnen/?soort=iets&wanneer=verlopen")
    assert response.status_code == 400
    assert "Soort:" in response.text


# -- public home --------------------------------------------------------------------------------------


def test_public_home_counts_the_current_holders_and_marks_today(seeded):
    response = client_for(None).get("/")
    assert response.status_code == 200
    holders = len(holder_ids(2027, TODAY))
    signed_like = Participation.objects.filter(
        cycle__year=2027, state__in=[State.SIGNED, State.SUBMITTED, State.WITHDRAWN]
    ).count()
    assert holders == signed_like == 10  # the withdrawal of 2027 takes effect on 1 April
    assert [(href, n) for href, _label, n in number_links(response.text)] == [("/register/", holders)]
    assert len(client_for(None).get("/register/").context["entries"]) == holders
    assert "vandaag 10 februari 2027" in response.text
    assert response.text.count('<tr class="utrecht-table__row') == 1 + 7  # header and the seven phases
    assert 'action="/register/"' in response.text and "/register/verify/" in response.text
    assert "/normen/2022/wijzigingen/" in response.text
    assert "/aanmelden/" not in response.text.split("<main")[1]  # the application is closed


def test_public_home_links_to_the_application_while_it_is_open(db, framework_2022, time_machine):
    from keurmerk.cycles.models import Cycle
    from keurmerk.cycles.services import handbook_dates
    from tests.conftest import amsterdam

    Cycle.objects.create(year=2027, framework=framework_2022, **handbook_dates(2027))
    time_machine.move_to(amsterdam(2026, 9, 15, 12), tick=False)
    main = client_for(None).get("/").text.split("<main")[1]
    assert "/aanmelden/" in main and "tot en met 31 oktober 2026" in main
    assert "<strong>nu</strong>" in main


# -- insurer home -------------------------------------------------------------------------------------


def test_insurer_home_lists_the_holders_of_the_purchasing_year(seeded, users):
    response = client_for(users["insurer"]).get("/verzekeraar/?jaar=2027")
    assert response.status_code == 200
    holders = response.context["holders"]
    assert len(holders) == len(holder_ids(2027, TODAY)) == 10
    assert [(href, n) for href, _l, n in number_links(response.text)] == [("#holders-table", len(holders))]
    assert response.text.split('id="holders-table"')[1].split("</table>")[0].count("<tr") == 1 + len(holders)
    withdrawn = next(h for h in holders if h.valid_until != datetime.date(2027, 12, 31))
    assert withdrawn.valid_until == datetime.date(2027, 3, 31)
    assert "31 maart 2027" in response.text and "1 januari 2027" in response.text


def test_insurer_home_shows_the_changes_since_a_date(seeded, users):
    participation = next(p for p in seeded["participations"] if p.state == State.SIGNED)
    record_step(participation, users["member"], *SIGNED_STEP)
    response = client_for(users["insurer"]).get("/verzekeraar/?jaar=2027&sinds=2027-02-01")
    changes = response.context["changes"]
    since = datetime.datetime(2027, 1, 31, 23, 0, tzinfo=datetime.UTC)
    assert len(changes) == len(holder_changes(since=since)) == 1
    assert changes[0]["kind_label"] == "Nieuwe keurmerkdrager"
    assert (
        "1 wijziging sinds 1 februari 2027" in response.text
        and participation.organisation.name in response.text
    )
    later = client_for(users["insurer"]).get("/verzekeraar/?jaar=2027&sinds=2027-02-11")
    assert later.context["changes"] == [] and "Geen wijzigingen sinds 11 februari 2027" in later.text


def test_insurer_home_refuses_a_bad_date_naming_the_field(seeded, users):
    response = client_for(users["insurer"]).get("/verzekeraar/?sinds=31-31-2027")
    assert response.status_code == 400
    assert "Wijzigingen sinds" in response.text and response.context["changes"] is None


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_insurer_export_has_every_holder_in_dutch_formats(seeded, users, fmt):
    import io

    from openpyxl import load_workbook

    response = client_for(users["insurer"]).get(f"/verzekeraar/keurmerkdragers.{fmt}?jaar=2027")
    assert response.status_code == 200
    if fmt == "csv":
        rows = [line.split(";") for line in response.content.decode("utf-8-sig").splitlines()]
    else:
        rows = [
            list(r) for r in load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)
        ]
    assert rows[0][:3] == ["AGB-code", "KvK-nummer", "naam"]
    assert len(rows) - 1 == len(holder_ids(2027, TODAY))
    assert {row[7] for row in rows[1:]} == {"nee"}


# -- provider start page ------------------------------------------------------------------------------


def test_start_page_shows_the_steps_done_and_to_come(seeded, users, org_a):
    cycle = seeded["cycle"]
    participation = Participation.objects.create(
        organisation=org_a, cycle=cycle, state=State.SIGNED, signed_at=NOW
    )
    record_step(participation, users["member"], *SIGNED_STEP)
    response = client_for(users["member"]).get("/start/")
    assert response.status_code == 200
    progress = response.context["cards"][0].progress
    done = participation.audit_events.exclude(to_state="").count()
    assert len(progress.done) == done == 1 and progress.done[0][0] == State.SIGNED.label
    assert [a.step.name for a in progress.to_come] == ["submit"]
    assert f"{State.SIGNED.label} – 10 februari 2027" in response.text
    assert "Vul de zelfevaluatie in en dien haar in" in response.text
    assert 'id="start-timeline-title"' in response.text


def test_start_page_shows_the_self_evaluation_per_norm(users, participation, time_machine):
    from keurmerk.cycles.models import State as S
    from keurmerk.selfevaluations import services
    from keurmerk.selfevaluations.models import Answer
    from tests.conftest import amsterdam

    time_machine.move_to(amsterdam(2026, 11, 15, 12), tick=False)
    Participation.objects.filter(pk=participation.pk).update(state=S.SIGNED)
    participation.refresh_from_db()
    se = services.self_evaluation_start(participation=participation, user=users["member"])
    first = Answer.objects.filter(self_evaluation=se).order_by("criterion__norm__position", "pk").first()
    Answer.objects.filter(self_evaluation=se, criterion__norm=first.criterion.norm).update(
        explanation="Zo doen wij dat.", number=600, urls=["https://www.amstel.example.nl/"]
    )
    response = client_for(users["member"]).get("/start/")
    norms = response.context["cards"][0].progress.norms
    assert len(norms) == se.participation.cycle.framework.norms.count()
    assert norms[0].done == norms[0].required > 0 and norms[0].percent == 100
    assert all(block.done == 0 for block in norms[1:] if block.required)
    assert f"{norms[0].done} van {norms[0].required}" in response.text
    assert f'id="norms-{participation.pk}-title"' in response.text


def test_own_assessments_and_undecided_complaints_are_listed_however_far_off(seeded, users):
    """A revision's report is due on 12 April: beyond the 14 days, yet the assessor's own."""
    from keurmerk.assessments.models import Assessment

    revision = seeded["evaluations"][2]
    SelfEvaluation.objects.filter(pk=revision.pk).update(round=2)
    Assessment.objects.create(self_evaluation=revision, assessor=users["assessor"])
    dashboard = dashboards.staff_dashboard(users["assessor"])
    assert [(i.name, i.due) for i in dashboard.mine if i.due > HORIZON] == [
        (revision.participation.organisation.name, datetime.date(2027, 4, 12))
    ]
    assert tally_of(dashboard, dashboards.REPORTS).soon == 4  # the revision is not due soon
    assert len(dashboard.to_decide) == Complaint.objects.filter(decided_at=None).count()


def test_every_kind_of_change_has_a_label():
    """The insurer home names each change the API lists, the change of year included."""
    from keurmerk.api.selectors import CHANGE_ORDER
    from keurmerk.core.dashboards import CHANGE_LABELS

    assert set(CHANGE_LABELS) == set(CHANGE_ORDER)
