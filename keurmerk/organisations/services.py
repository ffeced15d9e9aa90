"""Organisations, their members and network relations; the organisation part of a new provider's
application (handbook Fase 1 step 1; the participation is `cycles.services.participation_apply`)."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from keurmerk.accounts.models import Role
from keurmerk.audit import services as audit
from keurmerk.audit.actions import Action
from keurmerk.notifications.services import notify

from .models import HeldMark, Invitation, Location, Membership, Organisation, Subcontract


class OrganisationError(ValidationError):
    pass


def duplicate_problems(*, kvk, agb, exclude_pk=None):
    """Clear messages for a KvK number or AGB code that is already known."""
    qs = Organisation.objects.exclude(pk=exclude_pk)
    problems = {}
    if qs.filter(kvk=kvk).exists():
        problems["kvk"] = _(
            "Dit KvK-nummer is al bekend. Heeft u een account bij deze organisatie? Log dan in en "
            "meld de organisatie aan vanaf uw startpagina. Anders kan een collega u uitnodigen."
        )
    if qs.filter(agb=agb).exists():
        problems["agb"] = _("Deze AGB-code is al bekend bij een andere organisatie.")
    return problems


def organisation_register(*, organisation: dict, locations: list[dict], account: dict):
    """The organisation part of a new provider's application (handbook Fase 1 step 1): the
    organisation with its locations and its first account (a member). Returns the user.

    Runs inside the caller's transaction: `cycles.services.participation_apply` adds the
    participation, and refuses the whole application if anything is wrong.
    """
    problems = duplicate_problems(kvk=organisation["kvk"], agb=organisation["agb"])
    if get_user_model().objects.filter(email__iexact=account["email"]).exists():
        problems["email"] = _("Er bestaat al een account met dit e-mailadres. Log in om verder te gaan.")
    if problems:
        raise OrganisationError(problems)
    org = Organisation.objects.create(**organisation)
    for location in locations:
        Location.objects.create(organisation=org, **location)
    user = get_user_model().objects.create_user(
        username=account["email"].lower(),
        email=account["email"].lower(),
        password=account["password"],
        first_name=account["first_name"],
        last_name=account["last_name"],
        role="provider",
    )
    Membership.objects.create(user=user, organisation=org)
    return user


@transaction.atomic
def invite_member(*, organisation, user, email):
    """A member invites a colleague; the invitation link lets them make their own account."""
    email = email.strip().lower()
    if Membership.objects.filter(organisation=organisation, user__email__iexact=email).exists():
        raise OrganisationError({"email": _("Deze persoon is al lid van uw organisatie.")})
    invitation = Invitation.objects.create(organisation=organisation, email=email, invited_by=user)
    audit.record(
        actor=user,
        action=Action.MEMBER_INVITED,
        obj=invitation,
        organisation=organisation,
        data={"email": email},
    )
    notify(
        email=email,
        kind="invitation",
        dedupe_key=f"invitation:{invitation.pk}",
        subject=_("Uitnodiging voor %(org)s op het Keurmerkplatform") % {"org": organisation.name},
        body=_("%(who)s nodigt u uit om mee te werken aan het Keurmerk van %(org)s.")
        % {"who": user, "org": organisation.name},
        url=f"/uitnodiging/{invitation.token}/",
    )
    return invitation


def invitation_account(invitation):
    """The account that already uses the invited e-mail address, if any."""
    return get_user_model().objects.filter(email__iexact=invitation.email).first()


@transaction.atomic
def invitation_accept(*, invitation, user=None, first_name="", last_name="", password=""):
    """A colleague accepts an invitation and becomes a member of the organisation.

    Without an account for the invited address, the account is made here from the name and password
    they chose. With one, the link alone proves nothing about who holds that account: `user` must be
    that account, signed in with its own password (and second factor). Only provider accounts can
    become members of a provider."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at:
        raise OrganisationError(_("Deze uitnodiging is al gebruikt."))
    existing = invitation_account(invitation)
    if existing is not None:
        if user is None or user.pk != existing.pk:
            raise OrganisationError(
                _("Er bestaat al een account met %(email)s. Meld u eerst aan met dat account.")
                % {"email": invitation.email}
            )
        if user.role != Role.PROVIDER:
            raise OrganisationError(
                _("Dit account hoort bij een andere rol en kan geen lid worden van een GGZ-aanbieder.")
            )
    else:
        user = get_user_model().objects.create_user(
            username=invitation.email,
            email=invitation.email,
            password=password,
            first_name=first_name,
            last_name=last_name,
            role=Role.PROVIDER,
        )
    Membership.objects.get_or_create(user=user, organisation=invitation.organisation)
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    audit.record(
        actor=user, action=Action.INVITATION_ACCEPTED, obj=invitation, organisation=invitation.organisation
    )
    return user


def find_organisation(identifier):
    identifier = identifier.strip()
    return (
        Organisation.objects.filter(kvk=identifier).first()
        or Organisation.objects.filter(agb=identifier).first()
    )


@transaction.atomic
def subcontract_add(*, network, user, identifier):
    """A network organisation lists a contracted subcontractor by its KvK number or AGB code."""
    if not network.is_network:
        raise OrganisationError(_("Alleen een netwerkorganisatie kan onderaannemers opgeven."))
    subcontractor = find_organisation(identifier)
    if subcontractor is None:
        raise OrganisationError(
            {"identifier": _("Geen organisatie gevonden met dit KvK-nummer of deze AGB-code.")}
        )
    if subcontractor == network:
        raise OrganisationError({"identifier": _("Een organisatie kan niet haar eigen onderaannemer zijn.")})
    link, created = Subcontract.objects.get_or_create(network=network, subcontractor=subcontractor)
    if created:
        audit.record(
            actor=user,
            action=Action.SUBCONTRACT_ADDED,
            obj=link,
            organisation=network,
            data={"subcontractor": subcontractor.pk},
        )
    return link


@transaction.atomic
def subcontract_remove(*, link, user):
    audit.record(
        actor=user,
        action=Action.SUBCONTRACT_REMOVED,
        obj=link,
        organisation=link.network,
        data={"subcontractor": link.subcontractor_id},
    )
    link.delete()


def record_held_years(organisation, years, *, source="import"):
    for year in years:
        HeldMark.objects.get_or_create(organisation=organisation, year=year, defaults={"source": source})
