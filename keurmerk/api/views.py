"""The account page's section for personal API tokens: list, make (shown once), revoke."""

from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from keurmerk.lib.dates import end_of_day

from . import services
from .access import get_own_token, require_account
from .forms import TokenForm


def _page(request, user, form, new_token=None, status=200):
    tokens = user.api_tokens.all()
    return render(
        request, "api/tokens.html", {"tokens": tokens, "form": form, "new_token": new_token}, status=status
    )


def token_list(request):
    user = require_account(request)
    return _page(request, user, TokenForm())


@require_POST
def token_create(request):
    user = require_account(request)
    form = TokenForm(request.POST)
    if not form.is_valid():
        return _page(request, user, form, status=400)
    expires = form.cleaned_data["expires_on"]
    _row, token = services.api_token_create(
        user=user, name=form.cleaned_data["name"], expires_at=end_of_day(expires) if expires else None
    )
    # Rendered, not redirected: the token exists only in this response and is never stored.
    return _page(request, user, TokenForm(), new_token=token, status=201)


@require_POST
def token_revoke(request, pk):
    user = require_account(request)
    token = get_own_token(request, pk)
    services.api_token_revoke(token=token, user=user)
    messages.success(
        request,
        _("Het token ‘%(name)s’ is ingetrokken; het werkt vanaf nu niet meer.") % {"name": token.name},
    )
    return redirect("api_tokens:list")


def api_not_found(request, rest):
    """Any other path under /api/: the API's JSON error, not the site's HTML page."""
    detail = _("Deze API-route bestaat niet. Zie /api/docs voor de routes van /api/v1/.")
    return JsonResponse({"detail": detail, "code": "not_found"}, status=404)
