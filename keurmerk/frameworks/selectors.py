"""Reads of norm frameworks that several views, commands and services share.

`framework_with_contents` loads a whole framework in a fixed number of queries, whatever the
number of norms and criteria; every page, PDF, export and diff reads through it.
"""

import re
from dataclasses import dataclass

from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import gettext as _

from .models import Criterion, Framework, FrameworkStatus, GuideItemKind, Norm

PUBLIC_STATUSES = (
    FrameworkStatus.CONSULTATION,
    FrameworkStatus.ADOPTED,
    FrameworkStatus.PUBLISHED,
)


def frameworks_visible_to(user):
    """Published, adopted and consulted frameworks are public; concepts only for staff."""
    qs = Framework.objects.all()
    if not (user.is_authenticated and user.is_staff):
        qs = qs.filter(status__in=PUBLIC_STATUSES)
    return qs.order_by("-year")


def framework_with_contents(queryset=None):
    """A queryset of frameworks with levels, norms, groups, criteria, guide and targets prefetched."""
    queryset = Framework.objects.all() if queryset is None else queryset
    criteria = Criterion.objects.select_related("group").prefetch_related("target_values")
    norms = Norm.objects.select_related("level").prefetch_related(
        "groups", Prefetch("criteria", queryset=criteria), "guide_items"
    )
    return queryset.prefetch_related(
        "levels",
        Prefetch("norms", queryset=norms),
        "target_values__criterion",
        "explanations",
    )


def previous_framework(framework):
    """The framework of the nearest earlier year, the base of its change overview."""
    return (
        framework_with_contents(Framework.objects.filter(year__lt=framework.year)).order_by("-year").first()
    )


def criterion_sections(norm):
    """A norm's criteria in order, in sections: (group or None, [criteria]) as the handbook shows."""
    sections = []
    for criterion in norm.criteria.all():
        if not sections or sections[-1][0] != criterion.group:
            sections.append((criterion.group, []))
        sections[-1][1].append(criterion)
    return sections


def _document_url(item):
    """An uploaded document is exchanged (and copied to a new year) as the address it is served at."""
    if item.url or not item.file_path:
        return item.url
    from django.conf import settings
    from django.urls import reverse

    return settings.SITE_URL.rstrip("/") + reverse("frameworks:guide_file", args=[item.pk])


def _guide_to_dict(norm):
    items = list(norm.guide_items.all())
    guide = {
        "documents": [
            {"title": g.title, "url": _document_url(g), **({"description": g.body} if g.body else {})}
            for g in items
            if g.kind == GuideItemKind.DOCUMENT
        ],
        "links": [{"title": g.title, "url": g.url} for g in items if g.kind == GuideItemKind.LINK],
        "faq": [{"question": g.title, "answer": g.body} for g in items if g.kind == GuideItemKind.FAQ],
    }
    return {k: v for k, v in guide.items() if v}


def _criterion_to_dict(c):
    out = {"key": c.key, "number": c.number}
    if c.group:
        out["group"] = c.group.key
    out["text"] = c.text
    for field in ("sub_items", "guidance", "answer_fields", "described"):
        value = getattr(c, field)
        if value:
            out[field] = value
    return out


def _norm_to_dict(norm):
    out = {"key": norm.key, "number": norm.number}
    if norm.level:
        out["level"] = norm.level.key
    out["subject"] = norm.subject
    for field in ("title", "client_promise", "criteria_intro", "criteria_note"):
        value = getattr(norm, field)
        if value:
            out[field] = value
    guide = _guide_to_dict(norm)
    if guide:
        out["guide"] = guide
    groups = [
        {k: v for k, v in {"key": g.key, "heading": g.heading, "intro": g.intro}.items() if v}
        for g in norm.groups.all()
    ]
    if groups:
        out["groups"] = groups
    out["criteria"] = [_criterion_to_dict(c) for c in norm.criteria.all()]
    return out


