"""Workflow steps of the self-evaluation (zelfevaluatie), handbook Fase 3.1 and 3.3.

Fase 3.1: the provider fills in a self-evaluation (one question per qualification criterion) and
submits it by the deadline (31 January in the handbook). Fase 3.3: a provider that did not yet
qualify may submit one revised version (until 31 March). Every step here checks the state, writes
inside one transaction and, where it is a step of the scheme, an audit row; notifications go out
when the transaction commits.

Saving a draft answer is not a step of the scheme: it writes no audit row (the submission records
the result), so that autosaving every few seconds stays one short UPDATE.
"""

import functools
import logging
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from keurmerk.accounts.models import Role
from keurmerk.cycles.calendar import phase_open
from keurmerk.cycles.models import Participation, Phase, State
from keurmerk.cycles.notices import members_of, notify_members
from keurmerk.cycles.services import TransitionError
from keurmerk.frameworks.models import Criterion, FrameworkStatus
from keurmerk.lib.dates import format_moment
from keurmerk.notifications.services import notify, notify_users
from keurmerk.organisations.models import Membership

from . import files, selectors
from .models import (
    MAX_EXPLANATION,
    Answer,
    Attachment,
    CarryStatus,
    Message,
    Round,
    SelfEvaluation,
    Status,
    big_validator,
)
from .states import SELF_EVALUATION, record

log = logging.getLogger(__name__)
MAX_URLS = 20
MAX_MESSAGE = 10_000
MAX_ATTACHMENTS = 20


class FrozenError(TransitionError):
    """A submitted self-evaluation cannot change."""

    def __init__(self):
        super().__init__(
            _("Deze zelfevaluatie is ingediend en kan niet meer worden gewijzigd."), code="frozen"
        )


class AnswerConflict(Exception):
    """The answer was saved by someone else since the version this save started from."""

    def __init__(self, current):
        self.current = current
        super().__init__(f"answer {current.pk} is at version {current.version}")


class IncompleteError(TransitionError):
    """Submission refused: required answers are missing (the checklist lists them)."""

    def __init__(self, missing):
        self.missing = missing
        super().__init__(
            _("Nog niet alle verplichte vragen zijn beantwoord (%(n)s open).") % {"n": len(missing)},
            code="incomplete",
        )


def _lock_participation(participation):
    return (
        Participation.objects.select_for_update()
        .select_related("organisation", "cycle__framework")
        .get(pk=participation.pk)
    )


def _lock_self_evaluation(self_evaluation):
    return (
        SelfEvaluation.objects.select_for_update()
        .select_related("participation__organisation", "participation__cycle__framework")
        .get(pk=self_evaluation.pk)
    )


def _criteria(framework):
    return list(Criterion.objects.filter(norm__framework=framework).order_by("norm__position", "position"))


def _criterion_wording(criterion):
    return (criterion.text.split(), [item.split() for item in criterion.sub_items or []])


# -- starting ---------------------------------------------------------------------------------------

# Steps of modules above this one that bring content into a self-evaluation as it starts (the
# meetings module: drafts written at a dialogue meeting before the start, handbook Fase 2). Each is
# called as `hook(self_evaluation=..., user=...)` inside the start's transaction, after the answers
# exist; it writes answers through `answer_save` like a member would. Registered from the module's
# AppConfig.ready(), so this module never imports the modules above it.
_START_HOOKS: list = []


def on_self_evaluation_start(hook):
    """Register `hook` to run when a first-round self-evaluation starts (once per hook)."""
    if hook not in _START_HOOKS:
        _START_HOOKS.append(hook)
    return hook


def _copy_attachments(pairs):
    """Attachment rows for new answers pointing at the same stored files: (old answer, new answer)."""
    rows = [
        Attachment(
            answer=new,
            path=a.path,
            sha256=a.sha256,
            original_name=a.original_name,
            content_type=a.content_type,
            size=a.size,
            uploaded_by=a.uploaded_by,
        )
        for old, new in pairs
        for a in old.attachments.all()
    ]
    Attachment.objects.bulk_create(rows)


