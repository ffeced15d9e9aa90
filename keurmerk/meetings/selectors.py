"""Reads of meetings that several pages share, each in a fixed number of queries."""

from collections import defaultdict

from django.db.models import Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from keurmerk.frameworks.models import AnswerFieldKind
from keurmerk.selfevaluations import rules
from keurmerk.selfevaluations.models import Answer, SelfEvaluation, Status

from .models import Meeting, PendingDraft, Registration, RegistrationStatus

REGISTERED = RegistrationStatus.REGISTERED


def with_places(queryset: QuerySet) -> QuerySet:
    """Meetings with `taken` (places of registered organisations) and their criteria."""
    return queryset.annotate(
        taken=Sum("registrations__places", filter=Q(registrations__status=REGISTERED), default=0)
    ).prefetch_related("criteria__norm")


def coming(now=None) -> QuerySet:
    """The public list: meetings that have not ended, soonest first."""
    return with_places(Meeting.objects.filter(ends_at__gt=now or timezone.now()).select_related("cycle"))


def past(now=None) -> QuerySet:
    return with_places(
        Meeting.objects.filter(ends_at__lte=now or timezone.now()).select_related("cycle")
    ).order_by("-starts_at")


def registration_of(meeting: Meeting, organisation_ids) -> Registration | None:
    """The active (registered or waiting) registration of one of the user's organisations."""
    return (
        meeting.registrations.exclude(status=RegistrationStatus.CANCELLED)
        .filter(organisation_id__in=organisation_ids)
        .select_related("organisation")
        .first()
    )


def waiting_position(registration: Registration) -> int:
    earlier = registration.meeting.registrations.filter(status=RegistrationStatus.WAITING).filter(
        Q(registered_at__lt=registration.registered_at)
        | Q(registered_at=registration.registered_at, pk__lt=registration.pk)
    )
    return earlier.count() + 1


def registrations_for_staff(meeting: Meeting) -> QuerySet:
    return meeting.registrations.select_related("organisation", "registered_by").order_by(
        "status", "registered_at", "pk"
    )


def current_self_evaluation(organisation, cycle) -> SelfEvaluation | None:
    """The organisation's self-evaluation of the cycle that a draft goes into: the open revision if
    there is one, else the first round (which may be submitted, then it is read-only)."""
    rounds = list(
        SelfEvaluation.objects.filter(
            participation__organisation=organisation, participation__cycle=cycle
        ).order_by("-round")
    )
    drafts = [se for se in rounds if se.status == Status.DRAFT]
    return (drafts or rounds or [None])[0]


def draft_rows(meeting: Meeting, organisation):
    """Per criterion of the meeting: (criterion, answer or None, pending draft or None), and the
    self-evaluation the answers belong to (None before it started)."""
    criteria = list(meeting.criteria.select_related("norm").order_by("norm__position", "position"))
    self_evaluation = current_self_evaluation(organisation, meeting.cycle_id)
    answers, drafts = {}, {}
    if self_evaluation is not None:
        answers = {
            a.criterion_id: a
            for a in Answer.objects.filter(
                self_evaluation=self_evaluation, criterion__in=criteria
            ).select_related("updated_by", "criterion")
        }
    else:
        drafts = {
            d.criterion_id: d
            for d in PendingDraft.objects.filter(
                organisation=organisation, cycle_id=meeting.cycle_id, criterion__in=criteria
            ).select_related("updated_by")
        }
    return self_evaluation, [_draft_row(c, answers.get(c.pk), drafts.get(c.pk)) for c in criteria]


def _draft_row(criterion, answer, draft):
    """What the meeting page needs to show the self-evaluation's own answer form (every declared
    field, so that saving the explanation keeps the number and web addresses) or a pending draft."""
    row = {"criterion": criterion, "answer": answer, "draft": draft}
    if answer is not None:
        row.update(
            number_field=rules.declared_field(criterion, AnswerFieldKind.NUMBER),
            url_field=rules.declared_field(criterion, AnswerFieldKind.URL),
            number_text=rules.format_number(answer.number),
            urls_text="\n".join(answer.urls or []),
        )
    return row


def attended_registrations(organisation_id: int, cycle_id: int | None = None) -> QuerySet:
    """The organisation's registrations recorded as attended, newest meeting first."""
    queryset = Registration.objects.filter(organisation_id=organisation_id, status=REGISTERED, attended=True)
    if cycle_id is not None:
        queryset = queryset.filter(meeting__cycle_id=cycle_id)
    criteria = Prefetch("meeting__criteria", queryset=meeting_criteria())
    return (
        queryset.select_related("meeting__cycle").prefetch_related(criteria).order_by("-meeting__starts_at")
    )


def meeting_criteria():
    from keurmerk.frameworks.models import Criterion

    return Criterion.objects.select_related("norm")


def discussed_by_criterion(organisation_id: int, cycle_id: int) -> dict:
    """{criterion id: [registration, …]}: the meetings of the cycle the organisation registered for
    that discussed the criterion, with their attendance (shown to the assessor and the member)."""
    registrations = (
        Registration.objects.filter(
            organisation_id=organisation_id, meeting__cycle_id=cycle_id, status=REGISTERED
        )
        .select_related("meeting")
        .prefetch_related("meeting__criteria")
        .order_by("meeting__starts_at")
    )
    found = defaultdict(list)
    for registration in registrations:
        for criterion in registration.meeting.criteria.all():
            found[criterion.pk].append(registration)
    return dict(found)


def attendance_rows(cycle_id: int | None = None) -> QuerySet:
    """Every registration (all statuses) for the scheme owner's overview and export."""
    queryset = Registration.objects.select_related("meeting__cycle", "organisation").order_by(
        "organisation__name", "meeting__starts_at", "pk"
    )
    if cycle_id is not None:
        queryset = queryset.filter(meeting__cycle_id=cycle_id)
    return queryset