def framework_to_dict(framework):
    """The framework as the file format's dict; `fileformat.dump_framework_file` writes it."""
    fw = framework_with_contents(Framework.objects.filter(pk=framework.pk)).get()
    norms = list(fw.norms.all())
    optional = [c.key for n in norms for c in n.criteria.all() if c.optional_for_returning]
    data = {
        "format": 1,
        "year": fw.year,
        "name": fw.name,
        "status": fw.status,
        "scheme_owner": fw.scheme_owner,
    }
    if fw.introduction:
        data["introduction"] = fw.introduction
    if fw.adopted_on:
        data["adopted_on"] = fw.adopted_on.isoformat()
    levels = [
        {k: v for k, v in {"key": lv.key, "name": lv.name, "description": lv.description}.items() if v}
        for lv in fw.levels.all()
    ]
    if levels:
        data["levels"] = levels
    if fw.exemption_note or optional:
        data["exemptions"] = {"note": fw.exemption_note, "criteria": optional}
    targets = [_target_to_dict(t) for t in sorted(fw.target_values.all(), key=lambda t: t.pk)]
    if targets:
        data["target_values"] = targets
    data["norms"] = [_norm_to_dict(n) for n in norms]
    changes = [
        {"key": e.key, "explanation": e.text} for e in sorted(fw.explanations.all(), key=lambda e: e.pk)
    ]
    if changes:
        data["changes"] = changes
    return data


def _target_to_dict(t):
    out = {"criterion": t.criterion.key} if t.criterion else {}
    out.update(metric=t.metric, minutes=t.minutes)
    if t.description:
        out["description"] = t.description
    return out


YEAR = re.compile(r"\b(?:19|20)\d{2}\b")


@dataclass(frozen=True)
class YearBoundText:
    """A text that names a year other than the framework's own ("Gemiddelde behandeltijd in 2021")."""

    place: str  # "Norm 4", "Criterium 4.8", the framework itself
    field: str
    text: str
    admin_url: str


def _texts_of_norm(norm):
    yield (
        _("Norm %(number)s") % {"number": norm.number},
        norm,
        [
            (_("onderwerp"), norm.subject),
            (_("titel"), norm.title),
            (_("cliëntbelofte"), "\n".join(norm.client_promise)),
            (_("inleidende zin criteria"), norm.criteria_intro),
            (_("opmerking bij criteria"), norm.criteria_note),
            *((_("Keurmerkwijzer"), f"{g.title} {g.body}") for g in norm.guide_items.all()),
        ],
    )
    for criterion in norm.criteria.all():
        labels = " ".join(str(f.get("label", "")) for f in criterion.answer_fields or [])
        yield (
            _("Criterium %(norm)s.%(number)s") % {"norm": norm.number, "number": criterion.number},
            norm,
            [
                (_("tekst"), "\n".join([criterion.text, *criterion.sub_items])),
                (_("toetsingskader"), criterion.guidance),
                (_("antwoordvelden"), labels),
            ],
        )


def year_bound_texts(framework: Framework) -> list[YearBoundText]:
    """Texts of `framework` that name another year: after copying a framework to a new year the
    administrator reviews them (issue 11, item 13). Reads through `framework_with_contents`."""
    framework = framework_with_contents(Framework.objects.filter(pk=framework.pk)).get()
    framework_url = reverse("admin:frameworks_framework_change", args=[framework.pk])
    places = [
        (
            _("Normenkader"),
            None,
            [
                (_("naam"), framework.name),
                (_("inleiding"), framework.introduction),
                (_("toelichting vrijstellingen"), framework.exemption_note),
            ],
        )
    ]
    for norm in framework.norms.all():
        places.extend(_texts_of_norm(norm))
    found = []
    for place, norm, fields in places:
        url = reverse("admin:frameworks_norm_change", args=[norm.pk]) if norm else framework_url
        for label, text in fields:
            if any(int(y) != framework.year for y in YEAR.findall(text or "")):
                found.append(YearBoundText(place, label, text, url))
    return found
