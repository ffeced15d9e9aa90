from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from keurmerk.accounts.access import require_staff
from keurmerk.accounts.models import Role
from keurmerk.lib.dates import local_today
from keurmerk.lib.tabular import TableError

from . import hooks, services
from .access import get_invitation_by_token, get_organisation_for_member
from .forms import (
    EditLocationFormSet,
    ImportForm,
    InvitationAcceptForm,
    InviteForm,
    OrganisationEditForm,
    SubcontractForm,
)
from .importing import import_organisations
from .selectors import holds_network_predicate

# The project's user-name backend (it loads the user with the header's unread count).
BACKEND = settings.AUTHENTICATION_BACKENDS[0]


def apply_received(request):
    """After the application form, for a new applicant and for an address with an account alike. Public."""
    return render(request, "organisations/apply_received.html", {"login_url": settings.LOGIN_URL})


def organisation_detail(request, pk):
    organisation = get_organisation_for_member(request, pk)
    year = local_today().year
    held = hooks.holder_ids(year)
    context = {
        "organisation": organisation,
        "members": organisation.memberships.select_related("user"),
        "invitations": services.open_invitations(organisation),
        "held_years": hooks.years_held(organisation, before=year),
        "year": year,
        "is_holder": organisation.pk in held,
        "predicate": hooks.network_predicates([organisation], year)[organisation.pk]
        if organisation.is_network
        else None,
        "invite_form": InviteForm(),
        "subcontract_form": SubcontractForm(),
        **_relations(organisation, held),
    }
    return render(request, "organisations/organisation_detail.html", context)


def _relations(organisation, held):
    """The network's subcontractors (confirmed ones with their mark; ones waiting for confirmation
    only when the register shows them anyway) and the networks that named this organisation."""
    links = list(organisation.subcontracts.select_related("subcontractor"))
    named_by = list(organisation.contracted_by.select_related("network"))
    return {
        "subcontracts": [(s, s.subcontractor_id in held) for s in links if s.confirmed_at],
        "pending_subcontracts": [s for s in links if not s.confirmed_at and s.subcontractor_id in held],
        "confirmation_requests": [s for s in named_by if not s.confirmed_at],
        "confirmed_networks": [s for s in named_by if s.confirmed_at],
    }


@require_POST
def invite(request, pk):
    organisation = get_organisation_for_member(request, pk)
    form = InviteForm(request.POST)
    if form.is_valid():
        try:
            services.invite_member(
                organisation=organisation, user=request.user, email=form.cleaned_data["email"]
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("De uitnodiging is verstuurd naar %(email)s.") % form.cleaned_data)
    else:
        messages.error(request, _("Vul een geldig e-mailadres in."))
    return redirect("organisations:detail", organisation.pk)


