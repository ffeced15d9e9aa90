"""Provider pages: home with the next step and countdown, signing, the agreement PDF, the calendar."""

import io

import time_machine
from pypdf import PdfReader

from keurmerk.cycles.models import Participation, State
from keurmerk.notifications.models import Notification
from tests.conftest import amsterdam, client_for

IN_WINDOW = amsterdam(2026, 10, 21, 9)


@time_machine.travel(IN_WINDOW, tick=False)
def test_home_shows_state_next_step_countdown_and_calendar(participation, users):
    response = client_for(users["member"]).get("/start/")
    assert response.status_code == 200
    text = response.text
    assert "Aangemeld" in text and "Onderteken de overeenkomst" in text
    assert "zaterdag 31 oktober 2026" in text and "nog 10 dagen" in text
    assert f'href="/deelname/{participation.pk}/overeenkomst/"' in text
    assert "Kalender Keurmerk 2027" in text and 'href="/kalender/2027.ics"' in text


@time_machine.travel(IN_WINDOW, tick=False)
def test_sign_through_the_page_then_pdf(participation, users):
    client = client_for(users["member"])
    response = client.post(
        f"/deelname/{participation.pk}/overeenkomst/ondertekenen/",
        {"signer_name": "Anna Amstel", "signer_role": "Praktijkhouder", "confirm": "on"},
    )
    assert (
        response.status_code == 302 and response["Location"] == f"/deelname/{participation.pk}/voorbereiding/"
    )
    p = Participation.objects.get(pk=participation.pk)
    assert p.state == State.SIGNED
    pdf = client.get(f"/deelname/{participation.pk}/overeenkomst.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert (
        "Praktijk Amstel" in text
        and "Anna Amstel" in text
        and p.agreement_fingerprint[:16] in text.replace("\n", "")
    )
    again = client.post(
        f"/deelname/{participation.pk}/overeenkomst/ondertekenen/",
        {"signer_name": "X", "signer_role": "Y", "confirm": "on"},
    )
    assert again.status_code == 400 and "al ondertekend" in again.text
    assert Participation.objects.get(pk=participation.pk).signer_name == "Anna Amstel"


@time_machine.travel(IN_WINDOW, tick=False)
def test_sign_needs_the_confirmation(participation, users):
    response = client_for(users["member"]).post(
        f"/deelname/{participation.pk}/overeenkomst/ondertekenen/", {"signer_name": "A", "signer_role": "B"}
    )
    assert response.status_code == 400
    assert Participation.objects.get(pk=participation.pk).state == State.APPLIED


def test_pdf_before_signing_redirects_with_a_message(participation, users):
    response = client_for(users["member"]).get(f"/deelname/{participation.pk}/overeenkomst.pdf", follow=True)
    assert "Er is nog geen ondertekende overeenkomst." in response.text


def test_calendar_feed(cycle, client):
    response = client.get("/kalender/2027.ics")
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    assert body.startswith("BEGIN:VCALENDAR") and body.count("BEGIN:VEVENT") == 7
    assert "DTSTART;VALUE=DATE:20270131" not in body  # the self-evaluation runs from 1 November
    assert "DTSTART;VALUE=DATE:20261101" in body and "DTEND;VALUE=DATE:20270201" in body


def test_invite_a_colleague_who_accepts(participation, users, client, django_capture_on_commit_callbacks):
    member = client_for(users["member"])
    with django_capture_on_commit_callbacks(execute=True):
        member.post(
            f"/organisatie/{participation.organisation_id}/uitnodigen/", {"email": "collega@amstel.test"}
        )
    invitation = participation.organisation.invitations.get()
    assert Notification.objects.get(kind="invitation").url == f"/uitnodiging/{invitation.token}/"
    response = client.post(
        f"/uitnodiging/{invitation.token}/",
        {
            "first_name": "Cor",
            "last_name": "Collega",
            "password1": "nog-een-lang-ww-9",
            "password2": "nog-een-lang-ww-9",
        },
    )
    assert response.status_code == 302
    assert participation.organisation.memberships.filter(user__email="collega@amstel.test").exists()
    assert client.get(f"/uitnodiging/{invitation.token}/").status_code == 404  # used once


def test_network_lists_subcontractors_and_shows_the_predicate(db, users, org_a):
    from keurmerk.organisations.models import HeldMark, Membership
    from tests.conftest import make_organisation

    network = make_organisation("Netwerk West", "45454545", "54545454", type="netwerk")
    Membership.objects.create(user=users["outsider"], organisation=network)
    client = client_for(users["outsider"])
    client.post(f"/organisatie/{network.pk}/onderaannemers/", {"identifier": org_a.agb})
    client.post(f"/organisatie/{network.pk}/onderaannemers/", {"identifier": "99999999"})
    assert list(network.subcontracts.values_list("subcontractor__name", flat=True)) == ["Praktijk Amstel"]
    from keurmerk.lib.dates import local_today

    page = client.get(f"/organisatie/{network.pk}/")
    assert "Predicaat Netwerk Keurmerk" in page.text and "nee" in page.text
    HeldMark.objects.create(organisation=org_a, year=local_today().year)
    page = client.get(f"/organisatie/{network.pk}/")
    assert "Praktijk Amstel" in page.text
    assert network.subcontracts.count() == 1
