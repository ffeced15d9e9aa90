"""No template compares an object's state or status with a string literal (house rule 12): what a
page may offer comes from the declared processes (`available_steps`) or from flags computed in
Python. The check reads every `{% if %}` / `{% elif %}` tag under `keurmerk/templates/`.

What counts is an object's `.state` or `.status` (`participation.state == "signed"`,
`complaint.status in "filed in_processing"`, `"open" == round.state`). A bare template variable
named `state` is not an object's state: the self-evaluation's autosave fragments get the save's
outcome ("saved", "conflict") under that name.
"""

import re
from pathlib import Path

from django.conf import settings

TEMPLATES = Path(settings.BASE_DIR) / "keurmerk" / "templates"
TAG = re.compile(r"\{%-?\s*(?:el)?if\b(?P<condition>.*?)-?%\}", re.S)
FIELD = r"[\w.]*\.(?:state|status)\b"
LITERAL = r"(?:\"[^\"]*\"|'[^']*')"
COMPARISON = re.compile(
    rf"{FIELD}\s*(?:==|!=|\bnot\s+in\b|\bin\b)\s*{LITERAL}|{LITERAL}\s*(?:==|!=)\s*{FIELD}"
)


def comparisons(text: str) -> list[str]:
    """Every if/elif condition in `text` that compares an object's state or status to a literal."""
    return [
        match.group(0).strip() for match in TAG.finditer(text) if COMPARISON.search(match.group("condition"))
    ]


def test_the_check_finds_each_form_of_comparison():
    found = comparisons(
        '{% if participation.state == "signed" %}{% elif c.status != "filed" %}'
        "{% if r.state in 'planned open' %}{% if \"open\" == r.state %}"
        '{% if x and obj.status not in "a b" %}'
    )
    assert len(found) == 5
    assert comparisons('{% if steps.take_in %}{% if state == "conflict" %}{{ obj.state }}') == []


def test_no_template_compares_a_state_with_a_literal():
    offending = [
        f"{path.relative_to(TEMPLATES)}: {tag}"
        for path in sorted(TEMPLATES.rglob("*.html")) + sorted(TEMPLATES.rglob("*.txt"))
        for tag in comparisons(path.read_text(encoding="utf-8"))
    ]
    assert offending == [], "Templates compare a state/status with a string:\n" + "\n".join(offending)
