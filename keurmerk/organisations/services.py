"""Organisations, their members and network relations; the organisation part of a new provider's
application (handbook Fase 1 step 1; the participation is `cycles.services.participation_apply`)
and the import of existing holders at go-live."""

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from keurmerk.accounts.models import Role
from keurmerk.audit import services as audit
from keurmerk.audit.actions import Action
from keurmerk.notifications.services import notify, notify_users

from .models import HeldMark, Invitation, Location, Membership, Organisation, Subcontract


class OrganisationError(ValidationError):
    pass


EXPIRED_MESSAGE = _lazy("Deze uitnodiging is verlopen. Vraag uw collega om u opnieuw uit te nodigen.")


def duplicate_problems(*, kvk, agb, exclude_pk=None):
    """Clear messages for a KvK number or AGB code that is already known."""
    qs = Organisation.objects.exclude(pk=exclude_pk)
    problems = {}
    if qs.filter(kvk=kvk).exists():
        problems["kvk"] = _(
            "Dit KvK-nummer is al bekend. Is uw organisatie al aangemeld? Vraag dan een "
            "collega om een uitnodiging."
        )
    if qs.filter(agb=agb).exists():
        problems["agb"] = _("Deze AGB-code is al bekend bij een andere organisatie.")
    return problems


def organisation_register(*, organisation: dict, locations: list[dict], account: dict):
    """The organisation part of a new provider's application (handbook Fase 1 step 1): the
    organisation with its locations and its first account (a member). Returns the user.

    Runs inside the caller's transaction: `cycles.services.participation_apply` adds the
    participation, and refuses the whole application if anything is wrong. The caller has made
    sure that no account uses the address (`tell_owner_of_existing_account`).
    """
    problems = duplicate_problems(kvk=organisation["kvk"], agb=organisation["agb"])
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


def existing_account(email: str):
    """The account that already uses `email`, if any (the application form does not say so)."""
    return get_user_model().objects.filter(email__iexact=email).first()


def tell_owner_of_existing_account(user, cycle):
    """One message a day at most, and none of the applicant's text in it (it may not be the owner)."""
    notify(
        email=user.email,
        user=user,
        kind="application_existing_account",
        dedupe_key=f"application-existing-account:{user.pk}:{timezone.now():%Y-%m-%d}",
        subject=_("Aanmelding Keurmerk %(year)s met uw e-mailadres") % {"year": cycle.year},
        body=_(
            "Met uw e-mailadres is het aanmeldformulier voor het Keurmerk ingevuld, maar u heeft al een "
            "account. Er is niets aangemaakt. Meld u aan met uw account; wilt u een andere organisatie "
            "aanmelden, gebruik dan een ander e-mailadres of vraag een collega om een uitnodiging. Heeft u "
            "het formulier niet zelf ingevuld, dan kunt u dit bericht negeren."
        ),
        url=reverse("account_login"),
    )


