"""The audit log: append-only and keyed hash-chained; audit_verify names the first altered or
missing row, also when the hashes after it were recomputed or the head was rolled back."""

import hashlib
import hmac

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from keurmerk.audit import services as audit
from keurmerk.audit.actions import Action
from keurmerk.audit.checkpoints import checkpoint_write
from keurmerk.audit.models import AuditEvent, AuditHead, AuditLogError, Scheme

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
    return list(AuditEvent.objects.order_by("pk"))


def sql(statement, params):
    """Tampering behind the application's back, as someone with write access to the database."""
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def rewrite_from(rows, index, *, reason, rehash):
    """Change row `index` and recompute its hash and those of every later row with `rehash`,
    then move the head: everything an attacker can do with the database alone."""
    prev = rows[index - 1].hash if index else ""
    for position, row in enumerate(rows[index:]):
        event = AuditEvent.objects.get(pk=row.pk)
        event.prev_hash = prev
        if position == 0:
            event.reason = reason
        new_hash = rehash(event.payload())
        sql(
            "UPDATE audit_auditevent SET reason = %s, prev_hash = %s, hash = %s WHERE id = %s",
            [event.reason, prev, new_hash, event.pk],
        )
        prev = new_hash
    sql("UPDATE audit_audithead SET last_hash = %s WHERE id = 1", [prev])


def sha256(payload):
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def test_rows_are_chained_and_keyed(participation, users):
    rows = write_rows(participation, users["administrator"])
    assert all(row.scheme == Scheme.HMAC_SHA256 for row in rows)
    for before, after in zip(rows, rows[1:], strict=False):
        assert after.prev_hash == before.hash
        assert after.hash == after.compute_hash()
        assert after.hash != sha256(after.payload())  # keyed: not the plain hash of the content


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
    rows = write_rows(participation, users["administrator"], n=4)
    target = rows[-3]
    sql("UPDATE audit_auditevent SET reason = %s WHERE id = %s", ["vervalst", target.pk])
    with pytest.raises(CommandError, match=f"vanaf regel {target.pk} "):
        call_command("audit_verify")


def guessed_key(payload):
    return hmac.new(b"geraden sleutel", payload.encode("utf-8"), hashlib.sha256).hexdigest()


@pytest.mark.parametrize("rehash", [sha256, guessed_key], ids=["plain-sha256", "guessed-key"])
def test_a_rewritten_row_with_recomputed_hashes_is_named(participation, users, rehash):
    rows = write_rows(participation, users["administrator"], n=6)
    rewrite_from(rows, 2, reason="vervalst", rehash=rehash)
    assert AuditHead.objects.get().last_hash == AuditEvent.objects.last().hash  # a consistent forgery
    with pytest.raises(CommandError, match=f"^Auditlog gewijzigd vanaf regel {rows[2].pk} "):
        call_command("audit_verify")


def test_deleting_row_60_of_100_names_row_60(participation, users):
    rows = write_rows(participation, users["administrator"], n=100)
    sql("DELETE FROM audit_auditevent WHERE id = %s", [rows[59].pk])
    with pytest.raises(
        CommandError, match=f"^Auditlog gewijzigd vanaf regel {rows[59].pk}: regel {rows[59].pk} ontbreekt"
    ):
        call_command("audit_verify")


def test_a_deleted_last_row_is_noticed_by_the_head(participation, users):
    rows = write_rows(participation, users["administrator"], n=2)
    sql("DELETE FROM audit_auditevent WHERE id = %s", [rows[-1].pk])
    with pytest.raises(CommandError, match=f"ingekort: de nieuwste regel\\(s\\) na regel {rows[-2].pk} "):
        call_command("audit_verify")


def test_deleted_newest_rows_with_the_head_rolled_back_are_caught_by_the_checkpoint(participation, users):
    rows = write_rows(participation, users["administrator"], n=5)
    assert checkpoint_write() is not None
    sql("DELETE FROM audit_auditevent WHERE id >= %s", [rows[-2].pk])  # the newest two
    sql("UPDATE audit_audithead SET last_hash = %s WHERE id = 1", [rows[-3].hash])
    expected = f"teruggezet: regel {rows[-1].pk} stond in het controlepunt"
    with pytest.raises(CommandError, match=expected) as exc:
        call_command("audit_verify")
    assert f"eerste ontbrekende regel: {rows[-2].pk}." in str(exc.value)


def test_without_a_checkpoint_the_same_rollback_would_pass(participation, users, capsys):
    """Why the checkpoints exist: the database alone is consistent after a rollback."""
    rows = write_rows(participation, users["administrator"], n=5)
    sql("DELETE FROM audit_auditevent WHERE id >= %s", [rows[-2].pk])
    sql("UPDATE audit_audithead SET last_hash = %s WHERE id = 1", [rows[-3].hash])
    call_command("audit_verify")
    assert f"ongeschonden: {len(rows) - 2} regels en 0 controlepunten" in capsys.readouterr().out


def make_legacy_rows(participation, n):
    """A log as it was before the key existed: only rows of plain SHA-256 (`scheme` 1)."""
    sql("DELETE FROM audit_auditevent", [])
    AuditHead.objects.update_or_create(pk=1, defaults={"last_hash": ""})
    prev = ""
    for i in range(n):
        event = AuditEvent(
            at=participation.created_at,
            actor_label="systeem",
            action=Action.AGREEMENT_OFFERED,
            object_type="cycles.participation",
            object_id=str(participation.pk),
            participation=participation,
            organisation=participation.organisation,
            reason=f"oud {i}",
            prev_hash=prev,
            scheme=Scheme.SHA256,
        )
        event.hash = sha256(event.payload())
        event.save()
        prev = event.hash
    AuditHead.objects.filter(pk=1).update(last_hash=prev)


def test_rows_from_before_the_key_still_verify_and_the_chain_continues_keyed(participation, users, capsys):
    make_legacy_rows(participation, 3)
    write_rows(participation, users["administrator"], n=2)
    call_command("audit_verify")
    assert "ongeschonden: 5 regels" in capsys.readouterr().out
    assert list(AuditEvent.objects.values_list("scheme", flat=True)) == [1, 1, 1, 2, 2]


def test_an_unkeyed_row_after_keyed_rows_is_a_forgery(participation, users):
    rows = write_rows(participation, users["administrator"], n=3)
    event = AuditEvent.objects.get(pk=rows[1].pk)
    event.scheme, event.reason = Scheme.SHA256, "vervalst"
    sql(
        "UPDATE audit_auditevent SET scheme = 1, reason = %s, hash = %s WHERE id = %s",
        [event.reason, sha256(event.payload()), event.pk],
    )
    with pytest.raises(CommandError, match=f"^Auditlog gewijzigd vanaf regel {rows[1].pk} .*zonder sleutel"):
        call_command("audit_verify")


def test_a_rewritten_legacy_prefix_is_caught_by_a_checkpoint(participation, users):
    """Rows from before the key can be re-hashed without a key; a checkpoint still catches it."""
    make_legacy_rows(participation, 4)
    checkpoint_write()
    rows = list(AuditEvent.objects.order_by("pk"))
    rewrite_from(rows, 1, reason="vervalst", rehash=sha256)
    with pytest.raises(CommandError, match=f"regel {rows[-1].pk} .*wijkt af van het controlepunt"):
        call_command("audit_verify")
