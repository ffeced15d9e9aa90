"""Staff: every self-evaluation read-only with its versions (rounds) and history; filters; queries."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from keurmerk.selfevaluations.services import answer_save
from tests.conftest import client_for

from .conftest import answer_for, fill_all, submit


def test_list_filters_by_year_status_and_threads(self_evaluation, users):
    client = client_for(users["assessor"])
    text = client.get("/zelfevaluatie/staf/").text
    assert "Praktijk Amstel" in text and "1 zelfevaluatie" in text
    assert "Praktijk Amstel" not in client.get("/zelfevaluatie/staf/?status=submitted").text
    assert "Praktijk Amstel" in client.get("/zelfevaluatie/staf/?year=2027&status=draft").text
    assert "Geen zelfevaluaties gevonden" in client.get("/zelfevaluatie/staf/?threads=on").text


def test_detail_is_read_only_with_history(self_evaluation, users):
    fill_all(self_evaluation)
    answer_save(
        answer=answer_for(self_evaluation, "wachttijd-kort"),
        user=users["member"],
        version=0,
        explanation="Binnen vier weken.",
    )
    submit(self_evaluation, users["member"], reviewer_name="B. Behandelaar", reviewer_big="12345678901")
    response = client_for(users["director"]).get(f"/zelfevaluatie/staf/{self_evaluation.pk}/")
    assert response.status_code == 200
    text = response.text
    assert 'class="answer-form"' not in text and "Binnen vier weken." in text
    assert "B. Behandelaar (BIG 12345678901)" in text and "Anna Amstel, GZ-psycholoog" in text
    # The history shows the actions' Dutch labels, not their stored codes.
    assert "Zelfevaluatie gestart" in text and "Zelfevaluatie ingediend" in text
    assert "selfevaluation_started" not in text and "selfevaluation_submitted" not in text
    assert "Zelfevaluatie (ingediend)" in text


def test_staff_detail_queries_are_fixed(self_evaluation, users):
    fill_all(self_evaluation)
    client = client_for(users["assessor"])
    url = f"/zelfevaluatie/staf/{self_evaluation.pk}/"
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert len(queries) <= 16, "\n".join(q["sql"][:150] for q in queries.captured_queries)
