"""Issue 11, "Pages people live in": on the long self-evaluation and assessment pages the norm
navigation and the progress stay in view while scrolling; on a wide screen the assessor sees the
answer, the toetsingskader and the verdict side by side. Axe stays clean."""

import pytest
import time_machine

from .conftest import assert_accessible
from .test_assessment_browser import ASSESSING, submitted  # noqa: F401 - the fixture, by name
from .test_layout_browser import sign_in_as
from .test_selfevaluation_browser import started  # noqa: F401 - the fixture, by name

pytestmark = pytest.mark.browser
WIDE = {"width": 1440, "height": 900}


def in_view(page, selector):
    box = page.locator(selector).first.bounding_box()
    return box is not None and box["y"] >= -1 and box["y"] < page.viewport_size["height"]


def test_the_self_evaluation_keeps_navigation_and_progress_in_view(live_server, started, users, page):  # noqa: F811
    sign_in_as(page, live_server, users["member"])
    page.set_viewport_size(WIDE)
    page.goto(f"{live_server.url}/zelfevaluatie/{started.pk}/")
    assert page.evaluate("document.documentElement.scrollHeight") > 5000
    page.evaluate("window.scrollTo(0, 6000)")
    assert in_view(page, ".se-toc") and in_view(page, ".se-overall")
    page.set_viewport_size({"width": 390, "height": 844})
    page.evaluate("window.scrollTo(0, 9000)")
    assert in_view(page, ".se-overall")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert_accessible(page)


def test_the_assessment_shows_answer_guidance_and_verdict_side_by_side(live_server, submitted, users, page):  # noqa: F811
    with time_machine.travel(ASSESSING, tick=True):
        sign_in_as(page, live_server, users["assessor"])
        page.set_viewport_size(WIDE)
        page.goto(f"{live_server.url}/staf/beoordelen/{submitted.pk}/")
        criterion = page.locator("article.assessment-criterion").nth(3)
        boxes = [
            criterion.locator(s).bounding_box()
            for s in (".answer-box", ".assessment-guidance", ".verdict-form")
        ]
        tops = [b["y"] for b in boxes]
        assert max(tops) - min(tops) < 40, tops  # one row
        assert boxes[0]["x"] < boxes[1]["x"] < boxes[2]["x"]
        page.evaluate("window.scrollTo(0, 8000)")
        assert in_view(page, ".assessment-toc") and in_view(page, ".assessment-outcome")
        assert_accessible(page)
