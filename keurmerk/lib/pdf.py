"""PDFs with WeasyPrint from the same templates as the pages."""

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from weasyprint import HTML


def render_pdf(template_name, context, request=None) -> bytes:
    html = render_to_string(template_name, context, request=request)
    # No base URL on the network: every style the PDF needs is inlined by the template.
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def pdf_response(template_name, context, request, filename) -> HttpResponse:
    response = HttpResponse(render_pdf(template_name, context, request), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
