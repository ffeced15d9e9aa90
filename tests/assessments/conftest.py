"""Assessments start from a submitted self-evaluation: reuse the self-evaluation fixtures."""

from tests.selfevaluations.conftest import during, private_media, self_evaluation, signed  # noqa: F401
