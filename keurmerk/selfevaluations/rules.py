"""Derived facts about questions and answers, computed (never stored) and free of queries.

One place for what "answered" and "optional" mean, so that the progress bars, the submission
checklist, the service that refuses an incomplete submission and the PDF all agree.
"""

from decimal import Decimal

from django.utils.translation import gettext as _

from keurmerk.frameworks.models import AnswerFieldKind


def declared_field(criterion, kind):
    """The first answer field of `kind` the criterion declares (number, url, attachment), or None."""
    for field in criterion.answer_fields or []:
        if field.get("kind") == kind:
            return field
    return None


def is_optional(criterion, participation):
    """Optional (facultatief) for a provider that held the mark the year before (handbook §2.2)."""
    return bool(criterion.optional_for_returning and participation.is_returning)


def is_complete(answer, criterion):
    """An explanation, plus the number and the web address where the criterion asks for them.

    Attachments are never required: the explanation can describe what a document shows.
    """
    if not (answer.explanation or "").strip():
        return False
    if declared_field(criterion, AnswerFieldKind.NUMBER) and answer.number is None:
        return False
    if declared_field(criterion, AnswerFieldKind.URL) and not answer.urls:
        return False
    return True


def what_is_missing(answer, criterion):
    """The parts still to fill in, as short Dutch phrases for the checklist."""
    parts = []
    if not (answer.explanation or "").strip():
        parts.append(_("toelichting"))
    number = declared_field(criterion, AnswerFieldKind.NUMBER)
    if number and answer.number is None:
        parts.append(number.get("label") or _("getal"))
    url = declared_field(criterion, AnswerFieldKind.URL)
    if url and not answer.urls:
        parts.append(url.get("label") or _("webadres"))
    return parts


def format_number(value):
    """612.50 → ‘612,5’: Dutch decimal comma, no trailing zeros, never an exponent."""
    if value is None:
        return ""
    text = format(Decimal(value).normalize(), "f")
    return text.replace(".", ",")