def _carried_answer(self_evaluation, criterion, source_answers):
    """The new answer for `criterion`, from last year's answer when the criterion is unchanged."""
    old = source_answers.get(criterion.key)
    if old is None:
        return Answer(
            self_evaluation=self_evaluation, criterion=criterion, carry_status=CarryStatus.NEW
        ), None
    if _criterion_wording(old.criterion) != _criterion_wording(criterion):
        return Answer(
            self_evaluation=self_evaluation, criterion=criterion, carry_status=CarryStatus.CHANGED
        ), None
    answer = Answer(
        self_evaluation=self_evaluation,
        criterion=criterion,
        explanation=old.explanation,
        number=old.number,
        urls=list(old.urls),
        carry_status=CarryStatus.CARRIED,
    )
    return answer, old


def _create_answers(self_evaluation, criteria, source=None):
    """One answer per criterion; with a `source` (last year's), unchanged criteria keep its answer."""
    if source is None:
        Answer.objects.bulk_create(Answer(self_evaluation=self_evaluation, criterion=c) for c in criteria)
        return
    source_answers = {
        a.criterion.key: a for a in source.answers.select_related("criterion").prefetch_related("attachments")
    }
    built = [_carried_answer(self_evaluation, c, source_answers) for c in criteria]
    Answer.objects.bulk_create([answer for answer, _old in built])
    _copy_attachments([(old, answer) for answer, old in built if old is not None])


@transaction.atomic
def self_evaluation_start(*, participation, user, carry_forward=False, now=None):
    """Fase 3.1 step 5: the provider starts filling in the self-evaluation once the phase is open.

    A returning holder may start from last year's answers: a criterion whose stable key and wording
    are unchanged keeps its answer; changed and new criteria start empty and are marked as such.
    Drafts prepared before the start (at a dialogue meeting, Fase 2) come in through the hooks
    registered with `on_self_evaluation_start`. Starting twice returns the one already started.
    """
    participation = _lock_participation(participation)
    existing = SelfEvaluation.objects.filter(participation=participation, round=Round.FIRST).first()
    if existing:
        return existing
    if participation.state != State.SIGNED:
        raise TransitionError(_("De zelfevaluatie begint nadat de overeenkomst is ondertekend."))
    if not phase_open(participation, Phase.SELFEVALUATION, now=now):
        raise TransitionError(_("De periode om de zelfevaluatie in te vullen is nu niet open."))
    if participation.cycle.framework.status != FrameworkStatus.PUBLISHED:
        # The answers are to the published text only: a concept can still change under them.
        raise TransitionError(
            _("Het normenkader van %(year)s is nog niet gepubliceerd; de zelfevaluatie begint daarna.")
            % {"year": participation.cycle.year}
        )
    source = _carry_source(participation) if carry_forward else None
    self_evaluation = SelfEvaluation.objects.create(
        participation=participation, round=Round.FIRST, created_by=user, carried_from=source
    )
    _create_answers(self_evaluation, _criteria(participation.cycle.framework), source)
    for hook in _START_HOOKS:
        hook(self_evaluation=self_evaluation, user=user)
    record(
        actor=user,
        action="selfevaluation_started",
        obj=self_evaluation,
        participation=participation,
        data={"round": Round.FIRST, "carried_from": source.pk if source else None},
    )
    return self_evaluation


def _carry_source(participation):
    if not participation.is_returning:
        raise TransitionError(_("Alleen keurmerkdragers van vorig jaar kunnen antwoorden overnemen."))
    source = selectors.previous_submitted(participation)
    if source is None:
        raise TransitionError(_("Er is geen ingediende zelfevaluatie van vorig jaar om uit over te nemen."))
    return source


