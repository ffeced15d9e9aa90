"""`manage.py consultation_results ROUND_ID --json`: exactly the documented keys, unrounded means."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command


def test_json_output(responded_round):
    out = StringIO()
    call_command("consultation_results", str(responded_round.pk), "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert list(data) == [
        "invited",
        "responses",
        "response_rate",
        "means",
        "row_means",
        "column_means",
        "overall_mean",
    ]
    assert (data["invited"], data["responses"]) == (12, 10)
    assert data["response_rate"] == pytest.approx(0.8333333333)
    assert list(data["means"]) == ["1", "2a", "2b", "3"]
    assert data["means"]["2b"] == {
        "stimulerend": 5.1,
        "vooruitstrevend": 5.3,
        "duidelijk": 5.6,
        "haalbaar": 5.0,
    }
    assert data["row_means"]["2b"] == 5.25  # unrounded: the table shows 5,3
    assert data["column_means"]["haalbaar"] == 5.025
    assert data["overall_mean"] == 5.28125


def test_json_of_a_round_without_responses_has_nulls(consultation_round):
    out = StringIO()
    call_command("consultation_results", str(consultation_round.pk), "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["invited"] == 0 and data["response_rate"] is None and data["overall_mean"] is None
    assert data["means"]["1"]["duidelijk"] is None and data["row_means"]["3"] is None


def test_table_output_and_unknown_round(responded_round):
    out = StringIO()
    call_command("consultation_results", str(responded_round.pk), stdout=out)
    lines = out.getvalue().splitlines()
    assert "respons 83,3%" in lines[1]
    assert lines[3] == "1\t5,4\t5,1\t5,6\t5,0\t5,3"
    assert lines[-1] == "Gemiddelde\t5,3\t5,3\t5,6\t5,0\t5,3"
    with pytest.raises(CommandError, match="bestaat niet"):
        call_command("consultation_results", "999", "--json")
