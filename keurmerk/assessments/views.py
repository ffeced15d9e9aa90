from keurmerk.lib.pdf import pdf_response

from .access import get_certificate_for_user
from .certificates import qr_svg, verification_url


def certificate_pdf(request, pk):
    participation, certificate = get_certificate_for_user(request, pk)
    url = verification_url(certificate.code)
    context = {"participation": participation, "certificate": certificate, "url": url, "qr": qr_svg(url)}
    filename = f"keurmerkcertificaat-{participation.cycle.year}-{participation.organisation.agb}.pdf"
    return pdf_response("assessments/certificate_pdf.html", context, request, filename)
