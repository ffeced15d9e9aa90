"""Assessments start from a submitted self-evaluation: reuse the self-evaluation fixtures."""

import pytest

from tests.selfevaluations.conftest import during, fill_all, private_media, self_evaluation, signed, submit  # noqa: F401


@pytest.fixture
def submitted(self_evaluation, users):  # noqa: F811 - the imported fixture, by name
    """The member's first self-evaluation, every answer filled in, submitted with a reviewer."""
    fill_all(self_evaluation)
    submit(self_evaluation, users["member"], reviewer_name="Dr. B. Behandelaar")
    self_evaluation.refresh_from_db()
    return self_evaluation
