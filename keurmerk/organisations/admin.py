from django.contrib import admin
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext_lazy as _

from keurmerk.lib.tabular import TableError

from .forms import ImportForm
from .importing import import_organisations
from .models import HeldMark, Location, Membership, Organisation, Subcontract


class LocationInline(admin.StackedInline):
    model = Location
    extra = 0


class MembershipInline(admin.StackedInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


class HeldMarkInline(admin.StackedInline):
    model = HeldMark
    extra = 0


class SubcontractInline(admin.StackedInline):
    model = Subcontract
    fk_name = "network"
    extra = 0
    autocomplete_fields = ["subcontractor"]
    # The subcontractor's own members confirm the relation on their page; shown, never typed.
    readonly_fields = ["confirmed_at"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "type", "kvk", "agb"]
    list_filter = ["type"]
    search_fields = ["name", "kvk", "agb"]
    inlines = [LocationInline, MembershipInline, HeldMarkInline, SubcontractInline]
    change_list_template = "admin/organisations/organisation/change_list.html"

    def get_urls(self):
        view = self.admin_site.admin_view(self.import_view)
        return [path("importeren/", view, name="organisations_organisation_import"), *super().get_urls()]

    def import_view(self, request):
        """The same import as `manage.py organisations_import` and the staff page."""
        form = ImportForm(request.POST or None, request.FILES or None)
        problems, result = [], None
        if request.method == "POST" and self.has_add_permission(request) and form.is_valid():
            try:
                result = import_organisations(data=form.cleaned_data["file"].read(), user=request.user)
            except TableError as exc:
                problems = exc.problems
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "form": form,
            "problems": problems,
            "result": result,
            "title": _("Keurmerkdragers importeren"),
        }
        return render(request, "admin/organisations/organisation/import.html", context)
