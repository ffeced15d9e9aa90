"""Organisations, their members and network relations; the application of a new provider
(handbook Fase 1 step 1) and the import of existing holders at go-live."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from keurmerk.accounts.models import Role
from keurmerk.cycles import audit
from keurmerk.cycles.models import Participation, State
from keurmerk.lib.dates import is_open
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
            "Dit KvK-nummer is al bekend. Is uw organisatie al aangemeld? Vraag dan een "
            "collega om een uitnodiging."
        )
    if qs.filter(agb=agb).exists():
        problems["agb"] = _("Deze AGB-code is al bekend bij een andere organisatie.")
    return problems


@transaction.atomic
def application_submit(*, cycle, organisation, locations, account, now=None):
    """A new provider applies with the digital application form during the application window.

    Creates the organisation with its locations, the first account (a member), and the
    participation in state 'applied'. `organisation`, `locations` and `account` are cleaned dicts.
    """
    if not is_open(cycle.application_opens, cycle.application_closes, now=now):
        raise OrganisationError(_("De aanmeldperiode is gesloten."))
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
    participation = Participation.objects.create(organisation=org, cycle=cycle, state=State.APPLIED)
    audit.record(
        actor=user, action="applied", obj=participation, participation=participation, to_state=State.APPLIED
    )
    notify(
        email=user.email,
        user=user,
        kind="applied",
        dedupe_key=f"applied:{participation.pk}",
        subject=_("Aanmelding Keurmerk %(year)s ontvangen") % {"year": cycle.year},
        body=_("Uw aanmelding is ontvangen. Onderteken de overeenkomst om de aanmelding af te ronden."),
        url=f"/deelname/{participation.pk}/overeenkomst/",
    )
    return participation


@transaction.atomic
def invite_member(*, organisation, user, email):
    """A member invites a colleague; the invitation link lets them make their own account."""
    email = email.strip().lower()
    if Membership.objects.filter(organisation=organisation, user__email__iexact=email).exists():
        raise OrganisationError({"email": _("Deze persoon is al lid van uw organisatie.")})
    invitation = Invitation.objects.create(organisation=organisation, email=email, invited_by=user)
    audit.record(
        actor=user, action="member_invited", obj=invitation, organisation=organisation, data={"email": email}
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
        actor=user, action="invitation_accepted", obj=invitation, organisation=invitation.organisation
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
            action="subcontract_added",
            obj=link,
            organisation=network,
            data={"subcontractor": subcontractor.pk},
        )
    return link


@transaction.atomic
def subcontract_remove(*, link, user):
    audit.record(
        actor=user,
        action="subcontract_removed",
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
        audit.record(actor=user, action="organisation_updated", obj=organisation, organisation=organisation,
                     data={"fields": changed, "locations": old != new})  # fmt: skip
    return organisation


@transaction.atomic
def membership_remove(*, membership: Membership, user) -> None:
    """A member removes a colleague (or themself) from the organisation; the last member stays, so
    that someone can always act for the organisation."""
    organisation = Organisation.objects.select_for_update().get(pk=membership.organisation_id)
    if organisation.memberships.count() <= 1:
        raise OrganisationError(_("Het laatste lid van een organisatie kan niet worden verwijderd."))
    audit.record(actor=user, action="member_removed", obj=membership, organisation=organisation,
                 data={"email": membership.user.email})  # fmt: skip
    membership.delete()
