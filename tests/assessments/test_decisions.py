"""Award and withdrawal (Fase 4), certificates and time-driven withdrawals."""

import datetime
import io

import pytest
import time_machine
from django.core.management import call_command
from pypdf import PdfReader

from keurmerk.assessments.models import CODE_ALPHABET, Certificate
from keurmerk.assessments.services import participation_award, participation_withdraw, withdraw_overdue
from keurmerk.audit.models import AuditEvent
from keurmerk.cycles.calendar import holder_ids
from keurmerk.cycles.models import Participation, State
from keurmerk.cycles.services import TransitionError
from keurmerk.organisations.models import HeldMark
from tests.conftest import amsterdam, client_for


def set_state(participation, state):
    Participation.objects.filter(pk=participation.pk).update(state=state)
    participation.refresh_from_db()
    return participation


def test_award_issues_an_unguessable_certificate(participation, users):
    set_state(participation, State.QUALIFIED)
    certificate = participation_award(participation=participation, actor=users["assessor"])
    assert Participation.objects.get(pk=participation.pk).state == State.AWARDED
    raw = certificate.code.replace("-", "")
    assert len(raw) == 16 and set(raw) <= set(CODE_ALPHABET)
    assert certificate.valid_from == datetime.date(2027, 1, 1)
    # The award is the participation's state: held at the end of the year, not copied to HeldMark.
    assert participation.organisation_id in holder_ids(2027, on=datetime.date(2027, 12, 31))
    assert not HeldMark.objects.filter(organisation=participation.organisation).exists()
    assert AuditEvent.objects.filter(action="awarded", participation=participation).exists()


def test_codes_differ(participation, users, org_b, cycle):
    other = Participation.objects.create(organisation=org_b, cycle=cycle, state=State.QUALIFIED)
    set_state(participation, State.QUALIFIED)
    a = participation_award(participation=participation, actor=users["assessor"])
    b = participation_award(participation=other, actor=users["assessor"])
    assert a.code != b.code


def test_cannot_award_from_signed_or_applied(participation, users):
    with pytest.raises(TransitionError):
        participation_award(participation=participation, actor=users["assessor"])
    assert not Certificate.objects.exists()


def test_withdrawal_dissolves_revokes_and_leaves_the_register(participation, users):
    set_state(participation, State.QUALIFIED)
    certificate = participation_award(participation=participation, actor=users["assessor"])
    participation_withdraw(participation=participation, actor=users["director"], reason="Niet gekwalificeerd")
    p = Participation.objects.get(pk=participation.pk)
    assert p.state == State.WITHDRAWN and p.agreement_dissolved_at is not None
    assert Certificate.objects.get(pk=certificate.pk).revoked_at is not None
    assert participation.organisation_id not in holder_ids(2027, on=datetime.date(2027, 4, 1))


def test_tick_withdraws_who_did_not_submit_or_revise_in_time(cycle, org_a, org_b, users):
    late = Participation.objects.create(organisation=org_a, cycle=cycle, state=State.SIGNED)
    not_revised = Participation.objects.create(organisation=org_b, cycle=cycle, state=State.NOT_QUALIFIED)
    with time_machine.travel(amsterdam(2027, 1, 31, 23, 59, 59), tick=False):
        assert withdraw_overdue() == 0
    with time_machine.travel(amsterdam(2027, 2, 1, 0, 0, 1), tick=False):
        call_command("tick")
        call_command("tick")
    assert Participation.objects.get(pk=late.pk).state == State.WITHDRAWN
    assert (
        Participation.objects.get(pk=not_revised.pk).state == State.NOT_QUALIFIED
    )  # revision runs to 31 March
    with time_machine.travel(amsterdam(2027, 4, 1, 0, 0, 1), tick=False):
        call_command("tick")
    assert Participation.objects.get(pk=not_revised.pk).state == State.WITHDRAWN
    assert AuditEvent.objects.filter(action="withdrawn").count() == 2


def test_certificate_pdf(participation, users):
    set_state(participation, State.QUALIFIED)
    certificate = participation_award(participation=participation, actor=users["assessor"])
    response = client_for(users["member"]).get(f"/certificaat/{participation.pk}/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(page.extract_text() for page in reader.pages)
    for expected in ("Praktijk Amstel", "2027", "Keurmerk Basis GGZ 2022", certificate.code):
        assert expected in text
    assert f"/register/verify/{certificate.code}" in text.replace("\n", "")
    assert client_for(users["outsider"]).get(f"/certificaat/{participation.pk}/").status_code == 404
    assert client_for(users["assessor"]).get(f"/certificaat/{participation.pk}/").status_code == 200


def test_qr_code_is_a_png_of_the_verification_url(participation, users):
    """The certificate's QR code is a PNG whose modules are exactly those of the QR code of the
    verification URL (read back pixel by pixel, 10 pixels per module, a border of 2)."""
    import base64
    import io

    import qrcode
    from django.template.loader import render_to_string
    from PIL import Image

    from keurmerk.assessments.certificates import qr_png, verification_url

    set_state(participation, State.QUALIFIED)
    certificate = participation_award(participation=participation, actor=users["assessor"])
    url = verification_url(certificate.code)
    assert url.endswith(f"/register/verify/{certificate.code}")
    data_uri = qr_png(url)
    assert data_uri.startswith("data:image/png;base64,")
    image = Image.open(io.BytesIO(base64.b64decode(data_uri.split(",", 1)[1]))).convert("L")
    code = qrcode.QRCode(border=2)
    code.add_data(url)
    code.make(fit=True)
    matrix = code.get_matrix()  # with its border
    assert image.size == (len(matrix) * 10, len(matrix) * 10)
    read = [
        [image.getpixel((x * 10 + 5, y * 10 + 5)) < 128 for x in range(len(matrix))]
        for y in range(len(matrix))
    ]
    assert read == matrix
    html = render_to_string(
        "assessments/certificate_pdf.html",
        {"participation": participation, "certificate": certificate, "url": url, "qr": data_uri},
    )
    assert f'src="{data_uri}"' in html
