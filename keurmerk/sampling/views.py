from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from keurmerk.accounts.access import require_staff
from keurmerk.accounts.models import Role

from . import selectors, services
from .access import get_conversation_for_staff, get_cycle_for_staff, get_participation_for_member
from .forms import ConversationForm, DrawForm


def index(request):
    require_staff(request)
    return render(request, "sampling/index.html", {"rows": selectors.cycles_with_draws()})


def cycle_page(request, year):
    cycle = get_cycle_for_staff(request, year)
    draws = selectors.draws_of_cycle(cycle)
    context = {
        "cycle": cycle,
        "latest": draws[0] if draws else None,
        "earlier": draws[1:],
        "may_draw": request.user.role == Role.ADMINISTRATOR,
    }
    return render(request, "sampling/cycle.html", context)


def draw_form(request, year):
    cycle = get_cycle_for_staff(request, year, write=True)
    context = {"cycle": cycle, "form": DrawForm(), "redraw": services.current_draw(cycle) is not None}
    return render(request, "sampling/draw_form.html", context)


def _confirm_context(cycle, form):
    arguments = form.draw_arguments()
    candidates = services.sample_candidates(cycle)
    table = selectors.strata_table(
        candidates,
        size=arguments["size"],
        share=arguments["share"],
        by_type=arguments["by_type"],
        by_returning=arguments["by_returning"],
    )
    return {
        "cycle": cycle,
        "form": form,
        "table": table,
        "candidates": len(candidates),
        "drawn": sum(row["drawn"] for row in table),
        "previous": services.current_draw(cycle),
    }


def draw_confirm(request, year):
    """GET: what the draw will do (candidates and numbers per stratum); POST from that page: draw."""
    cycle = get_cycle_for_staff(request, year, write=True)
    form = DrawForm(request.POST if request.method == "POST" else request.GET)
    redraw = services.current_draw(cycle) is not None
    if not form.is_valid():
        return render(
            request, "sampling/draw_form.html", {"cycle": cycle, "form": form, "redraw": redraw}, status=422
        )
    if request.method != "POST":
        return render(request, "sampling/draw_confirm.html", _confirm_context(cycle, form))
    try:
        services.sample_draw(cycle=cycle, user=request.user, **form.draw_arguments())
    except ValidationError as exc:
        form.add_error(None, exc)
        return render(
            request, "sampling/draw_form.html", {"cycle": cycle, "form": form, "redraw": redraw}, status=422
        )
    messages.success(request, _("De steekproef is getrokken en vastgelegd."))
    return redirect("sampling:cycle", cycle.year)


def _conversation_form(conversation):
    fields = ("planned_on", "held_on", "notes", "follow_up")
    return ConversationForm(initial={name: getattr(conversation, name) for name in fields})


def conversation_page(request, pk):
    conversation = get_conversation_for_staff(request, pk)
    context = {"conversation": conversation, "form": _conversation_form(conversation)}
    return render(request, "sampling/conversation.html", context)


@require_POST
def conversation_save(request, pk):
    conversation = get_conversation_for_staff(request, pk)
    form = ConversationForm(request.POST)
    if not form.is_valid():
        return render(
            request, "sampling/conversation.html", {"conversation": conversation, "form": form}, status=422
        )
    services.sample_conversation_save(conversation=conversation, user=request.user, **form.cleaned_data)
    messages.success(request, _("Het gesprek is vastgelegd."))
    return redirect("sampling:cycle", conversation.draw.cycle.year)


def holder_page(request, pk):
    """The holder's own page: whether it was drawn for a follow-up conversation and what was agreed."""
    participation = get_participation_for_member(request, pk)
    context = {
        "participation": participation,
        "conversation": selectors.conversation_for_holder(participation),
    }
    return render(request, "sampling/holder.html", context)
