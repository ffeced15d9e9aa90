"""Item 9 of issue 11: the wording defects found walking every role's path."""

import datetime
import re

import pytest
import time_machine
from django.template.loader import render_to_string

from keurmerk.assessments.forms import VerdictForm
from keurmerk.assessments.services import participation_withdraw
from keurmerk.cycles.models import Participation, State
from keurmerk.notifications.models import Notification
from keurmerk.organisations.forms import LocationFormSet
from keurmerk.organisations.models import HeldMark
from tests.conftest import amsterdam, client_for

pytestmark = pytest.mark.django_db


def _field(field):
    return render_to_string("includes/field.html", {"field": field})


def test_a_verdict_says_when_it_is_needed_once():
    form = VerdictForm()
    assert "niet verplicht" not in _field(form["met"])
    html = _field(form["explanation"])
    assert (
        "Toelichting (verplicht bij ‘niet voldaan’)" in html and "niet verplicht)" not in html.split("’)")[1]
    )


def test_location_fields_are_not_marked_optional_when_one_location_is_required():
    formset = LocationFormSet(prefix="locations")
    for field in formset.forms[0]:
        assert "niet verplicht" not in _field(field)


def test_earlier_years_do_not_count_the_current_year(users, org_a):
    today = datetime.date.today()
    for year in (today.year - 2, today.year - 1, today.year):
        HeldMark.objects.create(organisation=org_a, year=year)
    html = client_for(users["member"]).get(f"/organisatie/{org_a.pk}/").text
    assert f"eerdere jaren: {today.year - 2}, {today.year - 1})" in html


def test_report_and_withdrawal_notice_have_no_double_punctuation(participation, users):
    html = render_to_string(
        "assessments/_report_body.html",
        {
            "report": {"qualified": True, "round": 1},
            "c": {
                "norms": [
                    {
                        "number": "1",
                        "subject": "S",
                        "met": True,
                        "criteria": [{"number": "7", "text": "samen beslissen over:", "met": True}],
                    }
                ]
            },
        },
    )
    assert "samen beslissen over:" in html and "::" not in html
    Participation.objects.filter(pk=participation.pk).update(state=State.SIGNED)
    participation.refresh_from_db()
    participation_withdraw(participation=participation, actor=None, reason="Geen zelfevaluatie ingediend.")
    body = Notification.objects.filter(user=users["member"]).latest("pk").body
    assert "ingediend." in body and ".." not in body
    assert re.search(r"met ingang van \d{1,2} [a-z]+ \d{4}", body)  # the pages' date style


def test_one_text_for_a_missing_toetsingskader():
    from pathlib import Path

    from django.conf import settings

    templates = Path(settings.BASE_DIR) / "keurmerk" / "templates"
    text = "\n".join(p.read_text(encoding="utf-8") for p in templates.rglob("*.html"))
    assert "(nog) geen toetsingskader" not in text
    assert "éénmalig" not in text and "Neem ik" not in text


def test_import_error_and_help_agree_on_how_years_are_separated():
    from keurmerk.organisations.importing import _check_format

    problems = _check_format(3, {"held_mark_years": "twintig"})
    assert any("gescheiden door een spatie, zoals 2020 2021" in p for p in problems)
    help_text = render_to_string("organisations/import.html", {})
    assert "gescheiden door een spatie, bijvoorbeeld 2020 2021" in help_text


@time_machine.travel(amsterdam(2026, 11, 3, 9), tick=False)
def test_a_passed_deadline_says_so_instead_of_uiterlijk_verlopen(participation, users):
    """The step closed with its phase: the start page says until when it could be taken (from
    `available_steps`), with no "Uiterlijk … verlopen" countdown."""
    html = client_for(users["member"]).get("/start/").text
    assert "Uiterlijk" not in html and "verlopen</span>" not in html
    assert "De aanmeldperiode is gesloten (tot en met 31 oktober 2026); ondertekenen kan niet meer." in html
