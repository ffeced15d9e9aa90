from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from keurmerk.accounts.access import require_account

from .services import mark_read


def notification_list(request):
    user = require_account(request)
    return render(request, "notifications/list.html", {"notifications": user.notifications.all()[:200]})


@require_POST
def notifications_read(request):
    user = require_account(request)
    mark_read(user=user)
    return redirect("notifications:list")
