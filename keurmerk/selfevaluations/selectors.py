"""Reads of self-evaluations that several views, services and the PDF share.

`questions_page` builds the whole questionnaire of a self-evaluation (norms, criteria, answers,
attachments, progress) in a fixed number of queries, whatever the size of the framework.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Max, Prefetch, Q

from keurmerk.audit.models import AuditEvent
from keurmerk.cycles import calendar
from keurmerk.cycles.models import Phase
from keurmerk.frameworks.changes import text_diff
from keurmerk.frameworks.models import AnswerFieldKind, Criterion, Norm
from keurmerk.frameworks.selectors import criterion_sections

from . import hooks, rules
from .access import describe_answer
from .models import Answer, Message, Round, SelfEvaluation, Status


@dataclass
class Question:
    criterion: object
    answer: object
    optional: bool
    complete: bool
    number_field: dict | None = None
    url_field: dict | None = None
    attachment_field: dict | None = None
    offer: object = None  # the mirror report's value for a number field, to confirm
    previous: object = None  # the same criterion's answer in the round this one revises
    diff: list = field(default_factory=list)
    changed: bool = False
    message_count: int = 0

    @property
    def anchor(self):
        return f"vraag-{self.criterion.key}"

    @property
    def described(self):
        """The signed description the answer form carries, so that its autosave reads nothing first."""
        return describe_answer(self.answer, self.criterion, self.optional)

    @property
    def number_display(self):
        return rules.format_number(self.answer.number)

    @property
    def urls_text(self):
        return "\n".join(self.answer.urls or [])


@dataclass
class NormBlock:
    norm: object
    sections: list
    required: int = 0
    done: int = 0
    optional: int = 0

    @property
    def percent(self):
        return round(100 * self.done / self.required) if self.required else 100


@dataclass
class QuestionsPage:
    self_evaluation: object
    norms: list
    required: int = 0
    done: int = 0
    optional: int = 0
    missing: list = field(default_factory=list)

    @property
    def percent(self):
        return round(100 * self.done / self.required) if self.required else 100

    @property
    def questions(self):
        return [q for block in self.norms for _group, qs in block.sections for q in qs]


def _norms(framework):
    criteria = Criterion.objects.select_related("group").prefetch_related("target_values")
    return (
        Norm.objects.filter(framework=framework)
        .select_related("level")
        .prefetch_related("groups", Prefetch("criteria", queryset=criteria), "guide_items")
        .order_by("position")
    )


def _answers(self_evaluation):
    return {
        a.criterion_id: a
        for a in Answer.objects.filter(self_evaluation=self_evaluation)
        .select_related("updated_by")
        .prefetch_related("attachments")
    }


def _message_counts(self_evaluation):
    rows = (
        Message.objects.filter(self_evaluation=self_evaluation, criterion__isnull=False)
        .values("criterion_id")
        .annotate(n=Count("pk"))
    )
    return {row["criterion_id"]: row["n"] for row in rows}


def indicator_offers(participation, criteria):
    """{indicator key: value} from the mirror report, of the year the question is about.

    The 2022 questions ask about the year before the cycle ("gemiddelde behandeltijd in 2021"), so
    the value of cycle year − 1 is offered. Empty while no indicator source is registered
    (`hooks.indicator_value`, registered by `core` from the mirror module).
    """
    keys = {f["indicator"] for c in criteria for f in (c.answer_fields or []) if f.get("indicator")}
    if not keys:
        return {}
    year = participation.cycle.year - 1
    values = {key: hooks.indicator_value(participation.organisation, year, key) for key in sorted(keys)}
    return {key: value for key, value in values.items() if value is not None}


def _question(criterion, answer, participation, offers):
    number_field = rules.declared_field(criterion, AnswerFieldKind.NUMBER)
    return Question(
        criterion=criterion,
        answer=answer,
        optional=rules.is_optional(criterion, participation),
        complete=rules.is_complete(answer, criterion),
        number_field=number_field,
        url_field=rules.declared_field(criterion, AnswerFieldKind.URL),
        attachment_field=rules.declared_field(criterion, AnswerFieldKind.ATTACHMENT),
        offer=offers.get(number_field.get("indicator")) if number_field else None,
    )


def _compare(question, previous):
    """The inline word difference of the explanation against the round this one revises."""
    question.previous = previous
    if previous is None:
        return
    old, new = previous.explanation, question.answer.explanation
    question.changed = (
        old.split() != new.split()
        or previous.number != question.answer.number
        or previous.urls != question.answer.urls
    )
    if old.split() != new.split():
        question.diff = text_diff(old, new)


def _count(page, block, question):
    if question.optional:
        block.optional += 1
        return
    block.required += 1
    if question.complete:
        block.done += 1
    else:
        page.missing.append(question)


@dataclass
class _Builder:
    participation: object
    answers: dict
    offers: dict
    previous: dict
    counts: dict
    compare: bool

    def question(self, criterion):
        question = _question(criterion, self.answers[criterion.pk], self.participation, self.offers)
        question.message_count = self.counts.get(criterion.pk, 0)
        if self.compare:
            _compare(question, self.previous.get(criterion.pk))
        return question

    def block(self, page, norm):
        block = NormBlock(norm=norm, sections=[])
        for group, criteria in criterion_sections(norm):
            # Every criterion has its answer (created with the self-evaluation); skip none silently.
            questions = [self.question(c) for c in criteria if c.pk in self.answers]
            for question in questions:
                _count(page, block, question)
            block.sections.append((group, questions))
        return block


def questions_page(self_evaluation, *, with_offers=False, compare=False):
    """All norms and questions of a self-evaluation with answers, attachments and progress."""
    participation = self_evaluation.participation
    norms = list(_norms(participation.cycle.framework))
    criteria = [c for n in norms for c in n.criteria.all()]
    builder = _Builder(
        participation=participation,
        answers=_answers(self_evaluation),
        offers=indicator_offers(participation, criteria) if with_offers else {},
        previous=_answers(self_evaluation.based_on_id) if compare and self_evaluation.based_on_id else {},
        counts=_message_counts(self_evaluation),
        compare=compare,
    )
    page = QuestionsPage(self_evaluation=self_evaluation, norms=[])
    for norm in norms:
        block = builder.block(page, norm)
        page.norms.append(block)
        page.required += block.required
        page.done += block.done
        page.optional += block.optional
    return page


def missing_answers(self_evaluation):
    """The required questions that are not complete, in framework order (one query)."""
    participation = self_evaluation.participation
    answers = (
        Answer.objects.filter(self_evaluation=self_evaluation)
        .select_related("criterion__norm")
        .order_by("criterion__norm__position", "criterion__position")
    )
    return [
        a
        for a in answers
        if not rules.is_optional(a.criterion, participation) and not rules.is_complete(a, a.criterion)
    ]


def phase_of(self_evaluation):
    return Phase.REVISION if self_evaluation.round == Round.REVISION else Phase.SELFEVALUATION


def deadline(self_evaluation):
    """The last day to submit (23:59:59 Amsterdam), an administrator's extension included."""
    return calendar.deadline(self_evaluation.participation, phase_of(self_evaluation))


