"""Staff pages of a round: list, create, change, invitees (import, add, export), close, adopt."""

import datetime

import time_machine

from keurmerk.consultations.models import ConsultationRound, Invitee, RoundState
from keurmerk.frameworks.models import Framework, FrameworkStatus
from tests.conftest import client_for

from .conftest import amsterdam, answers, invite, submit
from .test_invitee_import import GOOD


def test_round_list_shows_the_rounds_with_their_figures(consultation_round, users):
    invite(consultation_round, "Praktijk", "keurmerkdrager", "p@example.org")
    page = client_for(users["assessor"]).get("/consultatie/rondes/").text
    assert "Keurmerk Kortdurende Generalistische GGZ 2024" in page
    assert "Nieuwe consultatieronde" not in page  # assessors read, administrators manage
    assert "Nieuwe consultatieronde" in client_for(users["administrator"]).get("/consultatie/rondes/").text


def test_create_a_round(framework_2024, users, during):
    client = client_for(users["administrator"])
    page = client.get("/consultatie/rondes/nieuw/")
    assert page.status_code == 200 and "Keurmerk Kortdurende Generalistische GGZ 2024" in page.text
    response = client.post(
        "/consultatie/rondes/nieuw/",
        {
            "framework": framework_2024.pk,
            "opens_on": "2023-05-10",
            "closes_on": "2023-06-10",
            "introduction": "Welkom",
        },
    )
    consultation_round = ConsultationRound.objects.get()
    assert (
        response.status_code == 302
        and response["Location"] == f"/consultatie/rondes/{consultation_round.pk}/"
    )
    assert Framework.objects.get(pk=framework_2024.pk).status == FrameworkStatus.CONSULTATION
    assert consultation_round.created_by == users["administrator"]


def test_create_form_errors_name_the_field(framework_2024, users, during):
    client = client_for(users["administrator"])
    response = client.post(
        "/consultatie/rondes/nieuw/",
        {"framework": framework_2024.pk, "opens_on": "2023-05-10", "closes_on": "2023-05-01"},
    )
    assert response.status_code == 200
    assert "De sluitingsdatum moet op of na de openingsdatum liggen." in response.text
    assert "De sluitingsdatum ligt in het verleden" in response.text
    response = client.post(
        "/consultatie/rondes/nieuw/", {"opens_on": "2023-05-10", "closes_on": "2023-06-01"}
    )
    assert "Kies het concept-normenkader dat in consultatie gaat." in response.text
    assert not ConsultationRound.objects.exists()


def test_round_page_lists_invitees_with_the_state_of_their_response(
    consultation_round, framework_2024, users
):
    draft = invite(consultation_round, "Concept BV", "overig", "c@example.org")
    done = invite(consultation_round, "Klaar BV", "keurmerkdrager", "k@example.org")
    invite(consultation_round, "Stil BV", "zorgverzekeraar", "s@example.org")
    submit(draft, answers(framework_2024, 0), submit=False)
    submit(done, answers(framework_2024, 1))
    page = client_for(users["director"]).get(f"/consultatie/rondes/{consultation_round.pk}/").text
    assert "Concept BV" in page and "Niet begonnen" in page and "Verstuurd (10 mei 2023)" in page
    assert "Genodigden importeren" not in page


def test_edit_extends_the_period(consultation_round, users):
    client = client_for(users["administrator"])
    url = f"/consultatie/rondes/{consultation_round.pk}/wijzigen/"
    assert 'value="2023-05-30"' in client.get(url).text
    response = client.post(
        url, {"opens_on": "2023-04-24", "closes_on": "2023-06-06", "introduction": "Verlengd"}
    )
    assert response.status_code == 302
    consultation_round.refresh_from_db()
    assert consultation_round.closes_on == datetime.date(2023, 6, 6)


def test_import_page_imports_a_clean_file(consultation_round, users, django_capture_on_commit_callbacks):
    client = client_for(users["administrator"])
    url = f"/consultatie/rondes/{consultation_round.pk}/genodigden/importeren/"
    assert client.get(url).status_code == 200
    upload = _upload(GOOD, "genodigden.csv")
    response = client.post(url, {"file": upload}, follow=True)
    assert "5 genodigden toegevoegd" in response.text
    assert Invitee.objects.filter(round=consultation_round).count() == 5


