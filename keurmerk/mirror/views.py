"""Mirror report pages: uploads and their summaries, deleting, the report and its PDF, and the
scheme-wide distributions for staff and insurers."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from keurmerk.accounts.models import Role
from keurmerk.lib.exports import export_response
from keurmerk.lib.pdf import pdf_response

from . import selectors, services
from .access import (
    get_organisation_for_member,
    organisations_for_member,
    require_scheme_viewer,
)
from .formats import UploadRefused, describe
from .forms import DeleteForm, UploadForm
from .indicators import NUMERIC_KEYS
from .models import Upload, UploadJob

FIRST_YEAR, LAST_YEAR = 2000, 2100


def _check_year(year):
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404("Jaar niet gevonden")
    return year


def index(request):
    user, organisations = organisations_for_member(request)
    if user.role != Role.PROVIDER:
        return redirect("mirror:scheme_index")
    if len(organisations) == 1:
        return redirect("mirror:organisation", organisations[0].pk)
    return render(request, "mirror/index.html", {"organisations": organisations})


def organisation_home(request, pk):
    organisation = get_organisation_for_member(request, pk)
    context = {
        "organisation": organisation,
        "uploads": selectors.latest_uploads(organisation),
        "years": list(selectors.values_of_organisation(organisation)),
        "form": UploadForm(),
        "formats": describe(),
    }
    return render(request, "mirror/organisation.html", context)


def upload(request, pk):
    organisation = get_organisation_for_member(request, pk)
    posted = request.method == "POST"
    form = UploadForm(request.POST, request.FILES) if posted else UploadForm()
    if posted and form.is_valid():
        try:
            job = services.mirror_upload_queue(
                organisation=organisation,
                kind=form.cleaned_data["kind"],
                user=request.user,
                file=form.cleaned_data["file"],
            )
        except UploadRefused as refused:
            context = {"organisation": organisation, "form": form, "refused": refused, "formats": describe()}
            return render(request, "mirror/upload.html", context, status=400)
        return redirect("mirror:upload_job", organisation.pk, job.pk)
    context = {"organisation": organisation, "form": form, "formats": describe()}
    return render(request, "mirror/upload.html", context, status=400 if posted else 200)


def upload_job(request, pk, job_pk):
    """Progress of an upload in the background worker: htmx polls it every 2 s (without JavaScript
    the visitor reloads it) until the file is read; then it leads to the summary or lists the
    problems."""
    organisation = get_organisation_for_member(request, pk)
    job = get_object_or_404(UploadJob, pk=job_pk, organisation=organisation)
    if request.headers.get("HX-Request") and not job.is_pending:
        return HttpResponse(headers={"HX-Refresh": "true"})  # htmx polling: show the outcome
    if job.upload_id:
        return redirect("mirror:upload_summary", organisation.pk, job.upload_id)
    context = {"organisation": organisation, "job": job, "form": UploadForm(), "formats": describe()}
    return render(request, "mirror/upload_job.html", context)


def upload_summary(request, pk, upload_pk):
    organisation = get_organisation_for_member(request, pk)
    done = get_object_or_404(Upload, pk=upload_pk, organisation=organisation)
    context = {"organisation": organisation, "upload": done, "changes": selectors.changes_for_display(done)}
    return render(request, "mirror/upload_summary.html", context)


def delete(request, pk):
    """A confirmation page; the POST with the box ticked removes everything in one action."""
    organisation = get_organisation_for_member(request, pk)
    posted = request.method == "POST"
    form = DeleteForm(request.POST) if posted else DeleteForm()
    if posted and form.is_valid():
        services.mirror_delete_all(organisation=organisation, user=request.user)
        messages.success(request, _("Alle gegevens en indicatoren van de spiegelrapportage zijn verwijderd."))
        return redirect("mirror:organisation", organisation.pk)
    context = {"organisation": organisation, "form": form}
    return render(request, "mirror/delete.html", context, status=400 if posted else 200)


def report(request, pk, year):
    organisation = get_organisation_for_member(request, pk)
    context = selectors.mirror_report(organisation, _check_year(year))
    return render(request, "mirror/report.html", context)


def report_pdf(request, pk, year):
    organisation = get_organisation_for_member(request, pk)
    context = selectors.mirror_report(organisation, _check_year(year))
    return pdf_response("mirror/report_pdf.html", context, request, f"spiegelrapportage-{year}.pdf")


def scheme_index(request):
    show_names = require_scheme_viewer(request)
    return render(
        request, "mirror/scheme_index.html", {"years": selectors.years_with_peers(), "show_names": show_names}
    )


def scheme_year(request, year):
    show_names = require_scheme_viewer(request)
    context = {
        "year": _check_year(year),
        "rows": selectors.scheme_distributions(year),
        "show_names": show_names,
        "providers": selectors.scheme_providers(year) if show_names else None,
    }
    return render(request, "mirror/scheme_year.html", context)


def scheme_export(request, year, fmt):
    """The year's indicators: per provider for staff; for insurers the distributions only (no
    provider is ever named to them)."""
    if not require_scheme_viewer(request):
        return _distribution_export(_check_year(year), fmt)
    headers = [_("Organisatie"), _("AGB-code"), _("Keurmerkdrager"), *NUMERIC_KEYS]
    rows = (
        [
            p["organisation"].name,
            p["organisation"].agb,
            _("ja") if p["holder"] else _("nee"),
            *map(selectors.provider_figures(p["figures"]).get, NUMERIC_KEYS),
        ]
        for p in selectors.scheme_providers(_check_year(year))
    )
    return export_response(headers=headers, rows=rows, filename=f"spiegel-indicatoren-{year}", fmt=fmt)


DISTRIBUTION_HEADERS = ["indicator", "omschrijving", "eenheid", "aantal aanbieders", "P25", "mediaan", "P75"]


def _distribution_export(year, fmt):
    """Per indicator the number of peers and the quartiles; empty where fewer than five peers."""
    rows = []
    for row in selectors.scheme_distributions(year):
        indicator, peer = row["indicator"], row["peer"]
        figures = [peer.n, peer.p25, peer.median, peer.p75] if peer else [None] * 4
        rows.append([indicator.key, str(indicator.label), indicator.unit, *figures])
    return export_response(
        headers=DISTRIBUTION_HEADERS, rows=rows, filename=f"spiegel-verdeling-{year}", fmt=fmt
    )
