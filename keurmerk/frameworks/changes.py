"""The change overview ("wijzigingen t.o.v. vorig jaar") between two framework versions.

Norms and criteria are matched by their stable key, so a renumbered criterion shows as renumbered
(and, where its text changed too, with the word-level difference), not as removed plus added.
Both frameworks must come from `selectors.framework_with_contents` so that nothing here queries.

A concept (or a framework in consultation) may still lack texts: a text the previous framework has
and the concept leaves empty is "still to be entered", not removed, and so is a criterion the
concept does not have yet, unless the concept explains its removal (a change entry with its key).
Norms are the concept's structure and are compared as they are.
"""

from dataclasses import dataclass, field
from difflib import SequenceMatcher

from django.utils.translation import gettext as _

from .models import FrameworkStatus

INCOMPLETE_STATUSES = (FrameworkStatus.CONCEPT, FrameworkStatus.CONSULTATION)


@dataclass
class Change:
    subject: str  # level, norm, criterion, target
    key: str
    label: str
    kinds: list = field(default_factory=list)  # added, removed, renumbered, changed, level
    details: list = field(default_factory=list)  # plain sentences
    diffs: list = field(default_factory=list)  # (field label, segments)
    explanation: str = ""
    to_enter: list = field(default_factory=list)  # labels of texts the concept still lacks
    comments: list = field(default_factory=list)  # consultation comments behind it (frameworks.hooks)


def text_diff(old: str, new: str):
    """Word-level difference as segments ('equal'|'delete'|'insert', text)."""
    a, b = (old or "").split(), (new or "").split()
    segments = []
    for op, i1, i2, j1, j2 in SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            segments.append(("equal", " ".join(a[i1:i2])))
            continue
        if i2 > i1:
            segments.append(("delete", " ".join(a[i1:i2])))
        if j2 > j1:
            segments.append(("insert", " ".join(b[j1:j2])))
    return segments


def _compare_texts(change, pairs, incomplete=False):
    for label, old, new in pairs:
        if incomplete and (old or "").strip() and not (new or "").strip():
            change.to_enter.append(label)
            continue
        if (old or "").split() != (new or "").split():
            change.diffs.append((label, text_diff(old, new)))
    if change.diffs and "changed" not in change.kinds:
        change.kinds.append("changed")


def _level_changes(old_fw, new_fw):
    old = {lv.key: lv for lv in old_fw.levels.all()}
    new = {lv.key: lv for lv in new_fw.levels.all()}
    changes = []
    for key, lv in new.items():
        if key not in old:
            changes.append(Change("level", key, lv.name, ["added"], details=[lv.description]))
        else:
            change = Change("level", key, lv.name)
            _compare_texts(change, [(_("toelichting"), old[key].description, lv.description)])
            if change.kinds:
                changes.append(change)
    for key, lv in old.items():
        if key not in new:
            changes.append(Change("level", key, lv.name, ["removed"]))
    return changes


def _norm_label(norm):
    return _("Norm %(number)s %(subject)s") % {"number": norm.number, "subject": norm.subject}


def _compare_norm(old, new, incomplete):
    change = Change("norm", new.key, _norm_label(new))
    if old.number != new.number:
        change.kinds.append("renumbered")
        change.details.append(
            _("Was norm %(old)s, nu norm %(new)s.") % {"old": old.number, "new": new.number}
        )
    old_level = old.level.name if old.level else None
    new_level = new.level.name if new.level else None
    if old_level != new_level:
        change.kinds.append("level")
        change.details.append(
            _("Niveau: %(old)s → %(new)s.") % {"old": old_level or _("geen"), "new": new_level or _("geen")}
        )
    _compare_texts(
        change,
        [
            (_("onderwerp"), old.subject, new.subject),
            (_("titel"), old.title, new.title),
            (_("cliëntbelofte"), "\n".join(old.client_promise), "\n".join(new.client_promise)),
        ],
        incomplete,
    )
    return change


def _norm_changes(old_fw, new_fw):
    old = {n.key: n for n in old_fw.norms.all()}
    new = {n.key: n for n in new_fw.norms.all()}
    changes = []
    for key, norm in new.items():
        if key not in old:
            changes.append(Change("norm", key, _norm_label(norm), ["added"]))
            continue
        change = _compare_norm(old[key], norm, new_fw.status in INCOMPLETE_STATUSES)
        if change.kinds or change.to_enter:
            changes.append(change)
    for key, norm in old.items():
        if key not in new:
            changes.append(Change("norm", key, _norm_label(norm), ["removed"]))
    return changes


