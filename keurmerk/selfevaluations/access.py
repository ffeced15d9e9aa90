"""Access to self-evaluations, answers and attachments. Every view calls one of these first.

Members of the organisation fill in and read; scheme-owner staff read (and talk in the thread);
nobody else. Another organisation's objects answer 404, a role that may not use a page 403, and
an anonymous visitor is sent to the sign-in page.
"""

from django.http import Http404

from keurmerk.accounts.access import require_role, require_staff
from keurmerk.accounts.models import STAFF_ROLES, Role

from .models import Answer, Attachment, SelfEvaluation

READERS = (Role.PROVIDER, *sorted(STAFF_ROLES))


def _self_evaluations():
    return SelfEvaluation.objects.select_related(
        "participation__organisation", "participation__cycle__framework", "submitted_by"
    )


def _found(obj):
    if obj is None:
        raise Http404("Niet gevonden")
    return obj


def _of_member(queryset, user, prefix):
    """Only rows of an organisation the user is a member of."""
    return queryset.filter(**{f"{prefix}participation__organisation__memberships__user": user})


def get_self_evaluation_for_member(request, pk):
    """A self-evaluation of one of the member's organisations, to fill in."""
    user = require_role(request, Role.PROVIDER)
    return _found(_of_member(_self_evaluations().filter(pk=pk), user, "").first())


def get_self_evaluation_for_reader(request, pk):
    """For members of the organisation and for scheme-owner staff (thread, PDF)."""
    user = require_role(request, *READERS)
    queryset = _self_evaluations().filter(pk=pk)
    if user.role == Role.PROVIDER:
        queryset = _of_member(queryset, user, "")
    return _found(queryset.first())


def get_self_evaluation_for_staff(request, pk):
    require_staff(request)
    return _found(_self_evaluations().select_related("based_on").filter(pk=pk).first())


def get_answer_for_member(request, pk):
    """An answer with its criterion and self-evaluation, in one query (autosave runs on this)."""
    user = require_role(request, Role.PROVIDER)
    queryset = Answer.objects.select_related("criterion", "self_evaluation").filter(pk=pk)
    return _found(_of_member(queryset, user, "self_evaluation__").first())


def get_attachment_for_member(request, pk):
    user = require_role(request, Role.PROVIDER)
    queryset = Attachment.objects.select_related("answer__self_evaluation", "answer__criterion").filter(pk=pk)
    return _found(_of_member(queryset, user, "answer__self_evaluation__").first())


def get_attachment_for_reader(request, pk):
    """A file is served only to those who may read its self-evaluation."""
    user = require_role(request, *READERS)
    queryset = Attachment.objects.filter(pk=pk)
    if user.role == Role.PROVIDER:
        queryset = _of_member(queryset, user, "answer__self_evaluation__")
    return _found(queryset.first())