def _upload(data, name):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type="text/csv")


def test_import_page_lists_bad_rows_and_imports_nothing(consultation_round, users):
    client = client_for(users["administrator"])
    url = f"/consultatie/rondes/{consultation_round.pk}/genodigden/importeren/"
    bad = GOOD + b"Fout BV;ziekenhuis;geen-adres\n"
    response = client.post(url, {"file": _upload(bad, "lijst.csv")})
    assert response.status_code == 200
    assert "rij 7, kolom type: ‘ziekenhuis’ is geen bekend type" in response.text
    assert "rij 7, kolom e-mail: ‘geen-adres’ is geen geldig e-mailadres" in response.text
    assert not Invitee.objects.exists()
    response = client.post(url, {})
    assert "Kies een CSV- of XLSX-bestand." in response.text


def test_add_one_invitee(consultation_round, users):
    client = client_for(users["administrator"])
    url = f"/consultatie/rondes/{consultation_round.pk}/genodigden/toevoegen/"
    response = client.post(
        url, {"organisation": "Praktijk", "type": "keurmerkdrager", "email": "P@Example.org"}
    )
    assert response.status_code == 302
    assert Invitee.objects.get().email == "p@example.org"
    response = client.post(url, {"organisation": "Praktijk", "type": "keurmerkdrager", "email": "fout"})
    assert "Vul een geldig e-mailadres in" in response.text


def test_invitee_export(consultation_round, framework_2024, users):
    done = invite(consultation_round, "=Klaar BV", "keurmerkdrager", "k@example.org")
    submit(done, answers(framework_2024, 1))
    response = client_for(users["assessor"]).get(
        f"/consultatie/rondes/{consultation_round.pk}/genodigden.csv"
    )
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "Organisatie;Type;E-mailadres;Status;Verstuurd op"
    assert lines[1] == "'=Klaar BV;Keurmerkdrager;k@example.org;Verstuurd;2023-05-10"
    xlsx = client_for(users["assessor"]).get(f"/consultatie/rondes/{consultation_round.pk}/genodigden.xlsx")
    assert xlsx.status_code == 200 and xlsx.content.startswith(b"PK")
    assert (
        client_for(users["assessor"])
        .get(f"/consultatie/rondes/{consultation_round.pk}/genodigden.pdf")
        .status_code
        == 404
    )


def test_close_and_adopt_through_the_pages(consultation_round, framework_2024, users):
    client = client_for(users["administrator"])
    base = f"/consultatie/rondes/{consultation_round.pk}/"
    assert client.post(base + "sluiten/").status_code == 302
    consultation_round.refresh_from_db()
    assert consultation_round.state == RoundState.CLOSED
    with time_machine.travel(amsterdam(2023, 6, 13, 16), tick=False):
        client = client_for(users["administrator"])  # a new session: the old one has expired by now
        response = client.post(base + "vaststellen/", {"adopted_on": "2023-06-14"})
        assert "De datum van vaststelling kan niet in de toekomst liggen." in response.text
        response = client.post(base + "vaststellen/", {"adopted_on": "2023-06-13"})
        assert response.status_code == 200 and "Wat er gebeurt als u bevestigt" in response.text
        assert "vastgesteld door het bestuur op 13 juni 2023" in response.text
        consultation_round.refresh_from_db()
        assert consultation_round.state == RoundState.CLOSED  # not before the confirmation
        response = client.post(base + "vaststellen/", {"adopted_on": "2023-06-13", "confirmed": "True"})
        assert response.status_code == 302
        consultation_round.refresh_from_db()
        assert consultation_round.state == RoundState.ADOPTED
        page = client.get(base).text
    assert "vastgesteld door het bestuur op 13 juni 2023" in page and "Ronde nu sluiten" not in page
    assert Framework.objects.get(pk=framework_2024.pk).status == FrameworkStatus.ADOPTED


def test_closing_a_closed_round_shows_why_not(consultation_round, users):
    client = client_for(users["administrator"])
    client.post(f"/consultatie/rondes/{consultation_round.pk}/sluiten/")
    response = client.post(f"/consultatie/rondes/{consultation_round.pk}/sluiten/", follow=True)
    assert "Alleen een open consultatieronde kan worden gesloten." in response.text
