"""`tick` writes the head of the audit chain to an append-only file outside the database (only when
it moved), optionally e-mails it, and `audit_verify` checks the rows against every checkpoint."""

import json

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from keurmerk.audit import services as audit
from keurmerk.audit.actions import Action
from keurmerk.audit.checkpoints import read_checkpoints
from keurmerk.audit.models import AuditEvent
from keurmerk.notifications.models import Notification


def record_one(participation, user):
    with transaction.atomic():
        return audit.record(
            actor=user, action=Action.STATE_OVERRIDDEN, obj=participation, participation=participation
        )


def test_tick_appends_the_head_only_when_it_moved(participation, users, audit_checkpoints):
    first = record_one(participation, users["administrator"])
    call_command("tick")
    call_command("tick")  # nothing new: no second line
    second = record_one(participation, users["administrator"])
    call_command("tick")
    lines = audit_checkpoints.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["id"] for line in lines] == [first.pk, second.pk]
    assert json.loads(lines[-1])["hash"] == AuditEvent.objects.get(pk=second.pk).hash
    assert audit_checkpoints.stat().st_mode & 0o777 == 0o600
    assert [c.id for c in read_checkpoints()] == [first.pk, second.pk]


def test_tick_on_an_empty_log_writes_no_checkpoint(db, audit_checkpoints):
    call_command("tick")
    assert not audit_checkpoints.exists()


def test_the_checkpoint_is_emailed_once_when_configured(participation, users, settings):
    settings.AUDIT_CHECKPOINT_EMAIL = "directeur@example.org"
    event = record_one(participation, users["administrator"])
    call_command("tick")
    call_command("tick")
    sent = Notification.objects.filter(kind="audit_checkpoint")
    assert [(n.email, str(event.pk) in n.subject, event.hash in n.body) for n in sent] == [
        ("directeur@example.org", True, True)
    ]


def test_without_an_address_nothing_is_emailed(participation, users):
    record_one(participation, users["administrator"])
    call_command("tick")
    assert not Notification.objects.filter(kind="audit_checkpoint").exists()


def test_audit_verify_counts_and_checks_the_checkpoints(participation, users, capsys):
    record_one(participation, users["administrator"])
    call_command("tick")
    record_one(participation, users["administrator"])
    call_command("tick")
    call_command("audit_verify")
    assert "en 2 controlepunten gecontroleerd" in capsys.readouterr().out


def test_a_damaged_checkpoint_file_is_named_by_its_line(participation, users, audit_checkpoints):
    record_one(participation, users["administrator"])
    call_command("tick")
    with audit_checkpoints.open("a", encoding="utf-8") as handle:
        handle.write("geen json\n")
    with pytest.raises(CommandError, match="audit-checkpoints.log, regel 2: geen geldig controlepunt"):
        call_command("audit_verify")