def _copy_answers(self_evaluation, source):
    old_answers = list(source.answers.prefetch_related("attachments"))
    new_answers = [
        Answer(
            self_evaluation=self_evaluation,
            criterion_id=old.criterion_id,
            explanation=old.explanation,
            number=old.number,
            urls=list(old.urls),
        )
        for old in old_answers
    ]
    Answer.objects.bulk_create(new_answers)
    _copy_attachments(list(zip(old_answers, new_answers, strict=True)))


def _revision_refusal(participation, existing, now):
    """Why no revision can start now, or None."""
    if existing:
        return _("U heeft de zelfevaluatie al eenmaal aangepast; een tweede aanpassing kan niet.")
    if participation.state != State.NOT_QUALIFIED:
        return _("Aanpassen kan alleen als u zich nog niet heeft gekwalificeerd.")
    if not phase_open(participation, Phase.REVISION, now=now):
        return _("De periode om de zelfevaluatie aan te passen is nu niet open.")
    return None


@transaction.atomic
def revision_start(*, participation, user, now=None):
    """Fase 3.3: a provider that has not yet qualified starts its one revised self-evaluation.

    It starts as a copy of the submitted first round (answers and attachments). A second revision
    is refused; starting the same one twice returns it.
    """
    participation = _lock_participation(participation)
    existing = SelfEvaluation.objects.filter(participation=participation, round=Round.REVISION).first()
    if existing and existing.is_draft and participation.state == State.NOT_QUALIFIED:
        return existing
    refusal = _revision_refusal(participation, existing, now)
    if refusal:
        raise TransitionError(refusal)
    first = SelfEvaluation.objects.filter(
        participation=participation, round=Round.FIRST, status=Status.SUBMITTED
    ).first()
    if first is None:
        raise TransitionError(_("Er is geen ingediende zelfevaluatie om aan te passen."))
    revision = SelfEvaluation.objects.create(
        participation=participation,
        round=Round.REVISION,
        based_on=first,
        created_by=user,
        reviewer_name=first.reviewer_name,
        reviewer_big=first.reviewer_big,
    )
    _copy_answers(revision, first)
    record(
        actor=user,
        action="selfevaluation_revision_started",
        obj=revision,
        participation=participation,
        data={"round": Round.REVISION, "based_on": first.pk},
    )
    return revision


# -- answers ----------------------------------------------------------------------------------------


def _check_answer(explanation, urls):
    if len(explanation) > MAX_EXPLANATION:
        raise ValidationError(
            _("De toelichting is %(n)s tekens lang; het maximum is 20.000. Kort de tekst in.")
            % {"n": f"{len(explanation):,}".replace(",", ".")},
            code="too_long",
        )
    if len(urls) > MAX_URLS:
        raise ValidationError(_("Geef hoogstens %(n)s webadressen.") % {"n": MAX_URLS}, code="too_many")
    for url in urls:
        if not url.lower().startswith(("http://", "https://")):
            raise ValidationError(_("Een webadres begint met https:// of http://."), code="scheme")


def _refusal(answer, member):
    """Why a conditional save changed no row: not the member's answer (`Answer.DoesNotExist`), the
    self-evaluation was submitted, or a conflict."""
    current = Answer.objects.select_related("self_evaluation", "updated_by").filter(pk=answer.pk)
    if member is not None:
        current = current.filter(self_evaluation__participation__organisation__memberships__user=member)
    current = current.first()
    if current is None:
        return Answer.DoesNotExist(f"answer {answer.pk} is not of an organisation of the user")
    if current.self_evaluation.status != Status.DRAFT:
        return FrozenError()
    return AnswerConflict(current)


