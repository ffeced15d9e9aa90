"""The e-mail copy of an audit checkpoint: a second place outside the database (the director's
mailbox) where the chain head is kept, when `KEURMERK_AUDIT_CHECKPOINT_EMAIL` is set."""

from django.conf import settings
from django.utils.translation import gettext as _

from keurmerk.notifications.services import notify

from .checkpoints import Checkpoint


def notify_checkpoint(*, checkpoint: Checkpoint) -> None:
    """Queue the checkpoint line for the configured address; once per checkpoint (dedupe key)."""
    if not settings.AUDIT_CHECKPOINT_EMAIL:
        return
    notify(
        email=settings.AUDIT_CHECKPOINT_EMAIL,
        kind="audit_checkpoint",
        dedupe_key=f"audit-checkpoint:{checkpoint.id}:{checkpoint.hash}",
        subject=_("Controlepunt auditlog: regel %(id)s") % {"id": checkpoint.id},
        body=_(
            "Bewaar dit controlepunt van het auditlog buiten het platform. Met "
            "`manage.py audit_verify` wordt het gecontroleerd.\n\n%(line)s"
        )
        % {"line": checkpoint.line()},
    )
