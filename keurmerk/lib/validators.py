"""Validators shared by forms, imports and models.

Python's `\\d` matches every Unicode decimal digit (`١٠٠٠٠٠٠١` is eight Arabic-Indic digits), so the
identifiers of the scheme are checked against ASCII `[0-9]` only. Names are single-line: a line break
in a name would end up in an e-mail header. Control characters (NUL and the like) are refused
wherever text comes in.
"""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

KVK_RE = re.compile(r"[0-9]{8}", re.ASCII)
AGB_RE = re.compile(r"[0-9]{8}", re.ASCII)
BIG_RE = re.compile(r"[0-9]{11}", re.ASCII)
POSTCODE_RE = re.compile(r"[1-9][0-9]{3} ?[A-Z]{2}", re.ASCII)

KVK_MESSAGE = _("Een KvK-nummer bestaat uit precies 8 cijfers.")
AGB_MESSAGE = _("Een AGB-code bestaat uit precies 8 cijfers.")
BIG_MESSAGE = _("Een BIG-nummer bestaat uit precies 11 cijfers.")
POSTCODE_MESSAGE = _("Vul een Nederlandse postcode in, zoals 1234 AB.")
SINGLE_LINE_MESSAGE = _("Gebruik één regel zonder regeleinden of stuurtekens.")

kvk_validator = RegexValidator(r"^[0-9]{8}\Z", KVK_MESSAGE)
agb_validator = RegexValidator(r"^[0-9]{8}\Z", AGB_MESSAGE)
big_validator = RegexValidator(r"^[0-9]{11}\Z", BIG_MESSAGE)
postcode_validator = RegexValidator(r"^[1-9][0-9]{3} [A-Z]{2}\Z", POSTCODE_MESSAGE)

# Line and paragraph separators count as line breaks for str.splitlines() and mail headers.
_LINE_BREAKING = {"Cc", "Zl", "Zp"}


def is_ascii_identifier(value: str, pattern: re.Pattern) -> bool:
    """True when `value` is wholly `pattern` (ASCII digits and letters only)."""
    return bool(pattern.fullmatch(value or ""))


def has_control_characters(value: str, *, allow_line_breaks: bool = False) -> bool:
    """True when `value` holds a control character; tab, CR and LF pass with `allow_line_breaks`."""
    allowed = {"\t", "\n", "\r"} if allow_line_breaks else set()
    return any(unicodedata.category(c) == "Cc" and c not in allowed for c in value or "")


def is_single_line(value: str) -> bool:
    return not any(unicodedata.category(c) in _LINE_BREAKING for c in value or "")


@deconstructible
class SingleLineValidator:
    """A name or subject on one line: no line breaks, no control characters."""

    message = SINGLE_LINE_MESSAGE
    code = "single_line"

    def __call__(self, value):
        if not is_single_line(str(value)):
            raise ValidationError(self.message, code=self.code)

    def __eq__(self, other):
        return isinstance(other, SingleLineValidator)


single_line_validator = SingleLineValidator()


def single_line(value: str) -> str:
    """`value` with every line break and control character replaced by a space (for mail subjects)."""
    text = "".join(" " if unicodedata.category(c) in _LINE_BREAKING else c for c in str(value))
    return " ".join(text.split())
