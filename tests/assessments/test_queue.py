"""The assessors' queue: assigning oneself or another assessor (and refusing a bad choice or an
outside `next` address), the overdue marking after the report due date, and the staff exports."""

import csv
import io

import openpyxl
import pytest
import time_machine
from django.contrib.messages import get_messages

from keurmerk.assessments import selectors
from keurmerk.assessments import services as assessing
from keurmerk.assessments.models import Assessment
from keurmerk.audit.models import AuditEvent
from tests.conftest import amsterdam, client_for, make_user

from .test_assessing import judge_all

QUEUE = "/staf/beoordelen/"


def assign_url(self_evaluation):
    return f"/staf/beoordelen/{self_evaluation.pk}/toewijzen/"


def assessor_of(self_evaluation):
    return (
        Assessment.objects.filter(self_evaluation=self_evaluation).values_list("assessor", flat=True).first()
    )


def texts(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_an_assessor_takes_one_from_the_queue(submitted, users):
    client = client_for(users["assessor"])
    assert "Zelf beoordelen" in client.get(QUEUE).text
    response = client.post(assign_url(submitted), {"self": "1"})
    assert response.status_code == 302 and response["Location"] == QUEUE
    assert texts(response) == ["Beoordelaar toegewezen."]
    assert assessor_of(submitted) == users["assessor"].pk
    event = AuditEvent.objects.get(action="assessor_assigned")
    assert event.actor == users["assessor"] and event.data == {"assessor": users["assessor"].pk}
    page = client.get(QUEUE).text
    assert "Zelf beoordelen" not in page and str(users["assessor"]) in page


def test_the_director_assigns_another_assessor_and_can_reassign(submitted, users):
    second = make_user("tweede@kibg.test", "assessor", last_name="Twee")
    director = client_for(users["director"])
    response = director.post(assign_url(submitted), {"assessor": users["assessor"].pk})
    assert response.status_code == 302 and assessor_of(submitted) == users["assessor"].pk
    director.post(assign_url(submitted), {"assessor": second.pk})
    assert assessor_of(submitted) == second.pk
    events = AuditEvent.objects.filter(action="assessor_assigned").order_by("pk")
    assert [(e.actor_id, e.data["assessor"]) for e in events] == [
        (users["director"].pk, users["assessor"].pk),
        (users["director"].pk, second.pk),
    ]


def test_the_assessment_page_offers_to_assign_another_and_comes_back(submitted, users):
    second = make_user("tweede@kibg.test", "assessor", last_name="Twee")
    client = client_for(users["director"])
    page = client.get(f"/staf/beoordelen/{submitted.pk}/").text
    assert f'action="{assign_url(submitted)}"' in page
    assert 'name="assessor"' in page and f'<option value="{second.pk}">' in page
    response = client.post(
        assign_url(submitted), {"assessor": second.pk, "next": f"/staf/beoordelen/{submitted.pk}/"}
    )
    assert response["Location"] == f"/staf/beoordelen/{submitted.pk}/"
    assert assessor_of(submitted) == second.pk
    assert f'<option value="{second.pk}" selected>' in client.get(f"/staf/beoordelen/{submitted.pk}/").text


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"assessor": ""},
        {"assessor": "abc"},
        {"assessor": "999999"},
        {"assessor": "MEMBER"},
        {"assessor": "INACTIVE"},
    ],
)
def test_a_bad_choice_changes_nothing_and_says_why(submitted, users, data):
    """A provider member, an inactive colleague, an unknown id or no choice at all: refused with a
    Dutch message naming the field; the assessor already assigned stays."""
    inactive = make_user("oud@kibg.test", "assessor", is_active=False)
    data = {k: {"MEMBER": users["member"].pk, "INACTIVE": inactive.pk}.get(v, v) for k, v in data.items()}
    client = client_for(users["director"])
    client.post(assign_url(submitted), {"assessor": users["assessor"].pk})
    events = AuditEvent.objects.count()
    client.get(QUEUE)  # shows (and so clears) the message of the first assignment
    response = client.post(assign_url(submitted), data)
    assert response.status_code == 302 and response["Location"] == QUEUE
    [message] = texts(response)
    assert (
        message.startswith("Beoordelaar: kies een beoordelaar uit de lijst") and "niets gewijzigd" in message
    )
    assert assessor_of(submitted) == users["assessor"].pk
    assert AuditEvent.objects.count() == events


def test_a_bad_choice_changes_nothing(submitted, users):
    events = AuditEvent.objects.count()
    client_for(users["director"]).post(assign_url(submitted), {"assessor": users["member"].pk})
    assert Assessment.objects.get(self_evaluation=submitted).assessor_id is None  # made on submission
    assert AuditEvent.objects.count() == events


