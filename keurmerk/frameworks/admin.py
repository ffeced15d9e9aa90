"""Framework management for administrators.

Editing happens on concepts; a published framework is shown read-only (and the models refuse any
change as well). Status changes and copying to a new year are separate admin pages that call the
services in `services.py`.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from . import services
from .models import (
    ChangeExplanation,
    Criterion,
    CriterionGroup,
    Framework,
    FrameworkStatus,
    Level,
    Norm,
    TargetValue,
)
from .selectors import year_bound_texts
from .states import step_between


class FrozenAwareMixin:
    """Read-only admin for everything that belongs to a published framework."""

    def framework_of(self, obj):
        return obj if isinstance(obj, Framework) else getattr(obj, "framework", None) or obj.norm.framework

    def _frozen(self, obj):
        return obj is not None and self.framework_of(obj).is_frozen

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not self._frozen(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not self._frozen(obj)

    def has_add_permission(self, request, obj=None):
        args = (request, obj) if isinstance(self, admin.options.InlineModelAdmin) else (request,)
        return super().has_add_permission(*args) and not self._frozen(obj)


class LevelInline(FrozenAwareMixin, admin.StackedInline):
    model = Level
    extra = 0


class TargetValueInline(FrozenAwareMixin, admin.StackedInline):
    model = TargetValue
    extra = 0
    autocomplete_fields = ["criterion"]


class ChangeExplanationInline(FrozenAwareMixin, admin.StackedInline):
    model = ChangeExplanation
    extra = 0


class NormInline(FrozenAwareMixin, admin.StackedInline):
    model = Norm
    extra = 0
    fields = ["number", "subject", "key", "level", "position"]
    show_change_link = True


class TransitionForm(forms.Form):
    to_status = forms.ChoiceField(label=_("Nieuwe status"), choices=FrameworkStatus.choices)
    adopted_on = forms.DateField(
        label=_("Vastgesteld door het bestuur op"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Verplicht bij ‘Vastgesteld’."),
    )
    # Set by the confirmation page: adopting and publishing cannot be undone, so the first valid
    # POST of either only shows what the step will do.
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def needs_confirmation(self, framework):
        """True for a valid adopt or publish step not yet confirmed; a refused step (wrong order,
        no adoption date) goes straight to the service, which says why."""
        to_status, data = self.cleaned_data["to_status"], self.cleaned_data
        if to_status not in {FrameworkStatus.ADOPTED, FrameworkStatus.PUBLISHED} or data["confirmed"]:
            return False
        if to_status == FrameworkStatus.ADOPTED and data["adopted_on"] is None:
            return False
        return step_between(framework.status, to_status) is not None


class CopyForm(forms.Form):
    year = forms.IntegerField(label=_("Nieuw jaar"), min_value=2000, max_value=2100)


@admin.register(Framework)
class FrameworkAdmin(FrozenAwareMixin, admin.ModelAdmin):
    list_display = ["year", "name", "status", "adopted_on", "actions_column"]
    list_filter = ["status"]
    fields = ["year", "name", "scheme_owner", "introduction", "exemption_note", "status", "adopted_on"]
    readonly_fields = ["status", "adopted_on"]
    inlines = [LevelInline, NormInline, TargetValueInline, ChangeExplanationInline]

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields + (["year"] if obj else [])

    @admin.display(description=_("Acties"))
    def actions_column(self, obj):
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a> · <a href="{}">{}</a> · <a href="{}">{}</a>',
            reverse("admin:frameworks_framework_transition", args=[obj.pk]),
            _("Status wijzigen"),
            reverse("admin:frameworks_framework_year_texts", args=[obj.pk]),
            _("Jaartallen controleren"),
            reverse("admin:frameworks_framework_copy", args=[obj.pk]),
            _("Kopiëren naar nieuw jaar"),
            reverse("frameworks:changes", args=[obj.year]),
            _("Wijzigingen"),
        )

    def get_urls(self):
        own = [
            path(
                "<int:pk>/status/",
                self.admin_site.admin_view(self.transition_view),
                name="frameworks_framework_transition",
            ),
            path(
                "<int:pk>/jaartallen/",
                self.admin_site.admin_view(self.year_texts_view),
                name="frameworks_framework_year_texts",
            ),
            path(
                "<int:pk>/kopie/",
                self.admin_site.admin_view(self.copy_view),
                name="frameworks_framework_copy",
            ),
        ]
        return own + super().get_urls()

    def _page(self, request, framework, form, title):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": framework,
            "form": form,
            "title": title,
        }
        return render(request, "admin/frameworks/framework_action.html", context)

    def transition_view(self, request, pk):
        framework = get_object_or_404(Framework, pk=pk)
        if not request.user.has_perm("frameworks.change_framework"):
            return redirect("admin:index")
        form = TransitionForm(request.POST or None, initial={"to_status": framework.status})
        if request.method == "POST" and form.is_valid() and form.needs_confirmation(framework):
            return self._confirm_page(request, framework, form)
        if request.method == "POST" and form.is_valid():
            try:
                services.framework_transition(
                    framework=framework,
                    to_status=form.cleaned_data["to_status"],
                    adopted_on=form.cleaned_data["adopted_on"],
                    user=request.user,
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("De status is gewijzigd."))
                return redirect("admin:frameworks_framework_changelist")
        return self._page(request, framework, form, _("Status wijzigen: %s") % framework)

    def _confirm_page(self, request, framework, form):
        """What adopting or publishing will do, with one button that carries it out."""
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": framework,
            "form": form,
            "publishing": form.cleaned_data["to_status"] == FrameworkStatus.PUBLISHED,
            "to_label": FrameworkStatus(form.cleaned_data["to_status"]).label,
            "title": _("Bevestigen: %s") % framework,
        }
        return render(request, "admin/frameworks/framework_transition_confirm.html", context)

    def year_texts_view(self, request, pk):
        """After a copy: the texts that still name another year, each with a link to edit it."""
        framework = get_object_or_404(Framework, pk=pk)
        if not self.has_view_permission(request, framework):
            return redirect("admin:index")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": framework,
            "title": _("Teksten met een jaartal: %s") % framework,
            "texts": year_bound_texts(framework),
        }
        return render(request, "admin/frameworks/framework_year_texts.html", context)

    def copy_view(self, request, pk):
        framework = get_object_or_404(Framework, pk=pk)
        if not self.has_add_permission(request):
            return redirect("admin:index")
        initial = {"year": services.suggested_copy_year(framework)}
        form = CopyForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                copy = services.framework_copy(source=framework, year=form.cleaned_data["year"])
            except ValidationError as exc:
                form.add_error("year", exc)
            else:
                messages.success(request, _("Concept %s aangemaakt.") % copy)
                return redirect("admin:frameworks_framework_year_texts", copy.pk)
        return self._page(request, framework, form, _("Kopiëren naar nieuw jaar: %s") % framework)


class CriterionGroupInline(FrozenAwareMixin, admin.StackedInline):
    model = CriterionGroup
    extra = 0


class CriterionInline(FrozenAwareMixin, admin.StackedInline):
    model = Criterion
    extra = 0

    def get_formset(self, request, obj=None, **kwargs):
        request.keurmerk_norm = obj  # the norm being edited, for the choice of groups below
        return super().get_formset(request, obj, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "group":
            kwargs["queryset"] = groups_of(getattr(request, "keurmerk_norm", None))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    fields = [
        ("number", "key", "position"),
        "group",
        "text",
        "sub_items",
        "guidance",
        "answer_fields",
        ("optional_for_returning", "described"),
    ]
    show_change_link = True


def groups_of(norm):
    """A criterion's group is one of its own norm's groups, never one of another framework."""
    if norm is None:
        return CriterionGroup.objects.none()
    return CriterionGroup.objects.filter(norm=norm).order_by("position")


def editable_frameworks():
    """A new norm goes into a framework that can still change (not a published one)."""
    return Framework.objects.exclude(status=FrameworkStatus.PUBLISHED).order_by("-year")


@admin.register(Norm)
class NormAdmin(FrozenAwareMixin, admin.ModelAdmin):
    list_display = ["__str__", "framework", "level"]
    list_filter = ["framework"]
    search_fields = ["subject", "title", "key"]
    inlines = [CriterionGroupInline, CriterionInline]  # the Keurmerkwijzer has screens of its own

    def get_readonly_fields(self, request, obj=None):
        """A norm stays in its framework: moving it would change a (published) framework."""
        return [*super().get_readonly_fields(request, obj), *(["framework"] if obj else [])]

    def get_form(self, request, obj=None, **kwargs):
        request.keurmerk_norm = obj
        return super().get_form(request, obj, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        norm = getattr(request, "keurmerk_norm", None)
        if db_field.name == "framework":
            kwargs["queryset"] = editable_frameworks()
        if db_field.name == "level":
            framework = norm.framework if norm else None
            frameworks = [framework] if framework else editable_frameworks()
            kwargs["queryset"] = Level.objects.filter(framework__in=frameworks)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Criterion)
class CriterionAdmin(FrozenAwareMixin, admin.ModelAdmin):
    list_display = ["__str__", "key", "norm", "optional_for_returning", "described"]
    list_filter = ["norm__framework", "optional_for_returning"]
    search_fields = ["text", "key"]
    list_select_related = ["norm__framework"]
    # Set by the Keurmerkwijzer screens when the toetsingskader changes, never by hand.
    exclude = ["guidance_updated_at", "guidance_updated_by"]

    def framework_of(self, obj):
        return obj.norm.framework

    def get_readonly_fields(self, request, obj=None):
        """A criterion stays in its norm (and so in its framework)."""
        return [*super().get_readonly_fields(request, obj), *(["norm"] if obj else [])]

    def get_form(self, request, obj=None, **kwargs):
        request.keurmerk_norm = obj.norm if obj else None
        return super().get_form(request, obj, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "group":
            kwargs["queryset"] = groups_of(getattr(request, "keurmerk_norm", None))
        if db_field.name == "norm":
            kwargs["queryset"] = Norm.objects.filter(framework__in=editable_frameworks())
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
