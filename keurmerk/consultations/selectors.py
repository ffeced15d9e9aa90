"""Reads of consultation rounds that several views, exports and commands share.

`round_results` gathers everything the results page, the report (page, PDF, XLSX) and the
`consultation_results` command show, in a fixed number of queries whatever the number of
invitees, responses and comments.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from keurmerk.frameworks.models import Framework
from keurmerk.frameworks.selectors import framework_with_contents

from . import results as calc
from .models import Aspect, Comment, ConsultationRound, Invitee, InviteeType, Response, ResponseStatus, Score

SUBMITTED = ResponseStatus.SUBMITTED


def rounds_overview():
    """All rounds, newest first, with their number of invitees and of submitted responses."""
    return ConsultationRound.objects.select_related("framework").annotate(
        invited=Count("invitees", distinct=True),
        responded=Count("invitees", filter=Q(invitees__response__status=SUBMITTED), distinct=True),
    )


def round_norms(consultation_round):
    """The norms of the round's framework in order, with their criteria (prefetched)."""
    framework = framework_with_contents(Framework.objects.filter(pk=consultation_round.framework_id)).get()
    return list(framework.norms.all())


def invitees_with_status(consultation_round):
    return consultation_round.invitees.select_related("response").order_by("organisation", "email")


def submitted_scores(consultation_round):
    """(norm_key, aspect, value, invitee type) of every score in a submitted response."""
    return list(
        Score.objects.filter(
            response__invitee__round=consultation_round, response__status=SUBMITTED
        ).values_list("norm_key", "aspect", "value", "response__invitee__type")
    )


def response_answers(response):
    """The stored answers of a response: ({(norm_key, aspect): value}, {(norm_key, criterion_key): text})."""
    if response is None:
        return {}, {}
    scores = {(s.norm_key, s.aspect): s.value for s in response.scores.all()}
    comments = {(c.norm_key, c.criterion_key): c.text for c in response.comments.all()}
    return scores, comments


def response_overview(norms, response):
    """A stored response per norm, for the read-only page: scores per aspect and the comments."""
    scores, comments = response_answers(response)
    sections = []
    for norm in norms:
        sections.append(
            {
                "norm": norm,
                "scores": [(aspect.label, scores.get((norm.key, aspect.value))) for aspect in Aspect],
                "comment": comments.get((norm.key, ""), ""),
                "criteria": [(c, comments.get((norm.key, c.key), "")) for c in norm.criteria.all()],
            }
        )
    return sections, comments.get(("", ""), "")


def response_version(invitee):
    """The stored version of the invitee's response (0 when there is none yet)."""
    return Response.objects.filter(invitee=invitee).values_list("version", flat=True).first() or 0


@dataclass
class CommentRow:
    comment: Comment
    heading: str  # the group it is shown under: "Algemeen" or the norm
    subject: str  # what exactly it is about: the norm itself or a criterion
    order: tuple
    criterion: object = None
    change_label: str = ""  # the change in the concept its disposition names (views fill it in)

    @property
    def disposition(self):
        return getattr(self.comment, "disposition", None)

    @property
    def invitee(self):
        return self.comment.response.invitee


def _subjects(norms):
    """Labels by (norm_key, criterion_key), and a sort order that follows the framework."""
    labels = {("", ""): (_("Algemeen"), _("Het normenkader als geheel"), (0, 0, 0), None)}
    for i, norm in enumerate(norms, start=1):
        heading = _("Norm %(number)s %(subject)s") % {"number": norm.number, "subject": norm.subject}
        whole = _("Norm %(number)s als geheel") % {"number": norm.number}
        labels[(norm.key, "")] = (heading, whole, (i, 0, 0), None)
        for j, criterion in enumerate(norm.criteria.all(), start=1):
            subject = _("Norm %(norm)s, criterium %(criterion)s") % {
                "norm": norm.number,
                "criterion": criterion.number,
            }
            labels[(norm.key, criterion.key)] = (heading, subject, (i, 1, j), criterion)
    return labels


def _unknown_subject(comment, count):
    label = _("Onderdeel ‘%(key)s’ (niet meer in het normenkader)") % {
        "key": comment.criterion_key or comment.norm_key
    }
    return (label, label, (count + 1, 0, 0), None)


