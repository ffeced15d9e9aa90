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
from keurmerk.lib.dates import local_today
from keurmerk.lib.tabular import TableError

from . import hooks, services
from .access import get_invitation_by_token, get_organisation_for_member
from .forms import (
    ImportForm,
    InvitationAcceptForm,
    InviteForm,
    SubcontractForm,
)
from .importing import import_organisations

BACKEND = "django.contrib.auth.backends.ModelBackend"


def organisation_detail(request, pk):
    organisation = get_organisation_for_member(request, pk)
    year = local_today().year
    held = hooks.holder_ids(year)
    subcontracts = [
        (s, s.subcontractor_id in held) for s in organisation.subcontracts.select_related("subcontractor")
    ]
    context = {
        "organisation": organisation,
        "members": organisation.memberships.select_related("user"),
        "invitations": organisation.invitations.filter(accepted_at=None),
        "held_years": hooks.years_held(organisation, before=year),
        "year": year,
        "is_holder": organisation.pk in held,
        "subcontracts": subcontracts,
        "predicate": hooks.network_predicates([organisation], year)[organisation.pk]
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


@require_POST
def subcontract_remove(request, pk, link_pk):
    organisation = get_organisation_for_member(request, pk)
    link = get_object_or_404(organisation.subcontracts, pk=link_pk)
    services.subcontract_remove(link=link, user=request.user)
    messages.success(request, _("De onderaannemer is verwijderd."))
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
