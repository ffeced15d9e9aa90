"""Access to self-evaluations, answers and attachments. Every view calls one of these first.

Members of the organisation fill in and read; scheme-owner staff read (and talk in the thread);
nobody else. Another organisation's objects answer 404, a role that may not use a page 403, and
an anonymous visitor is sent to the sign-in page.
"""

from django.core import signing
from django.http import Http404

from keurmerk.accounts.access import require_role, require_staff
from keurmerk.accounts.models import STAFF_ROLES, Role
from keurmerk.frameworks.models import AnswerFieldKind, Criterion

from . import rules
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
    """An answer with its criterion, self-evaluation and participation, in one query."""
    user = require_role(request, Role.PROVIDER)
    queryset = Answer.objects.select_related("criterion", "self_evaluation__participation").filter(pk=pk)
    return _found(_of_member(queryset, user, "self_evaluation__").first())


# -- the autosave's described answer ------------------------------------------------------------------
# The page signs, per answer form, what a save needs to know of its question: which answer fields
# the criterion declares and whether the question is optional for this provider. With it an
# autosave reads nothing before its write: the conditional UPDATE itself checks that the user is a
# member of the answer's organisation, that the self-evaluation is a draft and that the version is
# the one the form holds (`services.answer_save(..., require_member=True)`). The signature only
# vouches for facts of the criterion and participation that do not change while a page is open.
DESCRIBED_SALT = "keurmerk.selfevaluations.answer-form"
_KINDS = (AnswerFieldKind.NUMBER, AnswerFieldKind.URL)


def describe_answer(answer, criterion, optional):
    """The signed description the answer form carries (a hidden field)."""
    kinds = [kind for kind in _KINDS if rules.declared_field(criterion, kind)]
    return signing.Signer(salt=DESCRIBED_SALT).sign_object([answer.pk, kinds, bool(optional)])


def _described(request, pk):
    text = request.POST.get("described", "")
    try:
        answer_pk, kinds, optional = signing.Signer(salt=DESCRIBED_SALT).unsign_object(text)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if answer_pk != pk:
        return None
    criterion = Criterion(answer_fields=[{"kind": kind} for kind in kinds if kind in _KINDS])
    answer = Answer(pk=pk, criterion=criterion)
    answer.optional = optional
    return answer


def get_answer_to_autosave(request, pk):
    """The answer an htmx autosave writes: from the form's signed description without a query (the
    save's UPDATE then checks membership, draft state and version), else read as for a member.

    Whatever the save then refuses is answered after `get_answer_for_member`, so that another
    organisation's answer still answers 404."""
    require_role(request, Role.PROVIDER)
    described = _described(request, pk) if request.headers.get("HX-Request") == "true" else None
    return described or get_answer_for_member(request, pk)


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