def invitation_accept(request, token):
    """A new colleague makes an account here; someone who already has an account signs in with it
    first and then accepts with one click."""
    invitation = get_invitation_by_token(token)
    if invitation.is_expired(timezone.now()):
        return render(
            request, "organisations/invitation_expired.html", {"invitation": invitation}, status=410
        )
    existing = services.invitation_account(invitation)
    if existing is not None:
        return _invitation_accept_existing(request, invitation, existing)
    form = InvitationAcceptForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            user = services.invitation_accept(
                invitation=invitation,
                first_name=d["first_name"],
                last_name=d["last_name"],
                password=d["password1"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            login(request, user, backend=BACKEND)
            messages.success(
                request, _("Welkom! U bent nu lid van %(org)s.") % {"org": invitation.organisation}
            )
            return redirect("cycles:home")
    return render(request, "organisations/invitation_accept.html", {"invitation": invitation, "form": form})


def _invitation_accept_existing(request, invitation, existing):
    signed_in_as_invitee = request.user.is_authenticated and request.user.pk == existing.pk
    if request.method == "POST" and signed_in_as_invitee:
        try:
            services.invitation_accept(invitation=invitation, user=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("U bent nu lid van %(org)s.") % {"org": invitation.organisation})
            return redirect("cycles:home")
    context = {
        "invitation": invitation,
        "existing": True,
        "signed_in_as_invitee": signed_in_as_invitee,
        "login_url": f"{settings.LOGIN_URL}?{urlencode({'next': request.path})}",
    }
    return render(request, "organisations/invitation_accept.html", context)


@require_POST
def subcontract_add(request, pk):
    organisation = get_organisation_for_member(request, pk)
    form = SubcontractForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(form.errors["identifier"])
        link = services.subcontract_add(
            network=organisation, user=request.user, identifier=form.cleaned_data["identifier"]
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _subcontract_requested_message(link))
    return redirect("organisations:detail", organisation.pk)


def _subcontract_requested_message(link):
    """Names the subcontractor only when the public register shows it this year; otherwise the same
    words whether or not any organisation has the number."""
    if link is not None and link.subcontractor_id in hooks.holder_ids(local_today().year):
        return _("Wij vragen %(org)s de relatie te bevestigen. Daarna telt zij mee voor het predicaat.") % {
            "org": link.subcontractor.name
        }
    return _(
        "Als er een organisatie met dit KvK-nummer of deze AGB-code op het platform is, vragen wij haar "
        "de relatie te bevestigen. Na de bevestiging verschijnt zij hier en telt zij mee voor het predicaat."
    )


@require_POST
def subcontract_confirm(request, pk, link_pk):
    """A member of the subcontractor confirms the relation a network named."""
    organisation = get_organisation_for_member(request, pk)
    link = get_object_or_404(organisation.contracted_by, pk=link_pk)
    services.subcontract_confirm(link=link, user=request.user)
    messages.success(
        request,
        _("U heeft bevestigd dat u onderaannemer bent van %(network)s.") % {"network": link.network.name},
    )
    return redirect("organisations:detail", organisation.pk)


@require_POST
def subcontract_decline(request, pk, link_pk):
    """A member of the subcontractor refuses (or ends) the relation a network named."""
    organisation = get_organisation_for_member(request, pk)
    link = get_object_or_404(organisation.contracted_by, pk=link_pk)
    services.subcontract_decline(link=link, user=request.user)
    messages.success(request, _("De relatie met %(network)s is verwijderd.") % {"network": link.network.name})
    return redirect("organisations:detail", organisation.pk)


def _predicate_after_removal(organisation, link, year):
    """The network predicate now and once `link` is removed (handbook §1.2: subcontractors, all holders)."""
    held = hooks.holder_ids(year)
    remaining = [
        s.subcontractor_id for s in organisation.subcontracts.all() if s.pk != link.pk and s.confirmed_at
    ]
    return hooks.network_predicates([organisation], year)[organisation.pk], holds_network_predicate(
        remaining, held
    )


def subcontract_remove(request, pk, link_pk):
    """GET: what removing the subcontractor means for the network predicate; POST from that page: remove."""
    organisation = get_organisation_for_member(request, pk)
    link = get_object_or_404(organisation.subcontracts.select_related("subcontractor"), pk=link_pk)
    if link.confirmed_at is None and link.subcontractor_id not in hooks.holder_ids(local_today().year):
        raise Http404("Onderaannemer niet gevonden")  # a request the network cannot see
    if request.method != "POST":
        year = local_today().year
        now, after = _predicate_after_removal(organisation, link, year)
        context = {
            "organisation": organisation,
            "link": link,
            "year": year,
            "predicate_now": now,
            "predicate_after": after,
        }
        return render(request, "organisations/subcontract_remove.html", context)
    services.subcontract_remove(link=link, user=request.user)
    messages.success(request, _("De onderaannemer is verwijderd."))
    return redirect("organisations:detail", organisation.pk)


def organisation_edit(request, pk):
    """A member edits the organisation's own data and its locations; nothing is saved if any part is wrong."""
    organisation = get_organisation_for_member(request, pk)
    initial = [
        {"address": loc.address, "postcode": loc.postcode, "place": loc.place}
        for loc in organisation.locations.all()
    ]
    form = OrganisationEditForm(request.POST or None, instance=organisation)
    locations = EditLocationFormSet(request.POST or None, initial=initial, prefix="locations")
    if request.method == "POST" and form.is_valid() and locations.is_valid():
        services.organisation_update(
            organisation=organisation,
            user=request.user,
            data=form.cleaned_data,
            locations=locations.locations,
        )
        messages.success(request, _("De gegevens van de organisatie zijn opgeslagen."))
        return redirect("organisations:detail", organisation.pk)
    context = {"organisation": organisation, "form": form, "locations": locations}
    return render(
        request,
        "organisations/organisation_edit.html",
        context,
        status=400 if request.method == "POST" else 200,
    )


def member_remove(request, pk, membership_pk):
    """GET: who is removed and what that means; POST from that page: remove the membership."""
    organisation = get_organisation_for_member(request, pk)
    membership = get_object_or_404(organisation.memberships.select_related("user"), pk=membership_pk)
    if request.method != "POST":
        context = {
            "organisation": organisation,
            "membership": membership,
            "is_self": membership.user == request.user,
        }
        return render(request, "organisations/member_remove.html", context)
    try:
        services.membership_remove(membership=membership, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("organisations:detail", organisation.pk)
    messages.success(
        request, _("%(email)s is geen lid meer van de organisatie.") % {"email": membership.user.email}
    )
    if membership.user == request.user:
        return redirect("cycles:home")
    return redirect("organisations:detail", organisation.pk)


def organisations_import(request):
    """Administrators bring in the existing holders at go-live."""
    user = require_staff(request, Role.ADMINISTRATOR)
    form = ImportForm(request.POST or None, request.FILES or None)
    problems, result = [], None
    if request.method == "POST" and form.is_valid():
        try:
            result = import_organisations(data=form.cleaned_data["file"].read(), user=user)
        except TableError as exc:
            problems = exc.problems
    return render(
        request, "organisations/import.html", {"form": form, "problems": problems, "result": result}
    )
