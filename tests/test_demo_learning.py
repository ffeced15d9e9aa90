"""The learning loop in the demo: a drawn sample that reproduces, a self-evaluation assessed by two
assessors who both finished (calibration still to come), and comments linked to concept changes."""

import pytest

from keurmerk.assessments.models import SecondAssessment
from keurmerk.consultations.models import Disposition
from keurmerk.core.demo.learning import DEMO_SEED, DOUBLE_ASSESSED
from keurmerk.sampling.models import SampleDraw
from keurmerk.sampling.services import draw_reproduces
from tests.test_demo_data import demo  # noqa: F401 - the module's fixture, loaded once here too

pytestmark = pytest.mark.django_db


def test_a_drawn_sample_with_a_planned_conversation(demo):  # noqa: F811
    draw = SampleDraw.objects.get()
    assert draw.seed == DEMO_SEED and draw.drawn and draw_reproduces(draw)
    assert draw.conversations.exclude(follow_up="").count() == 1


def test_a_double_assessed_self_evaluation(demo):  # noqa: F811
    second = SecondAssessment.objects.select_related("self_evaluation__participation__organisation").get()
    assert second.self_evaluation.participation.organisation.name == DOUBLE_ASSESSED
    assert second.both_finished and not second.is_calibrated
    assert second.assessor != second.self_evaluation.assessment.assessor


def test_comments_linked_to_changes(demo):  # noqa: F811
    assert Disposition.objects.exclude(change_key="").count() >= 1
