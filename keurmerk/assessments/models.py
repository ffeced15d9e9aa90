"""Assessment outcomes and their consequences: certificates (keurmerkcertificaat)."""

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _

from keurmerk.cycles.models import Participation

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: easy to read aloud and type


def new_certificate_code():
    """16 random characters from a 32-letter alphabet (80 bits): not guessable, easy to type."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(16))
    return "-".join(raw[i : i + 4] for i in range(0, 16, 4))


class Certificate(models.Model):
    participation = models.OneToOneField(Participation, on_delete=models.PROTECT, related_name="certificate")
    code = models.CharField(_("verificatiecode"), max_length=19, unique=True, default=new_certificate_code)
    issued_at = models.DateTimeField(_("uitgegeven op"), auto_now_add=True)
    valid_from = models.DateField(_("geldig vanaf"))
    revoked_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)

    class Meta:
        verbose_name = _("keurmerkcertificaat")
        verbose_name_plural = _("keurmerkcertificaten")

    def __str__(self):
        return self.code
