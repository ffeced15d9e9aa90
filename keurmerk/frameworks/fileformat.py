"""The framework file format (YAML), its schema and its validation.

docs/framework-format.md describes the format for people; this module is the one place that
decides what a valid file is. Validation collects every problem with its location
(`norms[2].criteria[4].text: ontbreekt`) and never stops at the first.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

import yaml
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    field_validator,
)

from keurmerk.lib.validators import has_control_characters, is_single_line

FORMAT_VERSION = 1

Key = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=80)]
Number = Annotated[str, StringConstraints(pattern=r"^[0-9]{1,3}[a-z]?$")]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Url = Annotated[str, StringConstraints(pattern=r"^https?://\S+$", max_length=200)]


def _single_line(value: str) -> str:
    if not is_single_line(value):
        raise ValueError("moet op één regel staan (zonder regeleinden of stuurtekens)")
    return value


def Line(max_length: int, *, required: bool = True):  # noqa: N802 - a type, spelled like one
    """A name, subject or title stored in a column of `max_length` characters, on one line."""
    constraints = StringConstraints(strip_whitespace=True, min_length=int(required), max_length=max_length)
    return Annotated[str, constraints, AfterValidator(_single_line)]


def _no_control_characters(value: Any) -> Any:
    """Every text in the file: no control characters (a NUL byte cannot be stored at all) beyond
    tab and line breaks."""
    texts = value if isinstance(value, list) else [value]
    if any(isinstance(t, str) and has_control_characters(t, allow_line_breaks=True) for t in texts):
        raise ValueError("bevat een stuurteken (bijvoorbeeld een nul-byte); verwijder het")
    return value


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    _plain_text = field_validator("*")(_no_control_characters)


class AnswerField(Strict):
    kind: Literal["number", "url", "attachment"]
    label: Text
    unit: str = ""
    indicator: str = ""


class GuideLink(Strict):
    title: Line(300)
    url: Url


class GuideDocument(Strict):
    title: Line(300)
    url: Url
    description: str = ""


class GuideFaq(Strict):
    question: Line(300)
    answer: Text


class Guide(Strict):
    documents: list[GuideDocument] = []
    links: list[GuideLink] = []
    faq: list[GuideFaq] = []


class Group(Strict):
    key: Key
    heading: Line(200, required=False) = ""
    intro: str = ""


class CriterionIn(Strict):
    key: Key
    number: Number
    text: Text
    group: Key | None = None
    sub_items: list[Text] = []
    guidance: str = ""
    answer_fields: list[AnswerField] = []
    described: bool = False


class NormIn(Strict):
    key: Key
    number: Number
    subject: Line(200)
    title: str = ""
    level: Key | None = None
    client_promise: list[Text] = []
    criteria_intro: str = ""
    criteria_note: str = ""
    guide: Guide = Guide()
    groups: list[Group] = []
    criteria: list[CriterionIn] = []


class LevelIn(Strict):
    key: Key
    name: Line(100)
    description: str = ""


class TargetValueIn(Strict):
    criterion: Key | None = None
    metric: Literal["direct", "total", "unspecified"]
    minutes: int = Field(gt=0, le=100_000)
    description: str = ""


class Exemptions(Strict):
    note: str = ""
    criteria: list[Key] = []


class ChangeIn(Strict):
    key: Key
    explanation: Text


class FrameworkFile(Strict):
    format: Literal[1]
    year: int = Field(ge=2000, le=2100)
    name: Line(200)
    status: Literal["concept", "consultation", "adopted", "published"]
    scheme_owner: Line(200)
    introduction: str = ""
    adopted_on: str | None = Field(default=None, pattern=r"^\d{4}-\d{2}-\d{2}$")
    levels: list[LevelIn] = []
    exemptions: Exemptions = Exemptions()
    target_values: list[TargetValueIn] = []
    norms: list[NormIn] = Field(min_length=1)
    changes: list[ChangeIn] = []


class FrameworkFileError(Exception):
    """A framework file that is not valid; `problems` lists every problem with its location."""

    def __init__(self, problems):
        self.problems = problems
        super().__init__("\n".join(problems))


PYDANTIC_MESSAGES = {
    "missing": "ontbreekt",
    "extra_forbidden": "onbekend veld",
    "string_pattern_mismatch": "heeft niet de juiste vorm",
    "string_too_short": "is leeg",
    "literal_error": "is geen toegestane waarde",
    "too_short": "mag niet leeg zijn",
    "string_type": "moet een tekst zijn",
    "int_type": "moet een geheel getal zijn",
    "int_parsing": "moet een geheel getal zijn",
    "bool_type": "moet true of false zijn",
    "list_type": "moet een lijst zijn",
    "model_type": "moet een mapping zijn (naam: waarde)",
    "dict_type": "moet een mapping zijn (naam: waarde)",
    "greater_than": "moet groter zijn dan {gt}",
    "less_than_equal": "mag ten hoogste {le} zijn",
    "greater_than_equal": "moet ten minste {ge} zijn",
    "string_too_long": "is te lang: ten hoogste {max_length} tekens",
}


def _location(loc):
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(bestand)"


def _pydantic_problems(error: ValidationError):
    problems = []
    for item in error.errors():
        if item["type"] == "value_error":  # our own validators: their message, without "Value error, "
            message = str(item["ctx"]["error"])
        else:
            message = PYDANTIC_MESSAGES.get(item["type"], item["msg"]).format(**item.get("ctx", {}))
        problems.append(f"{_location(item['loc'])}: {message}")
    return problems


def _duplicates(values):
    seen, dupes = set(), []
    for value in values:
        if value in seen:
            dupes.append(value)
        seen.add(value)
    return dupes


def _norm_problems(i, norm, level_keys):
    where = f"norms[{i}]"
    problems = []
    if norm.level and norm.level not in level_keys:
        problems.append(f"{where}.level: niveau '{norm.level}' staat niet onder levels")
    group_keys = {g.key for g in norm.groups}
    for j, criterion in enumerate(norm.criteria):
        if criterion.group and criterion.group not in group_keys:
            problems.append(f"{where}.criteria[{j}].group: groep '{criterion.group}' staat niet onder groups")
    for number in _duplicates(c.number for c in norm.criteria):
        problems.append(f"{where}.criteria: nummer '{number}' komt meer dan eens voor")
    return problems


def _cross_problems(data: FrameworkFile):
    """Rules that span several parts of the file: unique keys, references that must resolve."""
    problems = []
    level_keys = {level.key for level in data.levels}
    criterion_keys = [c.key for n in data.norms for c in n.criteria]
    for key in _duplicates(n.key for n in data.norms):
        problems.append(f"norms: sleutel '{key}' komt meer dan eens voor")
    for number in _duplicates(n.number for n in data.norms):
        problems.append(f"norms: nummer '{number}' komt meer dan eens voor")
    for key in _duplicates(criterion_keys):
        problems.append(f"criteria: sleutel '{key}' komt meer dan eens voor")
    for i, norm in enumerate(data.norms):
        problems += _norm_problems(i, norm, level_keys)
    known = set(criterion_keys)
    for i, key in enumerate(data.exemptions.criteria):
        if key not in known:
            problems.append(f"exemptions.criteria[{i}]: criterium '{key}' bestaat niet")
    for i, target in enumerate(data.target_values):
        if target.criterion and target.criterion not in known:
            problems.append(f"target_values[{i}].criterion: criterium '{target.criterion}' bestaat niet")
    return problems


def parse_framework_file(text: str) -> FrameworkFile:
    """Parse and validate a framework file; raise FrameworkFileError listing every problem."""
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"regel {mark.line + 1}, kolom {mark.column + 1}" if mark else "(bestand)"
        raise FrameworkFileError([f"{where}: geen geldige YAML ({getattr(exc, 'problem', exc)})"])
    if not isinstance(raw, dict):
        raise FrameworkFileError(["(bestand): verwacht een YAML-mapping met year, name, norms, …"])
    try:
        data = FrameworkFile.model_validate(raw)
    except ValidationError as exc:
        raise FrameworkFileError(_pydantic_problems(exc))
    problems = _cross_problems(data)
    if problems:
        raise FrameworkFileError(problems)
    return data


def dump_framework_file(data: dict) -> str:
    """Serialise a framework dict (as built by the exporter) to YAML, validated first."""
    FrameworkFile.model_validate(data)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
