"""Pages of the self-evaluation: the provider's questionnaire with autosave, attachments, submission
and revision; the dialogue thread; the PDF; and the staff's read-only view with versions and history.

Autosave answers htmx with a small fragment (the status line "opgeslagen om 14:03", the new version
and the question's badge, from which the page recounts its norm's progress); the same form posts
without JavaScript and comes back to the question.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import prefetch_related_objects
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from keurmerk.accounts.access import require_staff
from keurmerk.cycles.access import get_participation_for_member
from keurmerk.cycles.calendar import phase_open
from keurmerk.cycles.models import Phase
from keurmerk.cycles.states import PARTICIPATION
from keurmerk.frameworks.models import AnswerFieldKind
from keurmerk.lib.pdf import pdf_response

from . import files, rules, selectors, services
from .access import (
    get_answer_for_member,
    get_answer_to_autosave,
    get_attachment_for_member,
    get_attachment_for_reader,
    get_self_evaluation_for_member,
    get_self_evaluation_for_reader,
    get_self_evaluation_for_staff,
)
from .forms import AnswerForm, AttachmentForm, MessageForm, StaffFilterForm, StartForm, SubmitForm
from .models import Answer, Round

PAGE_SIZE = 100


def _question_url(answer):
    url = reverse("selfevaluations:detail", args=[answer.self_evaluation_id])
    return f"{url}#vraag-{answer.criterion.key}"


def _is_htmx(request):
    return request.headers.get("HX-Request") == "true"


# -- the participation's entry page -----------------------------------------------------------------


def _entry_context(participation, user):
    """The entry page's flags, from the participation's declared steps: whether its submission
    (first round) or revision step starts from its state now, and whether that phase is open."""
    rounds = {se.round: se for se in selectors.rounds_of(participation)}
    first, revision = rounds.get(Round.FIRST), rounds.get(Round.REVISION)
    submit = PARTICIPATION.availability("submit", participation, user)
    revise = PARTICIPATION.availability("submit_revision", participation, user)
    can_start = first is None and submit is not None
    return {
        "participation": participation,
        "cycle": participation.cycle,
        "first": first,
        "revision": revision,
        "awaits_first_round": submit is not None,
        "awaits_revision": revise is not None,
        "can_start": can_start and phase_open(participation, Phase.SELFEVALUATION),
        "can_carry": can_start and participation.is_returning and selectors.previous_submitted(participation),
        "can_revise": revision is None and revise is not None and phase_open(participation, Phase.REVISION),
        "start_form": StartForm(),
    }


def participation_entry(request, pk):
    participation = get_participation_for_member(request, pk)
    return render(request, "selfevaluations/participation.html", _entry_context(participation, request.user))


def _start_step(request, pk, step, **kwargs):
    participation = get_participation_for_member(request, pk)
    try:
        self_evaluation = step(participation=participation, user=request.user, **kwargs)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("selfevaluations:participation", participation.pk)
    return redirect("selfevaluations:detail", self_evaluation.pk)


@require_POST
def start(request, pk):
    form = StartForm(request.POST)
    carry_forward = form.is_valid() and form.cleaned_data["carry_forward"]
    return _start_step(request, pk, services.self_evaluation_start, carry_forward=carry_forward)


@require_POST
def revision_start(request, pk):
    return _start_step(request, pk, services.revision_start)


# -- the questionnaire ------------------------------------------------------------------------------


def detail(request, pk):
    """The self-evaluation: one section per norm, one question per criterion; editable as a draft."""
    self_evaluation = get_self_evaluation_for_member(request, pk)
    participation = self_evaluation.participation
    prefetch_related_objects([participation], "extensions")
    context = {
        "se": self_evaluation,
        "participation": participation,
        "page": selectors.questions_page(self_evaluation, with_offers=self_evaluation.is_draft),
        "editable": self_evaluation.is_draft,
        "deadline": selectors.deadline(self_evaluation),
        "is_open": phase_open(participation, selectors.phase_of(self_evaluation)),
        "offer_year": participation.cycle.year - 1,
    }
    return render(request, "selfevaluations/detail.html", context)


def _answer_context(answer, form, **extra):
    data = form.data
    return {
        "a": answer,
        "criterion": answer.criterion,
        "number_field": rules.declared_field(answer.criterion, AnswerFieldKind.NUMBER),
        "url_field": rules.declared_field(answer.criterion, AnswerFieldKind.URL),
        "se_pk": answer.self_evaluation_id,
        "text": data.get("explanation", ""),
        "number_text": data.get("number", ""),
        "urls_text": data.get("urls", ""),
        "version": data.get("version", answer.version),
        "errors": form.errors,
        **extra,
    }


def _not_saved(request, answer, form, *, status, state, problem="", stored=None):
    context = _answer_context(answer, form, state=state, problem=problem, stored=stored)
    if stored is not None:
        context["merged"] = "\n\n".join(t for t in (context["text"], stored.explanation) if t.strip())
        context["stored_urls_text"] = "\n".join(stored.urls or [])
    if not _is_htmx(request):
        return render(request, "selfevaluations/answer_page.html", context, status=status)
    if stored is None:
        return render(request, "selfevaluations/_save_status.html", context, status=status)
    context["oob_status"] = True  # the status line says "niet opgeslagen" too
    response = render(request, "selfevaluations/_conflict.html", context, status=status)
    response["HX-Retarget"] = f"#answer-{answer.pk}-conflict"
    response["HX-Reswap"] = "innerHTML"
    return response


def _is_optional(answer):
    described = getattr(answer, "optional", None)  # from the form's signed description
    if described is not None:
        return described
    return rules.is_optional(answer.criterion, answer.self_evaluation.participation)


def _saved(request, answer):
    if not _is_htmx(request):
        messages.success(request, _("Uw antwoord is opgeslagen."))
        return redirect(_question_url(answer))
    badge = {"complete": rules.is_complete(answer, answer.criterion), "optional": _is_optional(answer)}
    context = {"a": answer, "state": "saved", "oob_version": True, "badge": badge}
    response = render(request, "selfevaluations/_save_status.html", context)
    response["X-Answer-Version"] = str(answer.version)
    return response


def _refused(request, pk, form, exc):
    """A save that was not stored; read the answer first (404 for another organisation's)."""
    answer = get_answer_for_member(request, pk)
    if isinstance(exc, services.AnswerConflict):
        return _not_saved(request, answer, form, status=409, state="conflict", stored=exc.current)
    if isinstance(exc, ValidationError):
        problem = " ".join(exc.messages)
    else:
        problem = " ".join(e for errors in form.errors.values() for e in errors)
    return _not_saved(request, answer, form, status=422, state="invalid", problem=problem)


@require_POST
def answer_save(request, pk):
    """Autosave (htmx) or the save button: stored only if nobody saved since the form's version."""
    answer = get_answer_to_autosave(request, pk)
    form = AnswerForm(request.POST, criterion=answer.criterion)
    if not form.is_valid():
        return _refused(request, pk, form, None)
    try:
        services.answer_save(
            answer=answer, user=request.user, require_member=True, **form.cleaned_for_service()
        )
    except (services.AnswerConflict, ValidationError, Answer.DoesNotExist) as exc:
        return _refused(request, pk, form, exc)
    return _saved(request, answer)


# -- attachments ------------------------------------------------------------------------------------


@require_POST
def attachment_upload(request, pk):
    answer = get_answer_for_member(request, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect(_question_url(answer))
    try:
        attachment = services.attachment_add(answer=answer, user=request.user, **form.cleaned_data["file"])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("De bijlage ‘%(name)s’ is toegevoegd.") % {"name": attachment.original_name}
        )
    return redirect(_question_url(answer))


@require_POST
def attachment_delete(request, pk):
    attachment = get_attachment_for_member(request, pk)
    answer = attachment.answer
    try:
        services.attachment_remove(attachment=attachment, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("De bijlage is verwijderd."))
    return redirect(_question_url(answer))


def attachment_download(request, pk):
    """Served only through this view, to members of the organisation and to staff."""
    attachment = get_attachment_for_reader(request, pk)
    path = files.path_of(attachment)
    if not path.exists():
        raise Http404("Bestand niet gevonden")
    response = FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# -- submitting -------------------------------------------------------------------------------------


def _submit_context(self_evaluation, form):
    participation = self_evaluation.participation
    prefetch_related_objects([participation], "extensions")
    return {
        "se": self_evaluation,
        "participation": participation,
        "form": form,
        "missing": selectors.missing_answers(self_evaluation),
        "deadline": selectors.deadline(self_evaluation),
        "is_open": phase_open(participation, selectors.phase_of(self_evaluation)),
    }


def submit_page(request, pk):
    self_evaluation = get_self_evaluation_for_member(request, pk)
    form = SubmitForm(
        initial={
            "filled_in_by": self_evaluation.filled_in_by or request.user.get_full_name(),
            "reviewer_name": self_evaluation.reviewer_name,
            "reviewer_big": self_evaluation.reviewer_big,
        }
    )
    return render(request, "selfevaluations/submit.html", _submit_context(self_evaluation, form))


@require_POST
def submit(request, pk):
    self_evaluation = get_self_evaluation_for_member(request, pk)
    form = SubmitForm(request.POST)
    if form.is_valid():
        try:
            services.self_evaluation_submit(
                self_evaluation=self_evaluation, user=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            _submitted_messages(request, self_evaluation)
            return redirect("selfevaluations:detail", self_evaluation.pk)
    self_evaluation.refresh_from_db(fields=["status"])
    return render(request, "selfevaluations/submit.html", _submit_context(self_evaluation, form), status=400)


def _submitted_messages(request, self_evaluation):
    messages.success(
        request, _("De zelfevaluatie is ingediend. U en uw collega's ontvangen een bevestiging met een PDF.")
    )
    if not self_evaluation.reviewer_name:
        messages.warning(
            request,
            _(
                "Let op: u heeft geen behandelaar vermeld die heeft meegekeken. Het handboek raadt dit "
                "dringend aan; de zelfevaluatie is wel ingediend."
            ),
        )


def pdf(request, pk):
    self_evaluation = get_self_evaluation_for_reader(request, pk)
    context = {"self_evaluation": self_evaluation, "page": selectors.questions_page(self_evaluation)}
    year = self_evaluation.participation.cycle.year
    filename = f"zelfevaluatie-{year}-ronde-{self_evaluation.round}.pdf"
    return pdf_response("selfevaluations/pdf.html", context, request, filename)


# -- dialogue ---------------------------------------------------------------------------------------


def _thread_context(request, self_evaluation, form):
    return {
        "se": self_evaluation,
        "participation": self_evaluation.participation,
        "thread": selectors.thread(self_evaluation),
        "form": form,
        "staff_view": request.user.is_scheme_staff,
    }


def thread(request, pk):
    """The dialogue about a self-evaluation; members of the organisation and staff, either may start."""
    self_evaluation = get_self_evaluation_for_reader(request, pk)
    initial = {"criterion": request.GET.get("criterium", "")}
    form = MessageForm(initial=initial, criteria=selectors.criteria_of(self_evaluation))
    return render(request, "selfevaluations/thread.html", _thread_context(request, self_evaluation, form))


@require_POST
def message_post(request, pk):
    self_evaluation = get_self_evaluation_for_reader(request, pk)
    form = MessageForm(request.POST, criteria=selectors.criteria_of(self_evaluation))
    if form.is_valid():
        try:
            message = services.message_post(
                self_evaluation=self_evaluation,
                user=request.user,
                text=form.cleaned_data["text"],
                criterion=form.cleaned_data["criterion"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Uw bericht is verstuurd."))
            url = reverse("selfevaluations:thread", args=[self_evaluation.pk])
            return redirect(f"{url}#bericht-{message.pk}")
    context = _thread_context(request, self_evaluation, form)
    return render(request, "selfevaluations/thread.html", context, status=400)


# -- staff ------------------------------------------------------------------------------------------


def staff_list(request):
    """All self-evaluations (and with ‘alleen met berichten’ all dialogue threads) for staff."""
    require_staff(request)
    form = StaffFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    queryset = selectors.for_staff(
        year=filters.get("year"), status=filters.get("status"), with_messages=filters.get("threads", False)
    )
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("pagina"))
    query = request.GET.copy()
    query.pop("pagina", None)
    context = {"filter_form": form, "page": page, "query": query.urlencode()}
    return render(request, "selfevaluations/staff_list.html", context)


def staff_detail(request, pk):
    """A self-evaluation read-only for staff: its answers, per criterion what changed against the
    round it revises, its versions (rounds) and its history."""
    self_evaluation = get_self_evaluation_for_staff(request, pk)
    participation = self_evaluation.participation
    context = {
        "se": self_evaluation,
        "participation": participation,
        "page": selectors.questions_page(self_evaluation, compare=True),
        "rounds": selectors.rounds_of(participation),
        "history": selectors.history(self_evaluation).select_related("actor"),
    }
    return render(request, "selfevaluations/staff_detail.html", context)
