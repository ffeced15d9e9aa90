"""Workflow steps on norm frameworks: import, copy to a new year, status transitions.

Each step is one function with keyword-only arguments that checks the current state and writes
inside one transaction.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from keurmerk.audit import services as audit
from keurmerk.audit.actions import Action

from .fileformat import FrameworkFile, parse_framework_file
from .models import (
    ChangeExplanation,
    Criterion,
    CriterionGroup,
    Framework,
    FrameworkFrozenError,
    FrameworkStatus,
    GuideItem,
    GuideItemKind,
    Level,
    Norm,
    TargetValue,
)
from .selectors import framework_to_dict
from .states import FRAMEWORK, step_between

S = FrameworkStatus


class FrameworkTransitionError(ValidationError):
    pass


def _create_guide(norm, guide):
    position = 0
    for doc in guide.documents:
        GuideItem.objects.create(
            norm=norm,
            kind=GuideItemKind.DOCUMENT,
            title=doc.title,
            url=doc.url,
            body=doc.description,
            position=position,
        )
        position += 1
    for link in guide.links:
        GuideItem.objects.create(
            norm=norm, kind=GuideItemKind.LINK, title=link.title, url=link.url, position=position
        )
        position += 1
    for faq in guide.faq:
        GuideItem.objects.create(
            norm=norm, kind=GuideItemKind.FAQ, title=faq.question, body=faq.answer, position=position
        )
        position += 1


def _create_norm(framework, position, norm_in, levels, optional_keys):
    norm = Norm.objects.create(
        framework=framework,
        key=norm_in.key,
        number=norm_in.number,
        subject=norm_in.subject,
        title=norm_in.title,
        level=levels.get(norm_in.level),
        client_promise=norm_in.client_promise,
        criteria_intro=norm_in.criteria_intro,
        criteria_note=norm_in.criteria_note,
        position=position,
    )
    groups = {
        g.key: CriterionGroup.objects.create(
            norm=norm, key=g.key, heading=g.heading, intro=g.intro, position=i
        )
        for i, g in enumerate(norm_in.groups)
    }
    criteria = {}
    for i, c in enumerate(norm_in.criteria):
        criteria[c.key] = Criterion.objects.create(
            norm=norm,
            group=groups.get(c.group),
            key=c.key,
            number=c.number,
            text=c.text,
            sub_items=c.sub_items,
            guidance=c.guidance,
            answer_fields=[f.model_dump(exclude_defaults=True) for f in c.answer_fields],
            optional_for_returning=c.key in optional_keys,
            described=c.described,
            position=i,
        )
    _create_guide(norm, norm_in.guide)
    return criteria


def _fill_framework(framework, data: FrameworkFile):
    levels = {
        lv.key: Level.objects.create(
            framework=framework, key=lv.key, name=lv.name, description=lv.description, position=i
        )
        for i, lv in enumerate(data.levels)
    }
    optional_keys = set(data.exemptions.criteria)
    criteria = {}
    for i, norm_in in enumerate(data.norms):
        criteria.update(_create_norm(framework, i, norm_in, levels, optional_keys))
    for t in data.target_values:
        TargetValue.objects.create(
            framework=framework,
            criterion=criteria.get(t.criterion),
            metric=t.metric,
            minutes=t.minutes,
            description=t.description,
        )
    for change in data.changes:
        ChangeExplanation.objects.create(framework=framework, key=change.key, text=change.explanation)


def _apply_header(framework, data: FrameworkFile):
    framework.name = data.name
    framework.scheme_owner = data.scheme_owner
    framework.introduction = data.introduction
    framework.exemption_note = data.exemptions.note
    framework.adopted_on = datetime.date.fromisoformat(data.adopted_on) if data.adopted_on else None


def _build(framework, data: FrameworkFile):
    """Write the header and all contents; the status is set last, since a published
    framework refuses new parts."""
    _apply_header(framework, data)
    framework.status = S.CONCEPT
    framework.save()
    _fill_framework(framework, data)
    if data.status != S.CONCEPT:
        framework.status = data.status
        framework.published_at = timezone.now() if data.status == S.PUBLISHED else None
        framework.save(update_fields=["status", "published_at"])


@transaction.atomic
def framework_import(*, text: str) -> tuple[Framework, bool]:
    """Create a framework from a file, or replace an existing concept of the same year.

    The file is validated as a whole first (every problem listed); a framework that is no longer
    a concept is never replaced. Returns (framework, created).
    """
    data = parse_framework_file(text)
    framework = Framework.objects.select_for_update().filter(year=data.year).first()
    created = framework is None
    if framework is None:
        framework = Framework(year=data.year)
    elif framework.status != S.CONCEPT:
        raise FrameworkTransitionError(
            _(
                "Het normenkader %(year)s bestaat al met status ‘%(status)s’; alleen een concept "
                "kan worden vervangen. Kopieer het naar een nieuw jaar om verder te werken."
            )
            % {"year": data.year, "status": framework.get_status_display()}
        )
    elif framework.cycles.exists():
        raise FrameworkTransitionError(
            _(
                "Het normenkader %(year)s wordt gebruikt door een keurmerkproces en kan daarom niet meer "
                "worden vervangen. Wijzig het in het beheer of kopieer het naar een nieuw jaar."
            )
            % {"year": data.year}
        )
    else:
        framework.target_values.all().delete()
        framework.norms.all().delete()
        framework.levels.all().delete()
        framework.explanations.all().delete()
    _build(framework, data)
    return framework, created


def _name_for_year(name, old_year, new_year):
    if str(old_year) in name:
        return name.replace(str(old_year), str(new_year))
    return f"{name} {new_year}"


@transaction.atomic
def framework_copy(*, source: Framework, year: int) -> Framework:
    """Copy a framework (any status) to a new year as a concept, keeping every stable key.

    The start of a new year's framework: the administrator then edits the concept.
    Explanations of changes belong to the source year and are not copied.
    """
    if Framework.objects.filter(year=year).exists():
        raise FrameworkTransitionError(_("Er bestaat al een normenkader voor %(year)s.") % {"year": year})
    data = framework_to_dict(source)
    data.update(
        year=year,
        status=S.CONCEPT,
        adopted_on=None,
        changes=[],
        name=_name_for_year(source.name, source.year, year),
    )
    parsed = FrameworkFile.model_validate(data)
    framework = Framework(year=year)
    _build(framework, parsed)
    return framework


@transaction.atomic
def framework_transition(
    *, framework: Framework, to_status: str, adopted_on=None, user=None, reason=""
) -> Framework:
    """Move a framework along concept → in consultation → adopted (with date) → published.

    Adoption needs the date on which the board adopted it; publishing freezes the framework. Every
    step is a decision of the scheme owner and gets its audit row (`user` None: the system). The
    steps are declared in `states.py` and carried out by `FRAMEWORK.carry_out`.
    """
    framework = Framework.objects.select_for_update().get(pk=framework.pk)
    if framework.status == S.PUBLISHED:
        raise FrameworkFrozenError()
    step = step_between(framework.status, to_status)
    if step is None:
        raise FrameworkTransitionError(
            _("Van ‘%(from)s’ kan een normenkader niet naar ‘%(to)s’.")
            % {"from": framework.get_status_display(), "to": S(to_status).label}
        )
    changes = {"updated_at": timezone.now()}
    if to_status == S.ADOPTED:
        if adopted_on is None:
            raise FrameworkTransitionError(_("Vul de datum van vaststelling door het bestuur in."))
        changes["adopted_on"] = adopted_on
    if to_status == S.PUBLISHED:
        changes["published_at"] = timezone.now()
    data = {"adopted_on": adopted_on.isoformat()} if to_status == S.ADOPTED else None
    return FRAMEWORK.carry_out(step.name, framework, user=user, reason=reason, data=data, changes=changes)


def suggested_copy_year(framework: Framework) -> int:
    years = set(Framework.objects.values_list("year", flat=True))
    year = framework.year + 1
    while year in years:
        year += 1
    return year


# -- Keurmerkwijzer (handbook 3.1): grows after publication, the norm texts do not ------------------

GUIDE_FOLDER = "keurmerkwijzer"
MAX_GUIDE_TITLE = 300
MAX_GUIDE_BODY = 20_000


def _check_guide_item(kind, title, url, body, has_file):
    errors = {}
    if not title.strip():
        errors["title"] = _("Vul een titel in (bij een veelgestelde vraag: de vraag).")
    elif len(title) > MAX_GUIDE_TITLE:
        errors["title"] = _("De titel is hoogstens 300 tekens lang.")
    if len(body) > MAX_GUIDE_BODY:
        errors["body"] = _("De tekst is hoogstens 20.000 tekens lang.")
    if kind == GuideItemKind.LINK and not url:
        errors["url"] = _("Vul het webadres van de website in.")
    if kind == GuideItemKind.FAQ and not body.strip():
        errors["body"] = _("Vul het antwoord op de vraag in.")
    if kind == GuideItemKind.DOCUMENT and not (url or has_file):
        errors["file"] = _("Upload het handvatdocument of vul het webadres ervan in.")
    if kind not in GuideItemKind.values:
        errors["kind"] = _("Kies een soort: handvatdocument, website of veelgestelde vraag.")
    if errors:
        raise ValidationError(errors)


def _attach_guide_file(item, upload):
    from keurmerk.lib import uploads

    content, name = upload
    file_type = uploads.detect(content, name)
    item.file_path, _sha = uploads.store(content, file_type, GUIDE_FOLDER)
    item.file_name, item.file_type, item.file_size = name[:255], file_type.content_type, len(content)


@transaction.atomic
def guide_item_save(
    *,
    norm: Norm,
    user,
    kind: str,
    title: str,
    url: str = "",
    body: str = "",
    upload: tuple[bytes, str] | None = None,
    item: GuideItem | None = None,
) -> GuideItem:
    """Add (or, with `item`, change) a Keurmerkwijzer item of a norm (handbook 3.1: per norm a
    handvatdocument, a website or veelgestelde vragen). Allowed after publication: the guidance
    grows during the year; the item shows the date of its last change. An uploaded document is
    checked by its content (PDF, DOCX, XLSX, PNG, JPEG up to 10 MB)."""
    if item is not None and item.norm_id != norm.pk:
        raise ValidationError(_("Dit onderdeel hoort niet bij deze norm."))
    item = item or GuideItem(norm=norm, position=norm.guide_items.count())
    _check_guide_item(kind, title, url, body, bool(upload or item.file_path))
    if upload:
        _attach_guide_file(item, upload)
    item.kind, item.title, item.url, item.body = kind, title.strip(), url, body.strip()
    item.updated_at = timezone.now()
    created = item.pk is None
    item.save()
    audit.record(
        actor=user,
        action=Action.GUIDE_ITEM_ADDED if created else Action.GUIDE_ITEM_CHANGED,
        obj=item,
        data={"norm": norm.pk, "kind": kind, "title": item.title},
    )
    return item


@transaction.atomic
def guide_item_remove(*, item: GuideItem, user) -> None:
    """Take an item out of the Keurmerkwijzer (the stored file stays: audit and old links)."""
    audit.record(
        actor=user,
        action=Action.GUIDE_ITEM_REMOVED,
        obj=item,
        data={"norm": item.norm_id, "title": item.title},
    )
    item.delete()


@transaction.atomic
def criterion_guidance_save(*, criterion: Criterion, user, guidance: str) -> Criterion:
    """Set the toetsingskader of a criterion: when it is met (handbook 3.1). Allowed after the
    framework is published (the criterion's own text stays frozen); the page shows the date."""
    guidance = guidance.strip()
    if len(guidance) > MAX_GUIDE_BODY:
        raise ValidationError({"guidance": _("Het toetsingskader is hoogstens 20.000 tekens lang.")})
    criterion = Criterion.objects.select_for_update().get(pk=criterion.pk)
    if criterion.guidance == guidance:
        return criterion
    criterion.guidance = guidance
    criterion.guidance_updated_at, criterion.guidance_updated_by = timezone.now(), user
    criterion.save(update_fields=["guidance", "guidance_updated_at", "guidance_updated_by"])
    audit.record(actor=user, action=Action.GUIDANCE_CHANGED, obj=criterion, data={"criterion": criterion.key})
    return criterion
