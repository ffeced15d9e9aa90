"""Reads of norm frameworks that several views, commands and services share.

`framework_with_contents` loads a whole framework in a fixed number of queries, whatever the
number of norms and criteria; every page, PDF, export and diff reads through it.
"""

from django.db.models import Prefetch

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
