"""The certificate PDF: organisation, year, framework, verification code and a QR code to the
public verification page."""

import base64
import io

import qrcode
from django.conf import settings
from django.urls import reverse


def verification_url(code):
    return settings.SITE_URL.rstrip("/") + reverse("register:verify_code", kwargs={"code": code})


def qr_png(url):
    """The QR code as a PNG data URI for the certificate PDF. A PNG is drawn by WeasyPrint as one
    image; an SVG path of the same code cost about a third of each certificate's rendering
    (bench/decisions.py, profiled). Ten pixels per module: sharp at 40 mm."""
    image = qrcode.make(url, box_size=10, border=2)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=False)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
