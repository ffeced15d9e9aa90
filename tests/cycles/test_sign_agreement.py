"""Signing the agreement (Fase 1 steps 2–3) and the other participation transitions of this phase."""

import datetime
import hashlib

import pytest
import time_machine

from keurmerk.audit.models import AuditEvent
from keurmerk.cycles.calendar import phase_open
from keurmerk.cycles.models import Extension, Participation, Phase, State
from keurmerk.cycles.services import (
    TransitionError,
    agreement_update,
    participation_grant_extension,
    participation_override,
    participation_sign_agreement,
)
from keurmerk.notifications.models import Notification
from tests.conftest import amsterdam

IN_WINDOW = amsterdam(2026, 10, 15, 10, 0)
AFTER_WINDOW = amsterdam(2026, 11, 1, 0, 0, 0)


def sign(participation, user, **kwargs):
    return participation_sign_agreement(
        participation=participation,
        user=user,
        signer_name=kwargs.get("name", "A. Jansen"),
        signer_role=kwargs.get("role", "Directeur"),
    )


@time_machine.travel(IN_WINDOW, tick=False)
def test_signing_records_signer_time_and_fingerprint(
    participation, users, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sign(participation, users["member"])
    p = Participation.objects.get(pk=participation.pk)
    version = p.cycle.agreement_versions.first()
    assert p.state == State.SIGNED
    assert (p.signer_name, p.signer_role, p.signed_by) == ("A. Jansen", "Directeur", users["member"])
    assert p.signed_at == IN_WINDOW
    assert p.agreement_fingerprint == hashlib.sha256(version.text.encode()).hexdigest()
    event = AuditEvent.objects.get(action="agreement_signed")
    assert (event.from_state, event.to_state, event.actor) == ("applied", "signed", users["member"])
    notification = Notification.objects.get(kind="agreement_signed")
    assert notification.email == users["member"].email


@time_machine.travel(IN_WINDOW, tick=False)
def test_fingerprint_is_of_the_version_signed(participation, users):
    agreement_update(cycle=participation.cycle, user=users["administrator"], text="Nieuwe tekst, versie 2.")
    sign(participation, users["member"])
    p = Participation.objects.get(pk=participation.pk)
    assert p.agreement_version.version == 2
    assert p.agreement_fingerprint == hashlib.sha256(b"Nieuwe tekst, versie 2.").hexdigest()


@time_machine.travel(IN_WINDOW, tick=False)
def test_signing_twice_is_refused(participation, users):
    sign(participation, users["member"])
    with pytest.raises(TransitionError, match="al ondertekend"):
        sign(participation, users["member"], name="Iemand anders")
    assert Participation.objects.get(pk=participation.pk).signer_name == "A. Jansen"
    assert AuditEvent.objects.filter(action="agreement_signed").count() == 1


@pytest.mark.parametrize("state", [s for s in State.values if s not in ("offered", "applied")])
@time_machine.travel(IN_WINDOW, tick=False)
def test_signing_from_any_later_state_is_refused(participation, users, state):
    Participation.objects.filter(pk=participation.pk).update(state=state)
    with pytest.raises(TransitionError):
        sign(participation, users["member"])
    assert Participation.objects.get(pk=participation.pk).state == state


@pytest.mark.parametrize("state", ["offered", "applied"])
@time_machine.travel(IN_WINDOW, tick=False)
def test_signing_from_offered_and_applied_is_allowed(participation, users, state):
    Participation.objects.filter(pk=participation.pk).update(state=state)
    sign(participation, users["member"])
    assert Participation.objects.get(pk=participation.pk).state == State.SIGNED


def test_signing_after_the_window_is_refused_unless_extended(participation, users):
    with time_machine.travel(amsterdam(2026, 10, 31, 23, 59, 59), tick=False):
        assert phase_open(participation, Phase.APPLICATION)  # the last second still counts
    with time_machine.travel(AFTER_WINDOW, tick=False):
        with pytest.raises(TransitionError, match="aanmeldperiode is gesloten"):
            sign(participation, users["member"])
        assert Participation.objects.get(pk=participation.pk).state == State.APPLIED
        participation_grant_extension(
            participation=participation,
            user=users["administrator"],
            phase="application",
            until=datetime.date(2026, 11, 7),
            reason="Ziekte van de praktijkhouder",
        )
        sign(participation, users["member"])
    assert Participation.objects.get(pk=participation.pk).state == State.SIGNED
    assert AuditEvent.objects.filter(
        action="extension_granted", reason="Ziekte van de praktijkhouder"
    ).exists()


@time_machine.travel(IN_WINDOW, tick=False)
def test_signer_name_and_role_are_required(participation, users):
    with pytest.raises(TransitionError, match="naam en de functie"):
        sign(participation, users["member"], name="  ", role="Directeur")
    assert Participation.objects.get(pk=participation.pk).state == State.APPLIED


def test_override_needs_a_reason_and_is_audited(participation, users):
    admin = users["administrator"]
    with pytest.raises(TransitionError, match="reden"):
        participation_override(participation=participation, user=admin, to_state="signed", reason=" ")
    participation_override(participation=participation, user=admin, to_state="withdrawn", reason="Op verzoek")
    assert Participation.objects.get(pk=participation.pk).state == State.WITHDRAWN
    event = AuditEvent.objects.get(action="state_overridden")
    assert (event.from_state, event.to_state, event.reason) == ("applied", "withdrawn", "Op verzoek")


def test_extension_needs_a_reason(participation, users):
    with pytest.raises(TransitionError, match="reden"):
        participation_grant_extension(
            participation=participation,
            user=users["administrator"],
            phase="application",
            until=datetime.date(2026, 11, 7),
            reason="",
        )
    assert not participation.extensions.exists()


# Who may take a step is checked by the service itself, not only by the views in front of it.


def unchanged(participation, audit_rows_before):
    """The refused step left the participation as it was and wrote no audit row."""
    p = Participation.objects.get(pk=participation.pk)
    assert (p.state, p.signed_at, p.signed_by, p.signer_name, p.agreement_fingerprint) == (
        State.APPLIED,
        None,
        None,
        "",
        "",
    )
    assert AuditEvent.objects.count() == audit_rows_before
    assert not AuditEvent.objects.filter(participation=participation).exists()
    assert not Extension.objects.exists()
    assert not Notification.objects.exists()


@pytest.mark.parametrize("role", ["outsider", "insurer", "assessor", "director", "administrator"])
@time_machine.travel(IN_WINDOW, tick=False)
def test_only_a_member_of_the_organisation_can_sign(participation, users, role):
    before = AuditEvent.objects.count()
    with pytest.raises(TransitionError, match="Alleen een medewerker van de GGZ-aanbieder zelf"):
        sign(participation, users[role])
    unchanged(participation, before)


@time_machine.travel(IN_WINDOW, tick=False)
def test_an_anonymous_user_cannot_sign(participation):
    from django.contrib.auth.models import AnonymousUser

    before = AuditEvent.objects.count()
    for user in (None, AnonymousUser()):
        with pytest.raises(TransitionError, match="Alleen een medewerker"):
            sign(participation, user)
    unchanged(participation, before)


@time_machine.travel(IN_WINDOW, tick=False)
def test_a_member_of_another_organisation_cannot_sign_even_a_signable_agreement(participation, users, org_b):
    """The outsider's own organisation also participates: membership there gives no right here."""
    Participation.objects.create(organisation=org_b, cycle=participation.cycle, state=State.APPLIED)
    before = AuditEvent.objects.count()
    with pytest.raises(TransitionError, match="Alleen een medewerker"):
        sign(participation, users["outsider"])
    unchanged(participation, before)


NOT_ADMINISTRATORS = ["member", "outsider", "insurer", "assessor", "director"]


@pytest.mark.parametrize("role", NOT_ADMINISTRATORS)
def test_only_an_administrator_can_override(participation, users, role):
    before = AuditEvent.objects.count()
    with pytest.raises(TransitionError, match="Alleen een beheerder kan een stap overschrijven"):
        participation_override(
            participation=participation, user=users[role], to_state="withdrawn", reason="Op verzoek"
        )
    unchanged(participation, before)


@pytest.mark.parametrize("role", NOT_ADMINISTRATORS)
def test_only_an_administrator_can_grant_an_extension(participation, users, role):
    before = AuditEvent.objects.count()
    with pytest.raises(TransitionError, match="Alleen een beheerder kan een verlenging toekennen"):
        participation_grant_extension(
            participation=participation,
            user=users[role],
            phase="application",
            until=datetime.date(2026, 11, 7),
            reason="Ziekte van de praktijkhouder",
        )
    unchanged(participation, before)


def test_anonymous_cannot_override_or_extend(participation):
    before = AuditEvent.objects.count()
    with pytest.raises(TransitionError, match="Alleen een beheerder"):
        participation_override(participation=participation, user=None, to_state="signed", reason="x")
    with pytest.raises(TransitionError, match="Alleen een beheerder"):
        participation_grant_extension(
            participation=participation,
            user=None,
            phase="application",
            until=datetime.date(2026, 11, 7),
            reason="x",
        )
    unchanged(participation, before)