def open_invitations(organisation: Organisation, *, now: datetime | None = None) -> QuerySet[Invitation]:
    """The invitations of `organisation` that can still be accepted (not used, not expired)."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.INVITATION_VALID_DAYS)
    return organisation.invitations.filter(accepted_at=None, created_at__gt=cutoff).order_by("created_at")


def _count_invitation_sent(organisation, now) -> None:
    """At most INVITATIONS_PER_HOUR invitations per organisation per clock hour, counted on the
    cache so that a flood of invitations (mail sent in the scheme's name) stops early."""
    key = f"invitations-sent:{organisation.pk}:{now:%Y%m%d%H}"
    cache.add(key, 0, timeout=3600)
    try:
        count = cache.incr(key)
    except ValueError:  # the entry expired between add and incr
        cache.set(key, 1, timeout=3600)
        count = 1
    if count > settings.INVITATIONS_PER_HOUR:
        raise OrganisationError(
            {
                "email": _(
                    "Uw organisatie heeft dit uur al %(n)s uitnodigingen verstuurd. Probeer het over "
                    "een uur opnieuw."
                )
                % {"n": settings.INVITATIONS_PER_HOUR}
            }
        )


def _check_invitable(organisation, email, now):
    if Membership.objects.filter(organisation=organisation, user__email__iexact=email).exists():
        raise OrganisationError({"email": _("Deze persoon is al lid van uw organisatie.")})
    if open_invitations(organisation, now=now).filter(email=email).exists():
        raise OrganisationError(
            {
                "email": _(
                    "Er staat al een uitnodiging open voor dit e-mailadres. Een uitnodiging is %(days)s "
                    "dagen geldig; daarna kunt u opnieuw uitnodigen."
                )
                % {"days": settings.INVITATION_VALID_DAYS}
            }
        )


@transaction.atomic
def invite_member(*, organisation: Organisation, user: AbstractBaseUser, email: str) -> Invitation:
    """A member invites a colleague; the invitation link lets them make their own account.

    One open invitation per address (an expired one gives way to the new one), valid for
    INVITATION_VALID_DAYS days, and at most INVITATIONS_PER_HOUR per organisation an hour."""
    now = timezone.now()
    email = email.strip().lower()
    _check_invitable(organisation, email, now)
    _count_invitation_sent(organisation, now)
    organisation.invitations.filter(email=email, accepted_at=None).delete()  # expired ones only
    try:
        with transaction.atomic():
            invitation = Invitation.objects.create(organisation=organisation, email=email, invited_by=user)
    except IntegrityError:  # a colleague invited the same address at the same moment
        raise OrganisationError({"email": _("Er staat al een uitnodiging open voor dit e-mailadres.")})
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
        url=reverse("organisations:invitation", args=[invitation.token]),
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
    if invitation.is_expired(timezone.now()):
        raise OrganisationError(EXPIRED_MESSAGE)
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
def subcontract_add(*, network: Organisation, user: AbstractBaseUser, identifier: str) -> Subcontract | None:
    """A network organisation names a contracted subcontractor by its KvK number or AGB code; the
    subcontractor's members are asked to confirm the relation (it counts only once confirmed).

    Returns the relation, or None when no organisation has the number. The caller must not tell the
    network which of the two happened unless the register shows the organisation anyway."""
    if not network.is_network:
        raise OrganisationError(_("Alleen een netwerkorganisatie kan onderaannemers opgeven."))
    subcontractor = find_organisation(identifier)
    if subcontractor is None:
        return None
    if subcontractor == network:
        raise OrganisationError({"identifier": _("Een organisatie kan niet haar eigen onderaannemer zijn.")})
    link, created = Subcontract.objects.get_or_create(
        network=network, subcontractor=subcontractor, defaults={"requested_by": user}
    )
    if created:
        audit.record(
            actor=user,
            action=Action.SUBCONTRACT_ADDED,
            obj=link,
            organisation=network,
            data={"subcontractor": subcontractor.pk},
        )
        _ask_to_confirm(link)
    return link


def subcontracts_ask_unconfirmed() -> int:
    """`tick`: ask the members of every subcontractor whose relation is not yet confirmed, once
    each (the request is deduplicated per relation and member). So a relation entered before the
    confirmation was asked for (it does not count for the predicate until confirmed) gets its
    request at the first `tick` after the upgrade, and a member who joins later gets one too.
    Returns the number of relations looked at."""
    links = list(
        Subcontract.objects.filter(confirmed_at__isnull=True).select_related("network", "subcontractor")
    )
    for link in links:
        _ask_to_confirm(link)
    return len(links)


def _ask_to_confirm(link):
    members = get_user_model().objects.filter(memberships__organisation=link.subcontractor)
    notify_users(
        users=members,
        kind="subcontract_requested",
        dedupe_prefix=f"subcontract-requested:{link.pk}",
        subject=_("Bevestig de relatie met %(network)s") % {"network": link.network.name},
        body=_(
            "%(network)s noemt %(org)s als gecontracteerde onderaannemer voor het predicaat Netwerk "
            "Keurmerk. Bevestig of weiger dit op de pagina van uw organisatie."
        )
        % {"network": link.network.name, "org": link.subcontractor.name},
        url=reverse("organisations:detail", args=[link.subcontractor_id]),
    )


@transaction.atomic
def subcontract_confirm(*, link: Subcontract, user: AbstractBaseUser) -> Subcontract:
    """A member of the subcontractor confirms the relation the network named; from now on it counts
    for the network's predicate Netwerk Keurmerk (handbook §1.2)."""
    link = Subcontract.objects.select_for_update().get(pk=link.pk)
    if not Membership.objects.filter(user=user, organisation_id=link.subcontractor_id).exists():
        raise OrganisationError(_("Alleen een lid van de onderaannemer kan de relatie bevestigen."))
    if link.confirmed_at is not None:
        return link
    link.confirmed_at, link.confirmed_by = timezone.now(), user
    link.save(update_fields=["confirmed_at", "confirmed_by"])
    audit.record(
        actor=user,
        action=Action.SUBCONTRACT_CONFIRMED,
        obj=link,
        organisation=link.network,
        data={"subcontractor": link.subcontractor_id},
    )
    return link


@transaction.atomic
def subcontract_decline(*, link: Subcontract, user: AbstractBaseUser) -> None:
    """A member of the subcontractor refuses (or ends) the relation; it is removed."""
    if not Membership.objects.filter(user=user, organisation_id=link.subcontractor_id).exists():
        raise OrganisationError(_("Alleen een lid van de onderaannemer kan de relatie weigeren."))
    audit.record(
        actor=user,
        action=Action.SUBCONTRACT_DECLINED,
        obj=link,
        organisation=link.network,
        data={"subcontractor": link.subcontractor_id},
    )
    link.delete()


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


EDITABLE_FIELDS = ["name", "website", "contact_name", "contact_email", "contact_phone"]


@transaction.atomic
def organisation_update(
    *, organisation: Organisation, user, data: dict, locations: list[dict]
) -> Organisation:
    """A member keeps the organisation's own data and locations current. KvK number, AGB code and
    kind identify it in the register and are changed only by the foundation."""
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    changed = [
        f for f in EDITABLE_FIELDS if getattr(organisation, f) != data.get(f, getattr(organisation, f))
    ]
    for field in changed:
        setattr(organisation, field, data[field])
    if changed:
        organisation.save(update_fields=changed)
    old = [(loc.address, loc.postcode, loc.place) for loc in organisation.locations.all()]
    new = [(loc.get("address", ""), loc["postcode"], loc["place"]) for loc in locations]
    if old != new:
        organisation.locations.all().delete()
        Location.objects.bulk_create(
            Location(organisation=organisation, address=a, postcode=p, place=pl) for a, p, pl in new
        )
    if changed or old != new:
        audit.record(
            actor=user,
            action="organisation_updated",
            obj=organisation,
            organisation=organisation,
            data={"fields": changed, "locations": old != new},
        )
    return organisation


@transaction.atomic
def membership_remove(*, membership: Membership, user) -> None:
    """A member removes a colleague (or themself) from the organisation; the last member stays, so
    that someone can always act for the organisation."""
    organisation = Organisation.objects.select_for_update().get(pk=membership.organisation_id)
    if organisation.memberships.count() <= 1:
        raise OrganisationError(_("Het laatste lid van een organisatie kan niet worden verwijderd."))
    audit.record(
        actor=user,
        action="member_removed",
        obj=membership,
        organisation=organisation,
        data={"email": membership.user.email},
    )
    membership.delete()
