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

S = FrameworkStatus
# The handbook's order: a concept goes into consultation, is adopted by the board, then published.
# A round in consultation may go back to concept (e.g. to correct it before a new round).
ALLOWED_TRANSITIONS = {
    S.CONCEPT: {S.CONSULTATION},
    S.CONSULTATION: {S.CONCEPT, S.ADOPTED},
    S.ADOPTED: {S.PUBLISHED},
    S.PUBLISHED: set(),
}


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
    step is a decision of the scheme owner and gets its audit row (`user` None: the system).
    """
    framework = Framework.objects.select_for_update().get(pk=framework.pk)
    if framework.status == S.PUBLISHED:
        raise FrameworkFrozenError()
    if to_status not in ALLOWED_TRANSITIONS[framework.status]:
        raise FrameworkTransitionError(
            _("Van ‘%(from)s’ kan een normenkader niet naar ‘%(to)s’.")
            % {"from": framework.get_status_display(), "to": S(to_status).label}
        )
    fields = ["status", "updated_at"]
    if to_status == S.ADOPTED:
        if adopted_on is None:
            raise FrameworkTransitionError(_("Vul de datum van vaststelling door het bestuur in."))
        framework.adopted_on = adopted_on
        fields.append("adopted_on")
    if to_status == S.PUBLISHED:
        framework.published_at = timezone.now()
        fields.append("published_at")
    from_status = framework.status
    framework.status = to_status
    framework.save(update_fields=fields)
    audit.record(
        actor=user, action=Action.FRAMEWORK_STATUS_CHANGED, obj=framework, from_state=from_status, to_state=to_status,
        reason=reason, data={"adopted_on": adopted_on.isoformat()} if to_status == S.ADOPTED else None,
    )  # fmt: skip
    return framework


def suggested_copy_year(framework: Framework) -> int:
    years = set(Framework.objects.values_list("year", flat=True))
    year = framework.year + 1
    while year in years:
        year += 1
    return year