def previous_submitted(participation):
    """Last year's latest submitted self-evaluation of the same organisation, for carrying forward."""
    return (
        SelfEvaluation.objects.filter(
            participation__organisation_id=participation.organisation_id,
            participation__cycle__year=participation.cycle.year - 1,
            status=Status.SUBMITTED,
        )
        .select_related("participation__cycle__framework")
        .order_by("-round")
        .first()
    )


def rounds_of(participation):
    return list(
        SelfEvaluation.objects.filter(participation=participation)
        .select_related("submitted_by")
        .order_by("round")
    )


def thread(self_evaluation):
    return list(
        Message.objects.filter(self_evaluation=self_evaluation)
        .select_related("author", "criterion__norm")
        .order_by("created_at", "pk")
    )


def criteria_of(self_evaluation):
    return list(
        Criterion.objects.filter(norm__framework_id=self_evaluation.participation.cycle.framework_id)
        .select_related("norm")
        .order_by("norm__position", "position")
    )


def history(self_evaluation):
    """The audit rows of the participation's self-evaluation steps, oldest first."""
    return (
        AuditEvent.objects.filter(participation_id=self_evaluation.participation_id)
        .filter(Q(action__startswith="selfevaluation") | Q(object_type="selfevaluations.selfevaluation"))
        .order_by("pk")
    )


def for_staff(*, year=None, status=None, with_messages=False):
    """Every self-evaluation with its thread's size and latest message, for the staff overview."""
    qs = SelfEvaluation.objects.select_related(
        "participation__organisation", "participation__cycle"
    ).annotate(message_total=Count("messages"), last_message_at=Max("messages__created_at"))
    if year:
        qs = qs.filter(participation__cycle__year=year)
    if status:
        qs = qs.filter(status=status)
    if with_messages:
        qs = qs.filter(message_total__gt=0).order_by("-last_message_at")
    else:
        qs = qs.order_by("-participation__cycle__year", "participation__organisation__name", "round")
    return qs
