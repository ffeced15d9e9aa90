"""Public framework pages, PDFs and their access rules."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pypdf import PdfReader

from keurmerk.frameworks.models import Criterion
from keurmerk.frameworks.services import framework_copy


def pdf_text(response):
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return " ".join((page.extract_text() or "") for page in reader.pages)


def test_list_shows_published_not_concept_to_the_public(client, frameworks):
    response = client.get("/normen/")
    assert response.status_code == 200
    assert "Keurmerk Basis GGZ 2022" in response.text
    assert "Generalistische GGZ 2024" not in response.text


def test_staff_see_concepts(admin_client, frameworks):
    assert "Keurmerk Kortdurende Generalistische GGZ 2024" in admin_client.get("/normen/").text
    response = admin_client.get("/normen/2024/")
    assert response.status_code == 200
    assert "beschreven, geen officiële tekst" in response.text
    assert "Spreekkamer" in response.text


@pytest.mark.parametrize(
    "url",
    [
        "/normen/2024/",
        "/normen/2024/pdf/",
        "/normen/2024/norm/1/",
        "/normen/2024/wijzigingen/",
        "/normen/2024/yaml/",
        "/normen/1999/",
        "/normen/2022/norm/9/",
    ],
)
def test_concepts_and_unknowns_answer_404_to_the_public(client, frameworks, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.text


def test_framework_page_shows_norms_criteria_and_links(client, framework_2022):
    response = client.get("/normen/2022/")
    assert response.status_code == 200
    text = response.text
    for subject in ["Tijdige zorg en samen beslissen", "Transparant zijn", "Kennis delen"]:
        assert subject in text
    assert "Informatie over organisatiekenmerken" in text
    assert "welke behandelmethode wordt toegepast" in text
    assert 'href="/normen/2022/norm/1/#criterium-wachttijd-kort"' in text
    assert text.count("facultatief voor keurmerkdragers van vorig jaar") == 4
    assert "800 minuten" in text


def test_norm_page_shows_keurmerkwijzer_and_guidance(client, framework_2022):
    criterion = Criterion.objects.get(norm__framework=framework_2022, key="wachttijd-kort")
    response = client.get("/normen/2022/norm/1/")
    assert response.status_code == 200
    assert 'id="criterium-wachttijd-kort"' in response.text
    assert "Keurmerkwijzer" in response.text
    assert "https://keurmerkwijzer.kibg.nl/" in response.text
    assert "Het toetsingskader voor dit criterium is nog niet ingevoerd." in response.text
    assert criterion.text in response.text


def test_framework_page_makes_a_fixed_number_of_queries(client, framework_2022, framework_2024):
    def count(year):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(f"/normen/{year}/").status_code == 200
        return len(ctx.captured_queries)

    small = count(2022)
    bigger = framework_copy(source=framework_2022, year=2030)
    # Publish-independent: make the copy visible by adopting it is not needed for staff; use the
    # public 2022 page against a framework with twice the criteria instead.
    norm = bigger.norms.first()
    for i in range(31):
        Criterion.objects.create(norm=norm, key=f"extra-{i}", number=str(100 + i), text=f"Extra {i}")
    bigger.status = "consultation"
    bigger.save(update_fields=["status"])
    assert count(2030) == small
    assert small <= 12


def test_framework_pdf_reads_like_the_handbook(client, framework_2022):
    response = client.get("/normen/2022/pdf/")
    assert response.status_code == 200
    text = pdf_text(response)
    assert "Keurmerk Basis GGZ 2022" in text
    for subject in ["Tijdige zorg en samen beslissen", "Vooruitstrevend zijn", "Kennis delen"]:
        assert subject in text
    assert "Cliëntbelofte" in text
    assert "Kwalificatiecriteria" in text


def test_change_overview_page_and_pdf(admin_client, frameworks):
    response = admin_client.get("/normen/2024/wijzigingen/")
    assert response.status_code == 200
    assert "Was 2.3, nu 1.3." in response.text
    assert "<del>behandelingen worden gestart</del>" in response.text
    assert "Het richtsnoer van 750 minuten" in response.text
    pdf = admin_client.get("/normen/2024/wijzigingen/pdf/")
    assert pdf.status_code == 200
    assert "Was 2.3, nu 1.3." in pdf_text(pdf)


def test_change_overview_without_a_previous_framework(client, framework_2022):
    response = client.get("/normen/2022/wijzigingen/")
    assert response.status_code == 200
    assert "Er is geen eerder normenkader" in response.text


def test_yaml_download_is_the_export(client, framework_2022):
    response = client.get("/normen/2022/yaml/")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="keurmerk-2022.yaml"'
    assert "key: wachttijd-kort" in response.text


def test_language_switch_to_english(client, framework_2022):
    response = client.post("/taal/setlang/", {"language": "en", "next": "/normen/"}, follow=True)
    assert response.status_code == 200
    assert '<html lang="en"' in response.text
    assert "Norm frameworks" in response.text
    response = client.post("/taal/setlang/", {"language": "nl", "next": "/normen/"}, follow=True)
    assert "Normenkaders" in response.text


def test_text_is_escaped(admin_client, framework_2024):
    criterion = Criterion.objects.filter(norm__framework=framework_2024).first()
    criterion.guidance = "<script>alert(1)</script>"
    criterion.save()
    response = admin_client.get(f"/normen/2024/norm/{criterion.norm.number}/")
    assert "<script>alert(1)</script>" not in response.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text


def test_dutch_first_whatever_the_browser_language(client, framework_2022):
    response = client.get("/normen/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="nl"' in response.text
    assert "Normenkaders" in response.text
