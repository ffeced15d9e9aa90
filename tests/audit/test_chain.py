"""The audit log: append-only and hash-chained; audit_verify names the first altered row."""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from keurmerk.audit import services as audit
from keurmerk.audit.actions import Action
from keurmerk.audit.models import AuditEvent, AuditLogError

ACTIONS = [Action.EXTENSION_GRANTED, Action.STATE_OVERRIDDEN, Action.AGREEMENT_SIGNED]


def write_rows(participation, user, n=3):
    for i in range(n):
        with transaction.atomic():
            audit.record(
                actor=user,
                action=ACTIONS[i % len(ACTIONS)],
                obj=participation,
                participation=participation,
                reason=f"r{i}",
            )


def test_rows_are_chained(participation, users):
    write_rows(participation, users["administrator"])
    rows = list(AuditEvent.objects.order_by("pk"))
    assert rows[0].prev_hash == ""  # the first row of the log starts the chain
    for before, after in zip(rows, rows[1:], strict=False):
        assert after.prev_hash == before.hash
        assert after.hash == after.compute_hash()


def test_rows_cannot_be_changed_or_deleted(participation, users):
    write_rows(participation, users["administrator"], n=1)
    event = AuditEvent.objects.last()
    event.reason = "anders"
    with pytest.raises(AuditLogError):
        event.save()
    with pytest.raises(AuditLogError):
        event.delete()
    with pytest.raises(AuditLogError):
        AuditEvent.objects.filter(pk=event.pk).update(reason="anders")
    with pytest.raises(AuditLogError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get(pk=event.pk).reason == "r0"


def test_audit_verify_passes_on_an_untouched_log(participation, users, capsys):
    write_rows(participation, users["administrator"])
    call_command("audit_verify")
    assert "ongeschonden" in capsys.readouterr().out


def test_audit_verify_names_the_first_altered_row(participation, users):
    write_rows(participation, users["administrator"], n=4)
    rows = list(AuditEvent.objects.order_by("pk"))
    target = rows[-3]
    with connection.cursor() as cursor:  # tampering behind the application's back
        cursor.execute("UPDATE audit_auditevent SET reason = %s WHERE id = %s", ["vervalst", target.pk])
    with pytest.raises(CommandError, match=f"regel {target.pk} "):
        call_command("audit_verify")


def test_audit_verify_notices_a_deleted_last_row(participation, users):
    write_rows(participation, users["administrator"], n=2)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [AuditEvent.objects.last().pk])
    with pytest.raises(CommandError, match="ingekort"):
        call_command("audit_verify")
