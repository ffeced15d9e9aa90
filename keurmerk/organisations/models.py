"""GGZ-aanbieders: organisations, their locations, members, invitations and network relations."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from keurmerk.lib.validators import (
    agb_validator,
    kvk_validator,
    postcode_validator,
    single_line_validator,
)


class OrganisationType(models.TextChoices):
    INDEPENDENT = "vrijgevestigd", _("Vrijgevestigde praktijk")
    INSTITUTION = "instelling", _("Instelling")
    NETWORK = "netwerk", _("Netwerkorganisatie")


class Organisation(models.Model):
    name = models.CharField(_("naam"), max_length=200, validators=[single_line_validator])
    type = models.CharField(_("soort"), max_length=20, choices=OrganisationType.choices)
    kvk = models.CharField(_("KvK-nummer"), max_length=8, unique=True, validators=[kvk_validator])
    agb = models.CharField(_("AGB-code"), max_length=8, unique=True, validators=[agb_validator])
    website = models.URLField(_("website"), blank=True)
    contact_name = models.CharField(
        _("contactpersoon"), max_length=200, blank=True, validators=[single_line_validator]
    )
    contact_email = models.EmailField(_("e-mailadres contactpersoon"), blank=True)
    contact_phone = models.CharField(
        _("telefoonnummer"), max_length=30, blank=True, validators=[single_line_validator]
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")

    def __str__(self):
        return self.name

    @property
    def is_network(self):
        return self.type == OrganisationType.NETWORK


class Location(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="locations")
    address = models.CharField(_("adres"), max_length=200, blank=True, validators=[single_line_validator])
    postcode = models.CharField(_("postcode"), max_length=7, validators=[postcode_validator])
    place = models.CharField(_("plaats"), max_length=100, validators=[single_line_validator])

    class Meta:
        ordering = ["pk"]
        verbose_name = _("locatie")
        verbose_name_plural = _("locaties")

    def __str__(self):
        return f"{self.address}, {self.postcode} {self.place}".strip(", ")


class Membership(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        unique_together = [("user", "organisation")]
        verbose_name = _("lidmaatschap")
        verbose_name_plural = _("lidmaatschappen")


def new_token():
    return secrets.token_urlsafe(32)


class Invitation(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mailadres"))
    token = models.CharField(max_length=64, unique=True, default=new_token)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True)
    created_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("uitnodiging")
        verbose_name_plural = _("uitnodigingen")
        constraints = [
            # One open invitation per address per organisation (an expired one is removed when
            # the address is invited again, see services.invite_member).
            models.UniqueConstraint(
                fields=["organisation", "email"],
                condition=models.Q(accepted_at=None),
                name="one_open_invitation_per_address",
            )
        ]

    def expires_at(self):
        """An invitation link works for INVITATION_VALID_DAYS (14) days after it was sent."""
        return self.created_at + timedelta(days=settings.INVITATION_VALID_DAYS)

    def is_expired(self, now) -> bool:
        return now >= self.expires_at()


class HeldMark(models.Model):
    """A year in which the organisation held the mark before the platform (imported history). Years
    held on the platform follow from the participations (`cycles.calendar.holder_ids`)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="held_marks")
    year = models.PositiveSmallIntegerField(_("jaar"))
    source = models.CharField(_("bron"), max_length=20, default="import")
    # When the year was entered, so that the API's changes list an imported year; empty for the
    # rows entered before this was kept.
    created_at = models.DateTimeField(
        _("vastgelegd op"), null=True, blank=True, default=timezone.now, editable=False
    )

    class Meta:
        unique_together = [("organisation", "year")]
        ordering = ["year"]
        verbose_name = _("gehouden keurmerk")
        verbose_name_plural = _("gehouden keurmerken")


class Subcontract(models.Model):
    """A network organisation's contracted subcontractor (for the predicate Netwerk Keurmerk).

    The network names it; it counts only once a member of the subcontractor has confirmed it
    (`confirmed_at`), so that no network can claim another provider's mark."""

    network = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="subcontracts")
    subcontractor = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="contracted_by")
    created_at = models.DateTimeField(auto_now_add=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(_("bevestigd op"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        unique_together = [("network", "subcontractor")]
        verbose_name = _("onderaannemer")
        verbose_name_plural = _("onderaannemers")
