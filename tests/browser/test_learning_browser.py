"""The scheme owner's learning loop in a real browser: the sample, the second assessor's pages,
the calibration and the agreement, and the holder's own page of the sample pass axe (0 serious
or critical) and fit a 390 px phone; the agreement page says why a kappa is missing.

`transactional_db` comes first: `live_server` serves from another thread.
"""

from decimal import Decimal
from types import SimpleNamespace

import pytest
import time_machine
from playwright.sync_api import expect

from tests.conftest import amsterdam

from .test_layout_browser import check_pages, sign_in_as

pytestmark = pytest.mark.browser
DURING = amsterdam(2026, 12, 1, 10)  # the 2027 cycle's self-evaluation phase


@pytest.fixture
def world(transactional_db, settings, tmp_path, cycle, users, org_a, org_b):
    from keurmerk.assessments import services as assessing
    from keurmerk.cycles.models import Participation, State
    from keurmerk.sampling.models import SampleConversation
    from keurmerk.sampling.services import sample_draw
    from tests.assessments.second import judge_first, judge_second, second_user, submitted_for

    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    with time_machine.travel(DURING, tick=True):
        first, second, admin = users["assessor"], second_user(), users["administrator"]
        being, done = (
            submitted_for(org_a, cycle, users["member"]),
            submitted_for(org_b, cycle, users["outsider"]),
        )
        for self_evaluation in (being, done):
            judge_first(self_evaluation, first, not_met=("wachttijd-tips",))
        rows = assessing.second_assessor_assign(self_evaluations=[being, done], assessor=second, user=admin)
        for row in rows:
            judge_second(row, second)
        assessing.second_assessment_finish(second=rows[1], user=second)
        assessing.first_assessment_finish(assessment=done.assessment, user=first)
        Participation.objects.filter(pk=done.participation_id).update(state=State.AWARDED)
        draw = sample_draw(cycle=cycle, user=admin, share=Decimal(1), seed=7)
    conversation = SampleConversation.objects.get(draw=draw, organisation=org_b)
    return SimpleNamespace(second=second, being=being, done=done, conversation=conversation)


def test_the_administrators_pages_of_the_learning_loop(world, live_server, page, users):
    sign_in_as(page, live_server, users["administrator"])
    check_pages(
        page,
        live_server,
        [
            "/staf/steekproef/",
            "/staf/steekproef/2027/",
            "/staf/steekproef/2027/trekken/",
            f"/staf/steekproef/gesprek/{world.conversation.pk}/",
            "/staf/tweede-beoordeling/2027/",
            f"/staf/tweede-beoordeling/zelfevaluatie/{world.done.pk}/",
            f"/staf/tweede-beoordeling/zelfevaluatie/{world.done.pk}/kalibratie/",
            "/staf/tweede-beoordeling/2027/overeenstemming/",
        ],
    )
    expect(page.get_by_role("main")).to_contain_text("minder dan 5 paren")


def test_the_second_assessors_page(world, live_server, page):
    sign_in_as(page, live_server, world.second)
    check_pages(page, live_server, [f"/staf/tweede-beoordeling/zelfevaluatie/{world.being.pk}/"])


def test_the_holders_page_of_the_sample(world, live_server, page, users):
    from keurmerk.cycles.models import Participation

    participation = Participation.objects.get(pk=world.done.participation_id)
    sign_in_as(page, live_server, users["outsider"])  # a member of org_b, the drawn holder
    check_pages(page, live_server, [f"/steekproef/deelname/{participation.pk}/"])
    expect(page.get_by_role("main")).to_contain_text("steekproef")
