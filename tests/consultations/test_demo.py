"""The demo round: 30 invitees of the five types, 10 responses reproducing the 2024 table; idempotent."""

from io import StringIO

from keurmerk.consultations import demo
from keurmerk.consultations.models import ConsultationRound, Disposition, Invitee, Response, RoundState
from keurmerk.consultations.selectors import round_results
from keurmerk.frameworks.models import Framework, FrameworkStatus
from keurmerk.lib.numbers import format_decimal_nl


def test_demo_round_is_loaded_once(framework_2024, users):
    demo.load(StringIO())
    demo.load(StringIO())
    consultation_round = ConsultationRound.objects.get()
    assert consultation_round.state == RoundState.OPEN
    assert Framework.objects.get(pk=framework_2024.pk).status == FrameworkStatus.CONSULTATION
    assert Invitee.objects.count() == 30
    assert set(Invitee.objects.values_list("type", flat=True)) == {
        "keurmerkdrager",
        "zorgverzekeraar",
        "brancheorganisatie",
        "kennisinstituut",
        "overig",
    }
    assert Response.objects.filter(status="submitted").count() == 10
    assert Disposition.objects.count() == 3
    results = round_results(consultation_round)
    assert [format_decimal_nl(v) for v in results.view.rows[0].cells] == ["5,4", "5,1", "5,6", "5,0"]
    assert format_decimal_nl(results.table.overall) == "5,3"
    assert len(results.comments) == 5


def test_demo_skips_a_framework_that_is_no_concept_any_more(framework_2024):
    from keurmerk.frameworks.services import framework_transition

    framework_transition(framework=framework_2024, to_status=FrameworkStatus.CONSULTATION)
    out = StringIO()
    demo.load(out)
    assert "geen concept meer" in out.getvalue()
    assert not ConsultationRound.objects.exists()


def test_demo_without_the_2024_framework_does_nothing(framework_2022):
    demo.load(StringIO())
    assert not ConsultationRound.objects.exists()
