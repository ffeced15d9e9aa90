"""Consultation feeds the next framework: the changes in the concept that comments led to.

A comment's disposition (afweging) can name the change in the concept it led to: a norm or
criterion that was added, changed or removed, as the change overview (`frameworks.changes`) names
it, by its subject and stable key. From those links the change overview shows, per change, the
comments behind it (through the hook `frameworks.hooks.comments_behind_changes`), and the
consultation report lists per comment what became of it.
"""

from django.utils.translation import gettext_lazy

from keurmerk.frameworks.changes import Change, change_overview
from keurmerk.frameworks.selectors import framework_with_contents, previous_framework

from .models import ConsultationRound, Disposition, ResponseStatus

KIND_LABELS = {
    "added": gettext_lazy("nieuw"),
    "removed": gettext_lazy("vervallen"),
    "renumbered": gettext_lazy("hernummerd"),
    "level": gettext_lazy("ander niveau"),
    "changed": gettext_lazy("gewijzigd"),
}


def concept_changes(framework) -> list[Change]:
    """The norms and criteria added, changed or removed in `framework` since the year before."""
    previous = previous_framework(framework)
    if previous is None:
        return []
    concept = framework_with_contents().get(pk=framework.pk)
    overview = change_overview(previous, concept)
    return [*overview["norms"], *overview["criteria"]]


def change_ref(change: Change) -> str:
    return f"{change.subject}:{change.key}"


def change_label(change: Change) -> str:
    kinds = ", ".join(str(KIND_LABELS.get(kind, kind)) for kind in change.kinds)
    return f"{change.label} ({kinds})" if kinds else change.label


def change_labels(framework) -> dict[str, str]:
    """{change ref: label} for every change of the concept."""
    return {change_ref(change): change_label(change) for change in concept_changes(framework)}


def comments_behind_changes(framework) -> dict[tuple[str, str], list[dict]]:
    """{(subject, key): [{"text", "kind", "explanation"}, …]}: the submitted comments of the
    framework's consultation rounds whose disposition names that change (respondents unnamed)."""
    dispositions = (
        Disposition.objects.filter(
            comment__response__invitee__round__framework=framework,
            comment__response__status=ResponseStatus.SUBMITTED,
        )
        .exclude(change_key="")
        .select_related("comment")
        .order_by("comment__pk")
    )
    behind: dict[tuple[str, str], list[dict]] = {}
    for disposition in dispositions:
        behind.setdefault((disposition.change_subject, disposition.change_key), []).append(
            {
                "text": disposition.comment.text,
                "kind": disposition.get_kind_display(),
                "explanation": disposition.explanation,
            }
        )
    return behind


def consultation_scores(framework) -> dict[str, dict]:
    """{norm key: {"cells": [(aspect, mean)], "mean", "responses"}} of the framework's latest
    consultation round (means with one decimal, half up, decimal comma), for the concept's page."""
    from keurmerk.lib.numbers import format_decimal_nl

    from .selectors import round_results

    consultation_round = ConsultationRound.objects.filter(framework=framework).order_by("-pk").first()
    if consultation_round is None:
        return {}
    results = round_results(consultation_round, with_comments=False)
    if not results.responses:
        return {}
    labels = results.aspect_labels
    return {
        row.norm.key: {
            "cells": [
                (label, format_decimal_nl(cell)) for label, cell in zip(labels, row.cells, strict=True)
            ],
            "mean": format_decimal_nl(row.mean),
            "responses": results.responses,
            "round": consultation_round.pk,
        }
        for row in results.view.rows
    }
