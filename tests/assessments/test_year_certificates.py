"""Every certificate of a year in one ZIP, rendered in parallel processes (`assessments.batch`):
one PDF per awarded participation, named as the page names it, each with its own holder, code and
QR image; the withdrawn and the not yet awarded are not in it; the command and the background
task give the same; a ZIP is replaced whole."""

import io
import zipfile

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from keurmerk.assessments.batch import year_certificates_zip
from keurmerk.assessments.models import Certificate
from keurmerk.assessments.tasks import year_certificates
from keurmerk.cycles.models import Participation, State
from tests.conftest import make_organisation
from tests.credentials.conftest import award


@pytest.fixture
def awarded(transactional_db, cycle, users, settings, tmp_path):
    """Five awarded holders of 2027 (committed: the rendering processes read them), one signed."""
    settings.DATA_DIR = tmp_path
    participations = []
    for i in range(5):
        org = make_organisation(f"Praktijk Batch {i}", f"7100000{i}", f"8100000{i}")
        participation = Participation.objects.create(organisation=org, cycle=cycle, state=State.SIGNED)
        award(participation, users["assessor"])
        participations.append(participation)
    waiting = make_organisation("Praktijk Wacht", "71000009", "81000009")
    Participation.objects.create(organisation=waiting, cycle=cycle, state=State.SIGNED)
    return participations


def _contents(path):
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _text(pdf):
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_every_certificate_of_the_year_in_parallel(awarded):
    path, count = year_certificates_zip(year=2027, workers=2)
    files = _contents(path)
    assert count == 5 and len(files) == 5
    for certificate in Certificate.objects.filter(participation__in=awarded).select_related(
        "participation__organisation"
    ):
        pdf = files[f"keurmerkcertificaat-2027-{certificate.participation.organisation.agb}.pdf"]
        assert pdf.startswith(b"%PDF") and b"/Subtype /Image" in pdf  # the QR code
        text = _text(pdf)
        assert certificate.participation.organisation.name in text and certificate.code in text


def test_the_command_and_the_task_give_the_same_files(awarded, tmp_path):
    call_command("certificates_render", "2027", "--workers", "1", stdout=io.StringIO())
    by_command = set(_contents(tmp_path / "certificaten" / "keurmerkcertificaten-2027.zip"))
    awarded[0].refresh_from_db()
    Participation.objects.filter(pk=awarded[0].pk).update(state=State.WITHDRAWN)
    result = year_certificates.call(2027)
    assert result["count"] == 4
    assert set(_contents(result["path"])) == by_command - {
        f"keurmerkcertificaat-2027-{awarded[0].organisation.agb}.pdf"
    }
    assert not list((tmp_path / "certificaten").glob(".*"))  # no partial file left behind
