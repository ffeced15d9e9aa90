"""Hypothesis fuzzing of the consultation response form behind an invitee's personal link (see
harness.py): no 5xx, nothing half-saved."""

from tests.conftest import client_for
from tests.consultations.conftest import consultation_round, during, invitee  # noqa: F401

from .harness import fuzz_page


def test_the_response_form_survives_hostile_input(invitee):  # noqa: F811 - the imported fixture
    fuzz_page(client_for(None), f"/consultatie/{invitee.token}/")
