"""Provider pages: home with the next step and countdown, signing, the agreement PDF, the calendar."""

import io
import re

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


def predicate_shown(page, year):
    """The page's answer for the predicate: 'ja' or 'nee'."""
    found = re.search(rf"Predicaat Netwerk Keurmerk {year}:</strong>\s*(\w+)\s*</p>", page.text)
    assert found, "the predicate line is missing"
    return found.group(1)


def holder_column(page):
    """{subcontractor name: 'ja'/'nee'} from the subcontractors table."""
    rows = re.findall(
        r'<td class="utrecht-table__cell">([^<]+)</td><td class="utrecht-table__cell">(ja|nee)</td>',
        page.text,
    )
    return dict(rows)


@time_machine.travel(amsterdam(2027, 5, 1, 12), tick=False)
def test_network_lists_subcontractors_and_shows_the_predicate(db, users, org_a, org_b):
    from keurmerk.organisations.models import HeldMark, Membership
    from keurmerk.organisations.services import subcontract_confirm
    from tests.conftest import make_organisation, make_user

    network = make_organisation("Netwerk West", "45454545", "54545454", type="netwerk")
    Membership.objects.create(user=users["outsider"], organisation=network)
    client = client_for(users["outsider"])
    url = f"/organisatie/{network.pk}/"
    assert predicate_shown(client.get(url), 2027) == "nee"  # no subcontractors: no predicate

    client.post(f"/organisatie/{network.pk}/onderaannemers/", {"identifier": org_a.agb})
    client.post(f"/organisatie/{network.pk}/onderaannemers/", {"identifier": org_b.kvk})
    client.post(f"/organisatie/{network.pk}/onderaannemers/", {"identifier": "99999999"})  # unknown
    names = network.subcontracts.order_by("subcontractor__name").values_list("subcontractor__name", flat=True)
    assert list(names) == ["Instelling Berkel", "Praktijk Amstel"]
    assert holder_column(client.get(url)) == {}  # neither has confirmed yet
    for link in network.subcontracts.all():  # each subcontractor's member confirms
        subcontract_confirm(link=link, user=link.subcontractor.memberships.first().user)

    page = client.get(url)
    assert predicate_shown(page, 2027) == "nee"
    assert holder_column(page) == {"Praktijk Amstel": "nee", "Instelling Berkel": "nee"}

    HeldMark.objects.create(organisation=org_a, year=2027)  # one of two holds the mark: still no
    page = client.get(url)
    assert predicate_shown(page, 2027) == "nee"
    assert holder_column(page) == {"Praktijk Amstel": "ja", "Instelling Berkel": "nee"}

    HeldMark.objects.create(organisation=org_b, year=2026)  # last year's mark does not count
    assert predicate_shown(client.get(url), 2027) == "nee"

    HeldMark.objects.create(organisation=org_b, year=2027)  # all of them hold it: the predicate
    page = client.get(url)
    assert predicate_shown(page, 2027) == "ja"
    assert holder_column(page) == {"Praktijk Amstel": "ja", "Instelling Berkel": "ja"}

    duin = make_organisation("Praktijk Duin", "56565656", "65656565")  # a third, without the mark
    client.post(f"/organisatie/{network.pk}/onderaannemers/", {"identifier": duin.kvk})
    assert predicate_shown(client.get(url), 2027) == "ja"  # not confirmed: does not count yet
    duin_member = make_user("lid@duin.test", "provider")
    Membership.objects.create(user=duin_member, organisation=duin)
    subcontract_confirm(link=network.subcontracts.get(subcontractor=duin), user=duin_member)
    page = client.get(url)
    assert predicate_shown(page, 2027) == "nee"
    assert holder_column(page)["Praktijk Duin"] == "nee"

    link = network.subcontracts.get(subcontractor=duin)  # removing it gives the predicate back
    response = client.post(f"/organisatie/{network.pk}/onderaannemers/{link.pk}/verwijderen/")
    assert response.status_code == 302
    assert predicate_shown(client.get(url), 2027) == "ja"
    assert set(network.subcontracts.values_list("subcontractor__name", flat=True)) == {
        "Praktijk Amstel",
        "Instelling Berkel",
    }


def member_of_many(users, cycle, n):
    """A provider member of `n` organisations, each participating in the cycle, with an extension
    and a few notifications, so the home page has rows of every kind to show."""
    from keurmerk.cycles.models import Extension
    from keurmerk.notifications.services import notify
    from keurmerk.organisations.models import Membership, Organisation
    from tests.conftest import make_user

    user = make_user(f"lid-van-{n}@praktijken.test", "provider")
    orgs = Organisation.objects.bulk_create(
        Organisation(
            name=f"Praktijk {n}-{i:03d}", type="vrijgevestigd", kvk=f"7{n:03d}{i:04d}", agb=f"8{n:03d}{i:04d}"
        )
        for i in range(n)
    )
    Membership.objects.bulk_create(Membership(user=user, organisation=o) for o in orgs)
    states = [
        State.APPLIED,
        State.OFFERED,
        State.SIGNED,
        State.NOT_QUALIFIED,
        State.SUBMITTED,
        State.AWARDED,
        State.WITHDRAWN,
    ]
    participations = Participation.objects.bulk_create(
        Participation(organisation=o, cycle=cycle, state=states[i % len(states)]) for i, o in enumerate(orgs)
    )
    Extension.objects.bulk_create(
        Extension(
            participation=p,
            phase="application",
            until=cycle.application_closes,
            reason="Test",
            granted_by=users["administrator"],
        )
        for p in participations
    )
    for i in range(min(n, 6)):
        notify(email=user.email, user=user, subject=f"Melding {i}", body="Tekst")
    return user


@time_machine.travel(IN_WINDOW, tick=False)
def test_home_makes_a_fixed_number_of_queries_whatever_the_number_of_participations(users, cycle):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = {}
    for n in (1, 50):
        client = client_for(member_of_many(users, cycle, n))
        client.get("/start/")  # warm up the session and caches
        with CaptureQueriesContext(connection) as ctx:
            response = client.get("/start/")
        assert response.status_code == 200
        assert response.text.count('<section class="next-step"') == n
        counts[n] = len(ctx.captured_queries)
    # Two of them read the steps done (audit log) and the self-evaluations per norm (issue 12).
    assert counts[1] == counts[50] <= 12, counts