def test_opening_the_assessment_writes_nothing(submitted, users):
    """The assessment is made when the self-evaluation is submitted, not by the GET that shows it."""
    assert Assessment.objects.filter(self_evaluation=submitted).count() == 1
    before = (Assessment.objects.count(), AuditEvent.objects.count())
    response = client_for(users["assessor"]).get(f"/staf/beoordelen/{submitted.pk}/")
    assert response.status_code == 200
    assert (Assessment.objects.count(), AuditEvent.objects.count()) == before


@pytest.mark.parametrize(
    "next_url",
    [
        "https://evil.example/",
        "//evil.example/staf/",
        "http://testserver.evil.example/",
        "javascript:alert(1)",
        "https:///evil.example",
        "\\\\evil.example",
    ],
)
@pytest.mark.parametrize("data", [{"self": "1"}, {"assessor": "abc"}])
def test_next_outside_this_site_is_ignored(submitted, users, next_url, data):
    response = client_for(users["assessor"]).post(assign_url(submitted), {**data, "next": next_url})
    assert response.status_code == 302 and response["Location"] == QUEUE


def test_next_on_this_site_is_followed(submitted, users):
    back = f"/staf/beoordelen/{submitted.pk}/"
    response = client_for(users["assessor"]).post(assign_url(submitted), {"self": "1", "next": back})
    assert response.status_code == 302 and response["Location"] == back
    assert assessor_of(submitted) == users["assessor"].pk


def test_no_assigning_after_the_report_is_sent(submitted, users):
    assessment = assessing.assessment_for(submitted)
    judge_all(assessment, users["assessor"])
    assessing.report_send(assessment=assessment, user=users["assessor"])
    response = client_for(users["director"]).post(assign_url(submitted), {"assessor": users["director"].pk})
    assert response.status_code == 302 and "rapportage is verstuurd" in texts(response)[0]
    assert assessor_of(submitted) is None


def _overdue_badges(client):
    return client.get(QUEUE).text.count("badge-overdue")


def test_overdue_after_the_first_report_due_date_until_sent(submitted, users):
    """The first report is due 16 February 2027 (cycle default); overdue from 17 February 0:00."""
    with time_machine.travel(amsterdam(2027, 2, 16, 23, 59, 59), tick=False):
        client = client_for(users["assessor"])
        assert [r["overdue"] for r in selectors.queue()] == [False]
        page = client.get(QUEUE).text
        assert "16 februari 2027" in page and "badge-overdue" not in page and "verlopen" not in page
    with time_machine.travel(amsterdam(2027, 2, 17, 0, 0, 1), tick=False):
        client = client_for(users["assessor"])
        assert [r["overdue"] for r in selectors.queue()] == [True]
        page = client.get(QUEUE).text
        assert _overdue_badges(client) == 1 and 'class="utrecht-table__row overdue"' in page
        assessment = assessing.assessment_for(submitted)
        judge_all(assessment, users["assessor"])
        assessing.report_send(assessment=assessment, user=users["assessor"])
        assert [r["overdue"] for r in selectors.queue()] == [False]  # sent late, but no longer waiting
        page = client.get(QUEUE).text
        assert "rapportage verstuurd" in page and "badge-overdue" not in page


EXPORT_HEADERS = [
    "organisatie",
    "kvk",
    "jaar",
    "ronde",
    "uitkomst",
    "verstuurd op",
    "door",
    "status deelname",
]


@pytest.fixture
def sent_not_qualified(submitted, users):
    assessment = assessing.assessment_for(submitted)
    judge_all(assessment, users["assessor"], not_met={"wachttijd-kort"})
    return assessing.report_send(assessment=assessment, user=users["assessor"])


def test_export_csv_has_the_header_and_one_row_per_report(sent_not_qualified, users):
    response = client_for(users["director"]).get("/staf/beoordelen/export.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"] == 'attachment; filename="beoordelingen.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == EXPORT_HEADERS
    [row] = rows[1:]
    assert row[:5] == ["Praktijk Amstel", "12345678", "2027", "1", "niet gekwalificeerd"]
    assert row[5].startswith("2026-11-16 ")  # sent while `during` holds time at 16 November 2026
    assert row[6:] == ["Assessor", "Nog niet gekwalificeerd"]


def test_export_xlsx_has_the_header_and_typed_cells(sent_not_qualified, users):
    response = client_for(users["assessor"]).get("/staf/beoordelen/export.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0] == EXPORT_HEADERS
    [row] = rows[1:]
    assert row[:5] == ["Praktijk Amstel", "12345678", 2027, 1, "niet gekwalificeerd"]  # kvk stays text
    assert row[5].startswith("2026-11-16 ") and row[6:] == ["Assessor", "Nog niet gekwalificeerd"]


def test_export_lists_only_sent_reports(submitted, users):
    assessing.assessment_for(submitted)
    rows = list(
        csv.reader(
            io.StringIO(
                client_for(users["director"]).get("/staf/beoordelen/export.csv").content.decode("utf-8-sig")
            ),
            delimiter=";",
        )
    )
    assert rows == [EXPORT_HEADERS]