@functools.cache
def _conditional_update(vendor, require_member):
    """The autosave's one statement, written out once per process: `UPDATE answer SET … WHERE id = …
    AND version = … AND EXISTS (its self-evaluation is a draft [and the user is a member of its
    organisation])`. Building the same statement with the ORM on every save was two thirds of a
    save's CPU (bench/autosave_profile.py); the SQL is the one the ORM wrote, in both dialects."""
    q = connection.ops.quote_name
    answer, se, participation, membership = (
        m._meta.db_table for m in (Answer, SelfEvaluation, Participation, Membership)
    )
    member = (
        f" JOIN {q(participation)} p ON p.{q('id')} = se.{q('participation_id')}"
        f" JOIN {q(membership)} m ON m.{q('organisation_id')} = p.{q('organisation_id')} AND m.{q('user_id')} = %s"
        if require_member
        else ""
    )
    # Only table and column names of our own models go into the text; every value is a parameter.
    return (
        f"UPDATE {q(answer)} SET {q('explanation')} = %s, {q('number')} = %s, {q('urls')} = %s, "  # noqa: S608
        f"{q('version')} = {q('version')} + 1, {q('updated_at')} = %s, {q('updated_by_id')} = %s "
        f"WHERE {q('id')} = %s AND {q('version')} = %s AND EXISTS (SELECT 1 FROM {q(se)} se{member} "
        f"WHERE se.{q('id')} = {q(answer)}.{q('self_evaluation_id')} AND se.{q('status')} = %s)"
    )


def _prepared(name, value):
    return Answer._meta.get_field(name).get_db_prep_save(value, connection)


def _update_if_saveable(answer, user, version, require_member, values):
    """Run the conditional UPDATE; True when it changed the row."""
    explanation, number, urls, now = values
    params = [explanation, _prepared("number", number), _prepared("urls", urls), _prepared("updated_at", now)]
    params += [user.pk, answer.pk, version, *([user.pk] if require_member else []), Status.DRAFT.value]
    with connection.cursor() as cursor:
        cursor.execute(_conditional_update(connection.vendor, require_member), params)
        return cursor.rowcount == 1


def answer_save(*, answer, user, version, explanation, number=None, urls=(), require_member=False):
    """Store a draft answer, if nobody saved it since `version` (optimistic locking).

    One conditional UPDATE: it changes the row only while the version is still `version` and the
    self-evaluation is a draft (and, with `require_member`, only while `user` is a member of the
    answer's organisation: the autosave checks access in the write itself). Otherwise it raises
    `AnswerConflict` with the stored answer (the member then picks or merges), `FrozenError`, or
    `Answer.DoesNotExist`. Returns the answer with its new version.
    """
    urls = list(urls or [])
    _check_answer(explanation, urls)
    number = Decimal(number) if number is not None else None
    now = timezone.now()
    # One statement is one transaction of its own: the version check and the write cannot be split
    # (on PostgreSQL a concurrent save re-checks the version after the row lock; SQLite serialises
    # writers). No explicit block, which would cost every autosave another round trip.
    if not _update_if_saveable(answer, user, version, require_member, (explanation, number, urls, now)):
        raise _refusal(answer, user if require_member else None)
    answer.explanation, answer.number, answer.urls = explanation, number, urls
    answer.version, answer.updated_at, answer.updated_by = version + 1, now, user
    return answer


def _refuse_unless_draft(self_evaluation):
    if self_evaluation.status != Status.DRAFT:
        raise FrozenError()


@transaction.atomic
def attachment_add(*, answer, user, content, name):
    """Attach a file (PDF, DOCX, XLSX, PNG or JPEG, at most 10 MB; the type read from the content)."""
    self_evaluation = _lock_self_evaluation(answer.self_evaluation)
    _refuse_unless_draft(self_evaluation)
    file_type = files.detect(content, name)
    if answer.attachments.count() >= MAX_ATTACHMENTS:
        raise ValidationError(_("Een antwoord heeft hoogstens %(n)s bijlagen.") % {"n": MAX_ATTACHMENTS})
    path, sha = files.store(content, file_type)
    return Attachment.objects.create(
        answer=answer,
        path=path,
        sha256=sha,
        original_name=name[:255],
        content_type=file_type.content_type,
        size=len(content),
        uploaded_by=user,
    )


