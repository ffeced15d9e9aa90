"""Writing the audit log. Services of every app call `record`; nothing else writes audit rows."""

from django.db import models, transaction
from django.utils import timezone

from .actions import Action
from .models import AuditEvent, AuditHead


def record(
    *,
    actor,
    action: Action,
    obj: models.Model | None,
    reason: str = "",
    from_state: str = "",
    to_state: str = "",
    participation=None,
    organisation=None,
    data: dict | None = None,
) -> AuditEvent:
    """Append one audit row chained to the previous one. Must run inside the caller's transaction.

    `action` is a member of the one vocabulary (`Action`); an unknown action is refused, so that
    every row of the log has a Dutch label.
    """
    assert transaction.get_connection().in_atomic_block, "audit.record runs inside the service's transaction"
    action = Action(action)
    AuditHead.objects.get_or_create(pk=1)
    head = AuditHead.objects.select_for_update().get(pk=1)
    if participation is not None and organisation is None:
        organisation = participation.organisation
    event = AuditEvent(
        at=timezone.now(),
        actor=actor if actor and actor.is_authenticated else None,
        actor_label=_label(actor),
        action=action.value,
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


def _label(actor) -> str:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return "systeem"
    return f"{actor} <{actor.email}>"
