"""The results page (figures, the table of means as the 2024 report shows it, per type, distribution,
comments with dispositions) and the consultation report as page, PDF and XLSX."""

import datetime
import io

import pytest
import time_machine
from openpyxl import load_workbook

from keurmerk.consultations.models import Comment, Disposition, Invitee
from keurmerk.consultations.results import ASPECTS
from keurmerk.consultations.selectors import round_results
from keurmerk.consultations.services import disposition_record, round_adopt
from keurmerk.lib.numbers import format_decimal_nl
from tests.conftest import client_for

from .conftest import COLUMNS_2024, OVERALL_2024, TABLE_2024, amsterdam, answers, invite, submit
from .helpers import pdf_text, table_rows

HEADER = ["Norm", "Stimulerend", "Vooruitstrevend", "Duidelijk", "Haalbaar", "Gemiddelde"]


@pytest.fixture
def with_comments(responded_round, framework_2024):
    """Respondent 3 adds comments to its submitted response (the scores, and so the table, stay)."""
    keys = {n.number: n.key for n in framework_2024.norms.all()}
    Invitee.objects.filter(email="r3@example.org").update(organisation="Praktijk <Kritisch>")
    commenter = Invitee.objects.get(email="r3@example.org")
    submit(
        commenter,
        answers(
            framework_2024,
            3,
            {
                ("", ""): "Waar richt het Keurmerk zich op?",
                (
                    keys["1"],
                    "tijdig-afsluiten-2024",
                ): "Werk ‘tijdig afsluiten’ uit. <script>alert(1)</script>",
                (keys["2a"], ""): "Hang streefwaarden aan de gegevens.",
            },
        ),
    )
    return responded_round


def comment(text_start):
    return Comment.objects.get(text__startswith=text_start)


def shown_by_definition(consultation_round):
    """The table computed from the documented definitions and formatted: what the page must show."""
    results = round_results(consultation_round, with_comments=False)
    table = results.table
    rows = [
        [
            n.number,
            *[format_decimal_nl(table.cell(n.key, a)) for a in ASPECTS],
            format_decimal_nl(table.rows[n.key]),
        ]
        for n in results.norms
    ]
    footer = [
        "Gemiddelde",
        *[format_decimal_nl(table.columns[a]) for a in ASPECTS],
        format_decimal_nl(table.overall),
    ]
    return [HEADER, *rows, footer]


def test_the_shown_table_is_the_2024_table_and_follows_the_definitions(responded_round, users):
    page = client_for(users["assessor"]).get(f"/consultatie/rondes/{responded_round.pk}/resultaten/").text
    shown = table_rows(page, "tabel-gemiddelden")
    assert shown == [HEADER, *TABLE_2024, ["Gemiddelde", *COLUMNS_2024, OVERALL_2024]]
    assert shown == shown_by_definition(responded_round)


def test_results_page_shows_figures_types_distribution_and_comments(with_comments, users):
    page = client_for(users["administrator"]).get(f"/consultatie/rondes/{with_comments.pk}/resultaten/").text
    assert "<dt>Genodigden</dt><dd>12</dd>" in page and "<dt>Reacties</dt><dd>10</dd>" in page
    assert "83,3%" in page  # 10 / 12
    for label in ["Keurmerkdrager", "Zorgverzekeraar", "Brancheorganisatie", "Kennisinstituut", "Overig"]:
        assert f'<h3 class="utrecht-heading-3">{label}</h3>' in page
    assert page.count('role="img"') == 16 and page.count("<rect") == 16 * 7
    assert "Verdeling van de scores bij norm 2a" in page
    assert "Praktijk &lt;Kritisch&gt;" in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)</script>" not in page
    assert "Norm 1, criterium 9" in page and "Het normenkader als geheel" in page
    assert page.count('class="disposition-form') == 3


def test_staff_who_only_read_see_dispositions_without_forms(with_comments, users):
    disposition_record(
        comment=comment("Hang"),
        kind="niet_overgenomen",
        explanation="Eerst meer data.",
        user=users["administrator"],
    )
    page = client_for(users["director"]).get(f"/consultatie/rondes/{with_comments.pk}/resultaten/").text
    assert "disposition-form" not in page
    assert "Niet overgenomen</strong>: Eerst meer data." in page


def test_record_a_disposition_on_the_results_page(with_comments, users):
    client = client_for(users["administrator"])
    target = comment("Werk")
    url = f"/consultatie/rondes/{with_comments.pk}/opmerkingen/{target.pk}/afweging/"
    prefix = f"afweging-{target.pk}"
    response = client.post(
        url, {f"{prefix}-kind": "deels_overgenomen", f"{prefix}-explanation": "", f"{prefix}-version": "0"}
    )
    assert response.status_code == 200
    assert "Licht toe waarom de opmerking (deels) niet is overgenomen." in response.text
    assert not Disposition.objects.exists()
    response = client.post(
        url,
        {
            f"{prefix}-kind": "deels_overgenomen",
            f"{prefix}-explanation": "Advies volgt.",
            f"{prefix}-version": "0",
        },
    )
    assert response.status_code == 302 and response["Location"].endswith(
        f"/resultaten/#opmerking-{target.pk}"
    )
    assert Disposition.objects.get().explanation == "Advies volgt."
    stale = client.post(
        url, {f"{prefix}-kind": "overgenomen", f"{prefix}-explanation": "", f"{prefix}-version": "0"}
    )
    assert "Iemand anders heeft deze afweging intussen gewijzigd" in stale.text
    assert Disposition.objects.get().kind == "deels_overgenomen"