@transaction.atomic
def attachment_remove(*, attachment, user):
    """Remove an attachment from a draft answer; the file goes once nothing refers to it."""
    self_evaluation = _lock_self_evaluation(attachment.answer.self_evaluation)
    _refuse_unless_draft(self_evaluation)
    path = attachment.path
    attachment.delete()
    transaction.on_commit(lambda: files.remove_if_unreferenced(path))


# -- submitting -------------------------------------------------------------------------------------


def _check_submitter(filled_in_by, reviewer_name, reviewer_big):
    errors = {}
    if not filled_in_by.strip():
        errors["filled_in_by"] = _("Vul in wie de zelfevaluatie heeft ingevuld.")
    if reviewer_big and not reviewer_name.strip():
        errors["reviewer_name"] = _("Vul ook de naam van de behandelaar in bij het BIG-nummer.")
    if reviewer_big:
        try:
            big_validator(reviewer_big)
        except ValidationError as exc:
            errors["reviewer_big"] = exc.messages[0]
    if errors:
        raise ValidationError(errors)


def _check_submittable(self_evaluation, user, now):
    _refuse_unless_draft(self_evaluation)
    refused = SELF_EVALUATION.refusal(SELF_EVALUATION.step("submit"), self_evaluation, user, now)
    if refused is not None:
        raise TransitionError(refused.reason)
    missing = selectors.missing_answers(self_evaluation)
    if missing:
        raise IncompleteError(missing)


def _lock_answers(self_evaluation):
    """Lock the answers the submission checks (in one order, so two submissions cannot deadlock).

    An autosave's conditional UPDATE does not lock the self-evaluation row, so without this an
    autosave that empties a required answer after the check and before the commit would leave a
    submitted self-evaluation with an empty required answer. Now such a save either commits first
    (and the check sees the empty answer) or waits for the submission and then finds the version
    moved on (refused as frozen)."""
    locked = Answer.objects.select_for_update().filter(self_evaluation=self_evaluation).order_by("pk")
    return list(locked.values_list("pk", flat=True))


@transaction.atomic
def self_evaluation_submit(
    *, self_evaluation, user, filled_in_by, reviewer_name="", reviewer_big="", now=None
):
    """Fase 3.1 step 6 (or 3.3 step 10): send the self-evaluation to the scheme owner.

    Refused after the deadline (23:59:59 Amsterdam on the last day) unless an administrator granted
    an extension, and while a required answer is missing. Records who filled it in and which
    behandelaar reviewed it: the handbook urges one (Fase 3.1, footnote), so a missing reviewer is a
    warning for the member, never a refusal. The submitted version is frozen from then on; the
    members get a confirmation e-mail with a PDF of the answers. The step "submit" in `states.py`
    takes the participation's own step along.
    """
    self_evaluation = _lock_self_evaluation(self_evaluation)
    _lock_answers(self_evaluation)
    _check_submittable(self_evaluation, user, now)
    _check_submitter(filled_in_by, reviewer_name, reviewer_big)
    changes = {
        "submitted_at": timezone.now(),
        "submitted_by": user,
        "filled_in_by": filled_in_by.strip(),
        "reviewer_name": reviewer_name.strip(),
        "reviewer_big": reviewer_big,
    }
    self_evaluation = SELF_EVALUATION.carry_out(
        "submit", self_evaluation, user=user, now=now, changes=changes
    )
    # A save that read the draft before this commit names an older version and is refused.
    Answer.objects.filter(self_evaluation=self_evaluation).update(version=F("version") + 1)
    return self_evaluation


