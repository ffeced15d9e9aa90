"""Item 5 of issue 11: sending a report first shows it as the provider will see it and says what
sending does; only the confirmation's own submit sends it."""

import pytest

from keurmerk.assessments import services as assessing
from keurmerk.assessments.models import Report
from keurmerk.cycles.models import Participation, State
from tests.conftest import ROLES, client_for

from .test_assessing import judge_all

pytestmark = pytest.mark.django_db


def test_the_confirmation_shows_the_report_and_the_award(submitted, users):
    assessment = assessing.assessment_for(submitted)
    judge_all(assessment, users["assessor"])
    url = f"/staf/beoordelen/{submitted.pk}/versturen/"
    page = client_for(users["assessor"]).get(url)
    assert page.status_code == 200
    text = page.text
    assert "Het Keurmerk wordt direct toegekend" in text
    assert "De rapportage zoals de aanbieder die ziet" in text and "U heeft zich gekwalificeerd" in text
    assert f'action="{url}"' in text and "Ja, rapportage versturen" in text
    assert not Report.objects.exists()
    assert Participation.objects.get(pk=submitted.participation_id).state == State.SUBMITTED
    client_for(users["assessor"]).post(url)
    assert Report.objects.get().qualified
    assert Participation.objects.get(pk=submitted.participation_id).state == State.AWARDED


def test_an_unfinished_assessment_shows_no_send_button(submitted, users):
    page = client_for(users["assessor"]).get(f"/staf/beoordelen/{submitted.pk}/versturen/").text
    assert "verplichte criteria zonder oordeel" in page and "Ja, rapportage versturen" not in page


def test_a_not_met_first_round_says_the_provider_may_revise(submitted, users):
    assessment = assessing.assessment_for(submitted)
    judge_all(assessment, users["assessor"], not_met=("wachttijd-kort",))
    page = client_for(users["assessor"]).get(f"/staf/beoordelen/{submitted.pk}/versturen/").text
    assert "kan eenmalig een aangepaste zelfevaluatie indienen" in page and "niet voldaan" in page


@pytest.mark.parametrize("role", ROLES)
def test_who_sees_the_confirmation(submitted, users, role):
    response = client_for(users[role]).get(f"/staf/beoordelen/{submitted.pk}/versturen/")
    expected = {
        "anonymous": 302,
        "member": 403,
        "outsider": 403,
        "insurer": 403,
        "assessor": 200,
        "director": 200,
        "administrator": 200,
    }[role]
    assert response.status_code == expected, role
    assert not Report.objects.exists()


def test_the_assessment_page_links_to_the_confirmation_instead_of_sending(submitted, users):
    text = client_for(users["assessor"]).get(f"/staf/beoordelen/{submitted.pk}/").text
    url = f"/staf/beoordelen/{submitted.pk}/versturen/"
    assert f'href="{url}"' in text and f'action="{url}"' not in text
