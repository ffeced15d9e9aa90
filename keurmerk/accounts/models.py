"""Users and their role in the scheme.

One role per user: staff of a provider (their organisations through `organisations.Membership`),
an insurer, or scheme-owner staff (assessor, director, administrator). Staff roles must use
two-factor authentication before they reach any staff page (see `access.require_staff`).
"""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    PROVIDER = "provider", _("Medewerker GGZ-aanbieder")
    INSURER = "insurer", _("Zorgverzekeraar")
    ASSESSOR = "assessor", _("Beoordelaar")
    DIRECTOR = "director", _("Directeur")
    ADMINISTRATOR = "administrator", _("Beheerder")


STAFF_ROLES = frozenset({Role.ASSESSOR, Role.DIRECTOR, Role.ADMINISTRATOR})


class User(AbstractUser):
    email = models.EmailField(_("e-mailadres"), unique=True)
    role = models.CharField(_("rol"), max_length=20, choices=Role.choices, default=Role.PROVIDER)

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")

    def __str__(self):
        return self.get_full_name() or self.email

    @property
    def is_scheme_staff(self):
        return self.role in STAFF_ROLES

    @property
    def is_administrator(self):
        return self.role == Role.ADMINISTRATOR

    @property
    def is_director(self):
        return self.role == Role.DIRECTOR