def send_submission_confirmation(*, self_evaluation_id):
    """The members' confirmation with a PDF of the submitted answers (after the commit)."""
    from keurmerk.lib.pdf import render_pdf

    self_evaluation = SelfEvaluation.objects.select_related(
        "participation__organisation", "participation__cycle__framework", "submitted_by"
    ).get(pk=self_evaluation_id)
    participation = self_evaluation.participation
    context = {"self_evaluation": self_evaluation, "page": selectors.questions_page(self_evaluation)}
    pdf = render_pdf("selfevaluations/pdf.html", context)
    year = participation.cycle.year
    with transaction.atomic():
        notify_members(
            participation,
            kind="selfevaluation_submitted",
            dedupe=f"selfevaluation-submitted:{self_evaluation.pk}",
            subject=_("%(what)s Keurmerk %(year)s ontvangen")
            % {"what": self_evaluation.get_round_display(), "year": year},
            body=_(
                "Wij hebben de %(what)s van %(organisation)s ontvangen op %(at)s. In de bijlage staan de "
                "ingediende antwoorden. U ontvangt de keurmerkrapportage uiterlijk op de datum in uw kalender."
            )
            % {
                "what": self_evaluation.get_round_display().lower(),
                "organisation": participation.organisation.name,
                "at": format_moment(self_evaluation.submitted_at),
            },
            url=reverse("selfevaluations:detail", args=[self_evaluation.pk]),
            attachment=(f"zelfevaluatie-{year}-ronde-{self_evaluation.round}.pdf", pdf),
        )


# -- dialogue ---------------------------------------------------------------------------------------


def _staff_recipients(exclude):
    from keurmerk.accounts.models import User

    return User.objects.filter(role__in=[Role.ASSESSOR, Role.DIRECTOR], is_active=True).exclude(pk=exclude.pk)


def _message_notice(message, self_evaluation, author):
    subject = _("Nieuw bericht over de zelfevaluatie van %(organisation)s") % {
        "organisation": self_evaluation.participation.organisation.name
    }
    body = _("%(author)s schreef:\n\n%(text)s") % {"author": author, "text": message.text[:2000]}
    url = f"/zelfevaluatie/{self_evaluation.pk}/dialoog/#bericht-{message.pk}"
    return {"subject": subject, "body": body, "url": url, "kind": "selfevaluation_message"}


def _notify_message(message, self_evaluation, author):
    """Staff write → the members; a member writes → the assessors and directors, and colleagues."""
    notice = _message_notice(message, self_evaluation, author)
    organisation = self_evaluation.participation.organisation
    if author.is_scheme_staff:
        notify_members(self_evaluation.participation, dedupe=f"se-message:{message.pk}", **notice)
        return
    for user in _staff_recipients(author):
        notify(email=user.email, user=user, dedupe_key=f"se-message:{message.pk}:{user.pk}", **notice)
    notify_users(
        users=members_of(organisation).exclude(pk=author.pk),
        dedupe_prefix=f"se-message:{message.pk}",
        **notice,
    )


@transaction.atomic
def message_post(*, self_evaluation, user, text, criterion=None):
    """Fase 3.3 ‘Dialoog’: provider members and scheme-owner staff exchange messages about a
    self-evaluation, optionally about one criterion; either side may start. The other side (and
    the author's colleagues) are notified."""
    text = text.strip()
    if not text:
        raise ValidationError(_("Schrijf een bericht."), code="empty")
    if len(text) > MAX_MESSAGE:
        raise ValidationError(_("Een bericht is hoogstens 10.000 tekens lang."), code="too_long")
    framework_id = self_evaluation.participation.cycle.framework_id
    if criterion is not None and criterion.norm.framework_id != framework_id:
        raise ValidationError(_("Dit criterium hoort niet bij deze zelfevaluatie."), code="criterion")
    message = Message.objects.create(
        self_evaluation=self_evaluation, criterion=criterion, author=user, text=text
    )
    record(
        actor=user,
        action="selfevaluation_message",
        obj=message,
        participation=self_evaluation.participation,
        data={"self_evaluation": self_evaluation.pk, "criterion": criterion.key if criterion else None},
    )
    _notify_message(message, self_evaluation, user)
    return message
