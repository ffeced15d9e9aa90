"""Item 7 of issue 11: no extension to a date in the past, and a granted extension can be revoked
(administrators only, with a reason, in the history); item 8: the history shows Dutch labels."""

import datetime
import re

import pytest
import time_machine

from keurmerk.audit.models import AuditEvent
from keurmerk.cycles.calendar import phase_open
from keurmerk.cycles.models import Extension, Participation, Phase, State
from keurmerk.cycles.services import (
    TransitionError,
    participation_grant_extension,
    participation_revoke_extension,
)
from tests.conftest import ROLES, amsterdam, client_for

pytestmark = pytest.mark.django_db
AFTER_WINDOW = amsterdam(2026, 11, 3, 10)  # the 2027 application window closed on 31 October


def grant(participation, users, until=datetime.date(2026, 11, 10)):
    return participation_grant_extension(
        participation=participation,
        user=users["administrator"],
        phase=Phase.APPLICATION,
        until=until,
        reason="Ziekte",
    )


@time_machine.travel(AFTER_WINDOW, tick=False)
def test_an_extension_to_a_past_date_is_refused(participation, users):
    with pytest.raises(TransitionError, match="ligt in het verleden"):
        grant(participation, users, until=datetime.date(2026, 11, 2))
    assert not Extension.objects.exists()
    assert not AuditEvent.objects.filter(action="extension_granted").exists()
    grant(participation, users, until=datetime.date(2026, 11, 3))  # today still counts
    assert Extension.objects.count() == 1


@time_machine.travel(AFTER_WINDOW, tick=False)
def test_the_page_names_the_field_of_a_past_date(participation, users):
    url = f"/staf/deelnames/{participation.pk}/verlenging/"
    response = client_for(users["administrator"]).post(
        url, {"phase": "application", "until": "2026-10-01", "reason": "Ziekte"}, follow=True
    )
    assert response.status_code == 200
    assert "‘Verlengd tot en met’ ligt in het verleden (1 oktober 2026)" in response.text
    assert not Extension.objects.exists()


@time_machine.travel(AFTER_WINDOW, tick=False)
def test_revoking_closes_the_phase_again_and_is_audited(participation, users):
    extension = grant(participation, users)
    assert phase_open(participation, Phase.APPLICATION)
    with pytest.raises(TransitionError, match="reden"):
        participation_revoke_extension(extension=extension, user=users["administrator"], reason=" ")
    participation_revoke_extension(extension=extension, user=users["administrator"], reason="Vergissing")
    assert not Extension.objects.exists()
    fresh = Participation.objects.get(pk=participation.pk)
    assert not phase_open(fresh, Phase.APPLICATION)
    event = AuditEvent.objects.get(action="extension_revoked")
    assert event.reason == "Vergissing" and event.data == {"phase": "application", "until": "2026-11-10"}


@time_machine.travel(AFTER_WINDOW, tick=False)
@pytest.mark.parametrize("role", ROLES)
def test_only_an_administrator_revokes_through_the_page(participation, users, role):
    extension = grant(participation, users)
    url = f"/staf/deelnames/{participation.pk}/verlenging/{extension.pk}/intrekken/"
    response = client_for(users[role]).post(url, {"reason": "Vergissing"})
    expected = {
        "anonymous": 302,
        "member": 403,
        "outsider": 403,
        "insurer": 403,
        "assessor": 403,
        "director": 403,
        "administrator": 302,
    }[role]
    assert response.status_code == expected, role
    assert Extension.objects.exists() == (role != "administrator")
    assert AuditEvent.objects.filter(action="extension_revoked").exists() == (role == "administrator")


@time_machine.travel(AFTER_WINDOW, tick=False)
def test_revoking_without_a_reason_changes_nothing(participation, users):
    extension = grant(participation, users)
    url = f"/staf/deelnames/{participation.pk}/verlenging/{extension.pk}/intrekken/"
    response = client_for(users["administrator"]).post(url, {"reason": ""}, follow=True)
    assert "Geef een reden voor het intrekken van de verlenging." in response.text
    assert Extension.objects.count() == 1


@time_machine.travel(AFTER_WINDOW, tick=False)
def test_an_extension_of_another_participation_answers_404(participation, users, cycle, org_b):
    other = Participation.objects.create(organisation=org_b, cycle=cycle, state=State.APPLIED)
    extension = grant(other, users)
    url = f"/staf/deelnames/{participation.pk}/verlenging/{extension.pk}/intrekken/"
    assert client_for(users["administrator"]).post(url, {"reason": "x"}).status_code == 404
    assert Extension.objects.count() == 1


@time_machine.travel(AFTER_WINDOW, tick=False)
def test_history_shows_labels_not_codes(participation, users):
    admin = users["administrator"]
    extension = grant(participation, users)
    participation_revoke_extension(extension=extension, user=admin, reason="Vergissing")
    from keurmerk.cycles.services import participation_override

    participation_override(participation=participation, user=admin, to_state=State.SIGNED, reason="Papier")
    html = client_for(admin).get(f"/staf/deelnames/{participation.pk}/").text
    history = html.split("Geschiedenis")[1].split("</table>")[0]
    for label in (
        "Termijn verlengd",
        "Verlenging ingetrokken",
        "Status overschreven",
        "Aangemeld → Overeenkomst getekend",
        "3 november 2026",
    ):
        assert label in history, label
    text = re.sub(r"<[^>]+>", " ", history)
    for code in ("extension_granted", "extension_revoked", "state_overridden", "applied", "signed"):
        assert not re.search(rf"\b{code}\b", text), code