def test_a_comment_of_another_round_or_a_draft_answers_404(with_comments, framework_2024, users):
    client = client_for(users["administrator"])
    draft = Comment.objects.get(text="Nog niet af")
    url = f"/consultatie/rondes/{with_comments.pk}/opmerkingen/{draft.pk}/afweging/"
    assert client.post(url, {}).status_code == 404
    target = comment("Hang")
    assert client.post(f"/consultatie/rondes/999/opmerkingen/{target.pk}/afweging/", {}).status_code == 404


def test_after_adoption_the_results_are_read_only(with_comments, users):
    with time_machine.travel(amsterdam(2023, 6, 13, 16), tick=False):
        round_adopt(
            consultation_round=with_comments,
            adopted_on=datetime.date(2023, 6, 13),
            user=users["administrator"],
        )
        client = client_for(users["administrator"])
        page = client.get(f"/consultatie/rondes/{with_comments.pk}/resultaten/").text
        assert "disposition-form" not in page
        target = comment("Hang")
        prefix = f"afweging-{target.pk}"
        response = client.post(
            f"/consultatie/rondes/{with_comments.pk}/opmerkingen/{target.pk}/afweging/",
            {f"{prefix}-kind": "overgenomen", f"{prefix}-version": "0"},
            follow=True,
        )
    assert "de afwegingen liggen vast" in response.text
    assert not Disposition.objects.exists()


def test_report_page_names_no_respondent(with_comments, users):
    disposition_record(
        comment=comment("Waar"),
        kind="ter_kennisname",
        explanation="Zie de afbakening.",
        user=users["administrator"],
    )
    page = client_for(users["assessor"]).get(f"/consultatie/rondes/{with_comments.pk}/rapport/").text
    assert table_rows(page, "tabel-gemiddelden")[1] == ["1", "5,4", "5,1", "5,6", "5,0", "5,3"]
    assert "In de consultatieperiode van 24 april tot en met 30 mei 2023" in page
    assert "10 reacties binnengekomen" in page and "83,3%" in page
    assert "Gemiddeld genomen is het normenkader met een 5,3 gewaardeerd." in page
    assert "Ter kennisname</strong>: Zie de afbakening." in page
    assert "Kritisch" not in page and "Respondent 3" not in page


def test_report_pdf_holds_table_figures_comments_and_dispositions(with_comments, users):
    disposition_record(
        comment=comment("Hang"),
        kind="niet_overgenomen",
        explanation="Eerst meer data nodig.",
        user=users["administrator"],
    )
    response = client_for(users["director"]).get(f"/consultatie/rondes/{with_comments.pk}/rapport/pdf/")
    assert response.status_code == 200
    text = " ".join(pdf_text(response).split())
    assert "Opbrengst consultatie Keurmerk Kortdurende Generalistische GGZ 2024" in text
    assert "2a 5,6 5,3 5,5 5,1 5,4" in text
    assert "Gemiddelde 5,3 5,3 5,6 5,0 5,3" in text
    assert "10 reacties binnengekomen" in text
    assert "Hang streefwaarden aan de gegevens." in text
    assert "Niet overgenomen: Eerst meer data nodig." in text


def test_report_xlsx_has_a_sheet_per_part(with_comments, users):
    target = comment("Werk")
    target.text = '=HYPERLINK("http://example.org")'
    target.save()
    response = client_for(users["assessor"]).get(f"/consultatie/rondes/{with_comments.pk}/rapport/xlsx/")
    assert response["Content-Disposition"] == 'attachment; filename="consultatie-2024.xlsx"'
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Cijfers", "Gemiddelden", "Per type", "Verdeling", "Opmerkingen"]
    figures = {row[0]: row[1] for row in workbook["Cijfers"].iter_rows(values_only=True)}
    assert figures["Genodigden"] == 12 and figures["Reacties"] == 10 and figures["Respons (%)"] == 83.3
    means = list(workbook["Gemiddelden"].iter_rows(values_only=True))
    assert means[0] == tuple(HEADER)
    assert means[5] == ("Gemiddelde", 5.3, 5.3, 5.6, 5.0, 5.3)
    assert workbook["Gemiddelden"]["B2"].number_format == "0.0"
    comments = list(workbook["Opmerkingen"].iter_rows(values_only=True))
    assert comments[0][:4] == ("Onderdeel", "Over", "Type respondent", "Opmerking")
    cell = next(c for c in workbook["Opmerkingen"]["D"] if str(c.value).startswith("=HYPERLINK"))
    assert cell.data_type == "s"  # text, not a formula


def test_pages_make_a_fixed_number_of_queries(with_comments, framework_2024, users):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(users["administrator"])
    pages = [f"/consultatie/rondes/{with_comments.pk}/{p}" for p in ("", "resultaten/", "rapport/")]

    def count():
        counts = []
        for page in pages:
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(page).status_code == 200
            counts.append(len(ctx.captured_queries))
        return counts

    before = count()
    for i in range(5):
        more = invite(with_comments, f"Extra {i}", "overig", f"extra{i}@example.org")
        submit(more, answers(framework_2024, i, {("", ""): f"Opmerking {i}"}))
    disposition_record(
        comment=comment("Opmerking 1"), kind="overgenomen", explanation="", user=users["director"]
    )
    assert count() == before
