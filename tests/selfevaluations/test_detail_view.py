"""The questionnaire page: norms with client promise, criteria with toetsingskader and Keurmerkwijzer,
answer fields as the framework declares them, progress, optional criteria, a fixed number of queries."""

from django.db import connection
from django.db.models import QuerySet
from django.test.utils import CaptureQueriesContext

from keurmerk.cycles.models import Participation
from keurmerk.frameworks.models import Criterion
from keurmerk.selfevaluations.models import Answer
from tests.conftest import client_for

from .conftest import answer_for, fill_all


def test_page_shows_norms_questions_and_fields(self_evaluation, users):
    # The shipped 2022 file has no toetsingskader texts yet; the page shows one where it exists
    # (set past the published framework's guard, for this test only).
    QuerySet.update(
        Criterion.objects.filter(key="wachttijd-kort"), guidance="Voldaan als de wachttijd wordt gemeten."
    )
    response = client_for(users["member"]).get(f"/zelfevaluatie/{self_evaluation.pk}/")
    assert response.status_code == 200
    text = response.text
    assert "Zelfevaluatie Keurmerk 2027" in text
    assert "Norm 1 Tijdige zorg en samen beslissen" in text
    assert "Cliëntbelofte" in text
    # Every question has the disclosure with its toetsingskader and the norm's Keurmerkwijzer.
    assert text.count("Toetsingskader en Keurmerkwijzer bij criterium") == 31
    assert "Toetsingskader en Keurmerkwijzer bij criterium 1.7" in text
    assert "Voldaan als de wachttijd wordt gemeten." in text
    assert text.count("Het toetsingskader voor dit criterium is nog niet ingevoerd.") == 30
    assert text.count('href="https://keurmerkwijzer.kibg.nl/"') >= 31
    assert "welke behandelmethode wordt toegepast" in text  # a sub-item of criterion 1.7
    assert text.count('class="answer-form"') == 31
    assert 'name="urls"' in text and 'name="number"' in text and 'type="file"' in text
    assert "Streefwaarde" in text  # 2022 criterion 2.3 / 4.6 carries a target value
    assert 'hx-post="/zelfevaluatie/antwoord/' in text and "vendor/htmx/htmx.min.js" in text
    assert "0 van 31 verplichte vragen beantwoord" in text


def test_progress_per_norm_and_overall(self_evaluation, users):
    fill_all(self_evaluation, skip=["wachttijd-kort"])
    text = client_for(users["member"]).get(f"/zelfevaluatie/{self_evaluation.pk}/").text
    assert "30 van 31 verplichte vragen beantwoord" in text
    assert "6 van 7 verplichte vragen beantwoord" in text  # norm 1 has 7 criteria


def test_optional_criteria_are_marked_for_returning_holders(self_evaluation, users):
    Participation.objects.filter(pk=self_evaluation.participation_id).update(is_returning=True)
    text = client_for(users["member"]).get(f"/zelfevaluatie/{self_evaluation.pk}/").text
    assert "0 van 27 verplichte vragen beantwoord" in text and "4 facultatieve vragen" in text
    assert text.count('badge-optional">facultatief') == 4


def test_page_queries_are_fixed(self_evaluation, users):
    client = client_for(users["member"])
    url = f"/zelfevaluatie/{self_evaluation.pk}/"
    client.get(url)
    fill_all(self_evaluation)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert len(queries) <= 15, "\n".join(q["sql"][:150] for q in queries.captured_queries)


def test_submitted_version_is_read_only(self_evaluation, users):
    from .conftest import submit

    fill_all(self_evaluation)
    submit(self_evaluation, users["member"])
    text = client_for(users["member"]).get(f"/zelfevaluatie/{self_evaluation.pk}/").text
    assert 'class="answer-form"' not in text and "kan niet meer worden gewijzigd" in text
    assert Answer.objects.filter(self_evaluation=self_evaluation).count() == 31
    assert answer_for(self_evaluation, "wachttijd-kort").explanation in text