def round_comments(consultation_round, norms):
    """Every comment of a submitted response, in the framework's order, with what it is about."""
    comments = Comment.objects.filter(
        response__invitee__round=consultation_round, response__status=SUBMITTED
    ).select_related("response__invitee", "disposition__by")
    labels = _subjects(norms)
    rows = []
    for comment in comments:
        key = (comment.norm_key, comment.criterion_key)
        heading, subject, order, criterion = labels.get(key) or _unknown_subject(comment, len(norms))
        rows.append(CommentRow(comment, heading, subject, order + (comment.pk,), criterion))
    return sorted(rows, key=lambda row: row.order)


def comment_groups(rows):
    """[(heading, [rows])] in order, for pages that show the comments per norm."""
    groups = []
    for row in rows:
        if not groups or groups[-1][0] != row.heading:
            groups.append((row.heading, []))
        groups[-1][1].append(row)
    return groups


@dataclass
class TableRow:
    norm: object
    cells: list
    mean: object


@dataclass
class TableView:
    """A means table in the order of the framework's norms and of the aspects, for templates."""

    rows: list
    columns: list
    overall: object

    @classmethod
    def build(cls, table, norms):
        rows = [TableRow(n, [table.cell(n.key, a) for a in calc.ASPECTS], table.rows[n.key]) for n in norms]
        return cls(rows, [table.columns[a] for a in calc.ASPECTS], table.overall)


@dataclass
class TypeResults:
    type_label: str
    invited: int
    responses: int
    table: TableView | None


@dataclass
class RoundResults:
    round: ConsultationRound
    norms: list
    invited: int
    responses: int
    table: calc.MeansTable
    view: TableView
    by_type: list = field(default_factory=list)
    distribution: list = field(default_factory=list)
    comments: list = field(default_factory=list)

    @property
    def response_rate(self):
        return calc.response_rate(self.responses, self.invited)

    @property
    def aspect_labels(self):
        return [Aspect(a).label for a in calc.ASPECTS]

    @property
    def chart_width(self):
        return calc.chart_width()

    @property
    def comment_groups(self):
        return comment_groups(self.comments)

    def as_json(self):
        return calc.results_json(
            invited=self.invited, responses=self.responses, table=self.table, norms=self.norms
        )


def _counts_by_type(consultation_round):
    rows = (
        Invitee.objects.filter(round=consultation_round)
        .values("type")
        .annotate(invited=Count("pk"), responded=Count("pk", filter=Q(response__status=SUBMITTED)))
    )
    return {row["type"]: (row["invited"], row["responded"]) for row in rows}


def _by_type(consultation_round, scores, norms, counts):
    keys = [n.key for n in norms]
    out = []
    for invitee_type in InviteeType:
        invited, responded = counts.get(invitee_type.value, (0, 0))
        own = [(n, a, v) for n, a, v, t in scores if t == invitee_type.value]
        table = TableView.build(calc.means_table(own, keys), norms) if responded else None
        out.append(TypeResults(invitee_type.label, invited, responded, table))
    return out


def _distribution(scores, norms):
    keys = [n.key for n in norms]
    counts = calc.distribution(((n, a, v) for n, a, v, _t in scores), keys)
    scale_max = max((c for row in counts.values() for c in row), default=0)
    out = []
    for norm in norms:
        aspects = []
        for aspect in calc.ASPECTS:
            row = counts[(norm.key, aspect)]
            aspects.append(
                {
                    "label": Aspect(aspect).label,
                    "counts": row,
                    "total": sum(row),
                    "bars": calc.bars(row, scale_max),
                }
            )
        out.append({"norm": norm, "aspects": aspects})
    return out


def round_results(consultation_round, *, with_comments=True):
    """All figures of a round, from the submitted responses only (drafts do not count)."""
    norms = round_norms(consultation_round)
    scores = submitted_scores(consultation_round)
    counts = _counts_by_type(consultation_round)
    table = calc.means_table(((n, a, v) for n, a, v, _t in scores), [n.key for n in norms])
    return RoundResults(
        round=consultation_round,
        norms=norms,
        invited=sum(i for i, _r in counts.values()),
        responses=sum(r for _i, r in counts.values()),
        table=table,
        view=TableView.build(table, norms),
        by_type=_by_type(consultation_round, scores, norms, counts),
        distribution=_distribution(scores, norms),
        comments=round_comments(consultation_round, norms) if with_comments else [],
    )