def _criteria_by_key(framework):
    return {c.key: (n, c) for n in framework.norms.all() for c in n.criteria.all()}


def _criterion_label(norm, criterion):
    return _("Criterium %(norm)s.%(number)s") % {"norm": norm.number, "number": criterion.number}


def _criterion_text(criterion):
    return "\n".join([criterion.text, *criterion.sub_items])


def _compare_criterion(old_norm, old, new_norm, new, incomplete):
    change = Change("criterion", new.key, _criterion_label(new_norm, new))
    old_label, new_label = f"{old_norm.number}.{old.number}", f"{new_norm.number}.{new.number}"
    if old_label != new_label:
        change.kinds.append("renumbered")
        change.details.append(_("Was %(old)s, nu %(new)s.") % {"old": old_label, "new": new_label})
    if old.optional_for_returning != new.optional_for_returning:
        change.kinds.append("changed")
        change.details.append(
            _("Nu facultatief voor keurmerkdragers van vorig jaar.")
            if new.optional_for_returning
            else _("Niet langer facultatief.")
        )
    _compare_texts(
        change,
        [
            (_("tekst"), _criterion_text(old), _criterion_text(new)),
            (_("toetsingskader"), old.guidance, new.guidance),
        ],
        incomplete,
    )
    return change


def _not_yet_entered(old_fw, norm, criterion):
    label = _("Criterium %(norm)s.%(number)s van %(year)s") % {
        "norm": norm.number,
        "number": criterion.number,
        "year": old_fw.year,
    }
    return Change("criterion", criterion.key, label, details=[criterion.text], to_enter=[_("het criterium")])


def _criterion_changes(old_fw, new_fw):
    old, new = _criteria_by_key(old_fw), _criteria_by_key(new_fw)
    incomplete = new_fw.status in INCOMPLETE_STATUSES
    explained = {e.key for e in new_fw.explanations.all()}
    changes = []
    for key, (norm, criterion) in new.items():
        if key not in old:
            changes.append(Change("criterion", key, _criterion_label(norm, criterion), ["added"]))
            continue
        change = _compare_criterion(*old[key], norm, criterion, incomplete)
        if change.kinds or change.to_enter:
            changes.append(change)
    for key, (norm, criterion) in old.items():
        if key in new:
            continue
        if incomplete and key not in explained:
            changes.append(_not_yet_entered(old_fw, norm, criterion))
            continue
        change = Change("criterion", key, _criterion_label(norm, criterion), ["removed"])
        change.details.append(criterion.text)
        changes.append(change)
    return changes


def _target_key(target):
    return target.criterion.key if target.criterion else f"metric-{target.metric}"


def _target_changes(old_fw, new_fw):
    old = {_target_key(t): t for t in old_fw.target_values.all()}
    new = {_target_key(t): t for t in new_fw.target_values.all()}
    changes = []
    for key in list(new) + [k for k in old if k not in new]:
        before, after = old.get(key), new.get(key)
        if before and after and (before.minutes, before.metric) == (after.minutes, after.metric):
            continue
        change = Change("target", key, _("Streefwaarde behandeltijd"))
        change.kinds.append("added" if before is None else "removed" if after is None else "changed")
        change.details.append(
            _("%(old)s → %(new)s")
            % {"old": str(before) if before else _("geen"), "new": str(after) if after else _("geen")}
        )
        changes.append(change)
    return changes


def change_overview(old_fw, new_fw):
    """Every change from old_fw to new_fw, grouped by subject, with explanations attached.

    Returns a dict: {"levels", "norms", "criteria", "targets": [Change], "to_enter": [Change],
    "other_explanations": [ChangeExplanation]} — explanations whose key matches no change are kept,
    never dropped; "to_enter" holds what a concept still lacks (each with the texts it lacks).
    """
    explanations = {e.key: e for e in new_fw.explanations.all()}
    sections = {
        "levels": _level_changes(old_fw, new_fw),
        "norms": _norm_changes(old_fw, new_fw),
        "criteria": _criterion_changes(old_fw, new_fw),
        "targets": _target_changes(old_fw, new_fw),
    }
    used = set()
    for changes in sections.values():
        for change in changes:
            if change.key in explanations:
                change.explanation = explanations[change.key].text
                used.add(change.key)
    sections["other_explanations"] = [e for k, e in explanations.items() if k not in used]
    sections["to_enter"] = [c for key in ("norms", "criteria") for c in sections[key] if c.to_enter]
    for key in ("norms", "criteria"):
        sections[key] = [c for c in sections[key] if c.kinds]
    return sections
