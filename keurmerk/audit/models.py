"""The append-only, keyed hash-chained audit log (moved from `cycles`; the tables were renamed in the
migrations of this app, the rows kept).

Each row's hash covers its content and the previous row's hash. Rows written since the key exists
use HMAC-SHA256 keyed with `settings.AUDIT_KEY` (never in the database); the rows written before
(`scheme` 1, plain SHA-256) stay as they were and are verified as they were written: rewriting
history to re-key them would destroy the very evidence the chain is for.
"""

import hashlib
import hmac
import json

from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .actions import Action


class AuditLogError(Exception):
    pass


class AuditQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AuditLogError("Audit rows cannot be changed.")

    def delete(self):
        raise AuditLogError("Audit rows cannot be deleted.")


class Scheme(models.IntegerChoices):
    SHA256 = 1, _("SHA-256 (van vóór de sleutel)")
    HMAC_SHA256 = 2, _("HMAC-SHA256 met de auditsleutel")


class AuditHead(models.Model):
    """One row holding the hash of the newest audit row; locking it serialises appends."""

    last_hash = models.CharField(max_length=64, default="")


class AuditEvent(models.Model):
    """An append-only, hash-chained record of a decision or state change."""

    at = models.DateTimeField(_("wanneer"))
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True)
    actor_label = models.CharField(_("wie"), max_length=200)
    # No `choices` on the column: the vocabulary lives in code (`Action`), and adding an action
    # needs no migration. `action_label` gives the Dutch label.
    action = models.CharField(_("wat"), max_length=100)
    object_type = models.CharField(max_length=100)
    object_id = models.CharField(max_length=64)
    # By label, not by import: the audit log sits below the apps whose rows it points at.
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, null=True, blank=True
    )
    participation = models.ForeignKey(
        "cycles.Participation", on_delete=models.PROTECT, null=True, blank=True, related_name="audit_events"
    )
    from_state = models.CharField(_("van"), max_length=50, blank=True)
    to_state = models.CharField(_("naar"), max_length=50, blank=True)
    reason = models.TextField(_("reden"), blank=True)
    data = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)
    scheme = models.PositiveSmallIntegerField(choices=Scheme.choices, default=Scheme.HMAC_SHA256)

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("auditregel")
        verbose_name_plural = _("auditlog")

    @property
    def action_label(self) -> str:
        """The Dutch label of the action; a code outside the vocabulary is shown as stored."""
        try:
            return Action(self.action).label
        except ValueError:
            return self.action

    @property
    def from_state_label(self) -> str:
        return self._state_label(self.from_state)

    @property
    def to_state_label(self) -> str:
        return self._state_label(self.to_state)

    def _state_label(self, value: str) -> str:
        """The Dutch label of a stored state, looked up on the row's object type by model label
        (the app registry, not an import: the audit log stays below the apps it records)."""
        try:
            model = apps.get_model(self.object_type)
        except (LookupError, ValueError):
            return value
        for field in model._meta.fields:
            labels = dict(field.flatchoices) if field.name in ("state", "status") else {}
            if value in labels:
                return str(labels[value])
        return value

    def payload(self) -> str:
        content = {
            "at": self.at.isoformat(),
            "actor": self.actor_id,
            "actor_label": self.actor_label,
            "action": self.action,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "organisation": self.organisation_id,
            "participation": self.participation_id,
            "from": self.from_state,
            "to": self.to_state,
            "reason": self.reason,
            "data": self.data,
            "prev": self.prev_hash,
        }
        if self.scheme != Scheme.SHA256:
            content["scheme"] = self.scheme  # rows from before the key keep their payload exactly
        return json.dumps(content, sort_keys=True, ensure_ascii=False, default=str)

    def compute_hash(self) -> str:
        payload = self.payload().encode("utf-8")
        if self.scheme == Scheme.SHA256:
            return hashlib.sha256(payload).hexdigest()
        return hmac.new(settings.AUDIT_KEY.encode("utf-8"), payload, hashlib.sha256).hexdigest()

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AuditLogError("Audit rows cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditLogError("Audit rows cannot be deleted.")
