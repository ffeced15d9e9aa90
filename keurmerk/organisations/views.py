from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from keurmerk.accounts.access import require_staff
from keurmerk.accounts.models import Role
from keurmerk.cycles.selectors import (
    application_cycle,
    holder_ids,
    network_predicates,
    upcoming_application_cycle,
)
from keurmerk.lib.dates import local_today
from keurmerk.lib.tabular import TableError

from . import services
from .access import get_invitation_by_token, get_organisation_for_member
from .forms import (
    AccountForm,
    EditLocationFormSet,
    ImportForm,
    InvitationAcceptForm,
    InviteForm,
    LocationFormSet,
    OrganisationEditForm,
    OrganisationForm,
    SubcontractForm,
)
from .importing import import_organisations

BACKEND = "django.contrib.auth.backends.ModelBackend"


def _add_errors(forms, exc):
    """Put a service's field errors on the form that has the field."""
    if not hasattr(exc, "error_dict"):
        forms[0].add_error(None, exc)
        return
    for field, errors in exc.message_dict.items():
        target = next((f for f in forms if field in f.fields), forms[0])
        target.add_error(field if field in target.fields else None, errors)


def apply(request):
    """The digital application form for new providers (handbook Fase 1, step 1). Public."""
    cycle = application_cycle()
    if cycle is None:
        return render(request, "organisations/apply_closed.html", {"upcoming": upcoming_application_cycle()})
    forms = [
        OrganisationForm(request.POST or None, prefix="org"),
        AccountForm(request.POST or None, prefix="acc"),
    ]
    locations = LocationFormSet(request.POST or None, prefix="loc")
    if request.method == "POST" and all(f.is_valid() for f in forms) and locations.is_valid():
        try:
            participation = services.application_submit(
                cycle=cycle,
                organisation=forms[0].cleaned_data,
                locations=locations.locations,
                account=forms[1].account(),
            )
        except ValidationError as exc:
            _add_errors(forms, exc)
        else:
            login(request, participation.organisation.memberships.get().user, backend=BACKEND)
            messages.success(request, _("Uw aanmelding is ontvangen. Onderteken nu de overeenkomst."))
            return redirect("cycles:agreement", participation.pk)
    context = {"cycle": cycle, "org_form": forms[0], "account_form": forms[1], "locations": locations}
    return render(request, "organisations/apply.html", context)


def organisation_detail(request, pk):
    organisation = get_organisation_for_member(request, pk)
    year = local_today().year
    held = holder_ids(year)
    subcontracts = [
        (s, s.subcontractor_id in held) for s in organisation.subcontracts.select_related("subcontractor")
    ]
    context = {
        "organisation": organisation,
        "members": organisation.memberships.select_related("user"),
        "invitations": organisation.invitations.filter(accepted_at=None),
        "held_years": list(organisation.held_marks.filter(year__lt=year).values_list("year", flat=True)),
        "year": year,
        "is_holder": organisation.pk in held,
        "subcontracts": subcontracts,
        "predicate": network_predicates([organisation], year)[organisation.pk]
        if organisation.is_network
        else None,
        "invite_form": InviteForm(),
        "subcontract_form": SubcontractForm(),
    }
    return render(request, "organisations/organisation_detail.html", context)


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
    existing = services.invitation_account(invitation)
    if existing is not None:
        return _invitation_accept_existing(request, invitation, existing)
    form = InvitationAcceptForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        user = services.invitation_accept(
            invitation=invitation,
            first_name=d["first_name"],
            last_name=d["last_name"],
            password=d["password1"],
        )
        login(request, user, backend=BACKEND)
        messages.success(request, _("Welkom! U bent nu lid van %(org)s.") % {"org": invitation.organisation})
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
        services.subcontract_add(
            network=organisation, user=request.user, identifier=form.cleaned_data["identifier"]
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("De onderaannemer is toegevoegd."))
    return redirect("organisations:detail", organisation.pk)


def _predicate_after_removal(organisation, link, year):
    """The network predicate now and once `link` is removed (handbook §1.2: subcontractors, all holders)."""
    held = holder_ids(year)
    remaining = [s.subcontractor_id for s in organisation.subcontracts.all() if s.pk != link.pk]
    after = bool(remaining) and all(s in held for s in remaining)
    return network_predicates([organisation], year)[organisation.pk], after


def subcontract_remove(request, pk, link_pk):
    """GET: what removing the subcontractor means for the network predicate; POST from that page: remove."""
    organisation = get_organisation_for_member(request, pk)
    link = get_object_or_404(organisation.subcontracts.select_related("subcontractor"), pk=link_pk)
    if request.method != "POST":
        year = local_today().year
        now, after = _predicate_after_removal(organisation, link, year)
        context = {"organisation": organisation, "link": link, "year": year, "predicate_now": now,
                   "predicate_after": after}  # fmt: skip
        return render(request, "organisations/subcontract_remove.html", context)
    services.subcontract_remove(link=link, user=request.user)
    messages.success(request, _("De onderaannemer is verwijderd."))
    return redirect("organisations:detail", organisation.pk)


def organisation_edit(request, pk):
    """A member edits the organisation's own data and its locations; nothing is saved if any part is wrong."""
    organisation = get_organisation_for_member(request, pk)
    initial = [{"address": loc.address, "postcode": loc.postcode, "place": loc.place}
               for loc in organisation.locations.all()]  # fmt: skip
    form = OrganisationEditForm(request.POST or None, instance=organisation)
    locations = EditLocationFormSet(request.POST or None, initial=initial, prefix="locations")
    if request.method == "POST" and form.is_valid() and locations.is_valid():
        services.organisation_update(organisation=organisation, user=request.user, data=form.cleaned_data,
                                     locations=locations.locations)  # fmt: skip
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
