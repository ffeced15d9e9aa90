"""Writing and verifying the audit log. Services call `record`; nothing else writes audit rows."""

from django.db import transaction
from django.utils import timezone

from .models import AuditEvent, AuditHead


def record(
    *,
    actor,
    action,
    obj,
    reason="",
    from_state="",
    to_state="",
    participation=None,
    organisation=None,
    data=None,
):
    """Append one audit row chained to the previous one. Must run inside the caller's transaction."""
    assert transaction.get_connection().in_atomic_block, "audit.record runs inside the service's transaction"
    head, _ = AuditHead.objects.get_or_create(pk=1)
    head = AuditHead.objects.select_for_update().get(pk=1)
    if participation is not None and organisation is None:
        organisation = participation.organisation
    event = AuditEvent(
        at=timezone.now(),
        actor=actor if actor and actor.is_authenticated else None,
        actor_label=_label(actor),
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj else "",
        organisation=organisation,
        participation=participation,
        from_state=from_state or "",
        to_state=to_state or "",
        reason=reason or "",
        data=data or {},
        prev_hash=head.last_hash,
    )
    event.hash = event.compute_hash()
    event.save()
    head.last_hash = event.hash
    head.save(update_fields=["last_hash"])
    return event


def _label(actor):
    if actor is None or not getattr(actor, "is_authenticated", False):
        return "systeem"
    return f"{actor} <{actor.email}>"


def verify():
    """Walk the log in order; return (True, count) or (False, first altered row)."""
    prev = ""
    count = 0
    for event in AuditEvent.objects.order_by("pk").iterator(chunk_size=2000):
        if event.prev_hash != prev or event.compute_hash() != event.hash:
            return False, event
        prev = event.hash
        count += 1
    head = AuditHead.objects.filter(pk=1).first()
    if head and head.last_hash != prev:
        return False, None
    return True, count
