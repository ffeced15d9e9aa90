"""Item 5 of issue 11: closing a consultation round asks first, saying what closing does."""

import pytest

from keurmerk.consultations.models import RoundState
from tests.conftest import ROLES, client_for

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", ROLES)
def test_the_close_confirmation_changes_nothing(consultation_round, users, role):
    url = f"/consultatie/rondes/{consultation_round.pk}/sluiten/"
    response = client_for(users[role]).get(url)
    allowed = role == "administrator"
    assert (response.status_code == 200) == allowed, role
    if allowed:
        assert (
            "Genodigden kunnen niet meer reageren" in response.text
            and "Ja, ronde nu sluiten" in response.text
        )
    consultation_round.refresh_from_db()
    assert consultation_round.state == RoundState.OPEN


def test_the_round_page_links_to_the_confirmation(consultation_round, users):
    text = client_for(users["administrator"]).get(f"/consultatie/rondes/{consultation_round.pk}/").text
    url = f"/consultatie/rondes/{consultation_round.pk}/sluiten/"
    assert f'href="{url}"' in text and f'action="{url}"' not in text
