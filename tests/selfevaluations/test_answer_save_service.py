"""Saving a draft answer: optimistic locking, the 20,000-character limit, web addresses, frozen."""

from decimal import Decimal

import pytest

from keurmerk.cycles.services import TransitionError
from keurmerk.selfevaluations.models import Answer
from keurmerk.selfevaluations.services import AnswerConflict, FrozenError, answer_save

from .conftest import answer_for, fill_all, submit


def test_save_stores_the_text_and_bumps_the_version(self_evaluation, users):
    answer = answer_for(self_evaluation, "gemiddelde-behandeltijd")
    saved = answer_save(
        answer=answer,
        user=users["member"],
        version=0,
        explanation="Wij meten elk kwartaal.",
        number=Decimal("612.5"),
    )
    stored = Answer.objects.get(pk=answer.pk)
    assert (stored.explanation, stored.number, stored.version) == (
        "Wij meten elk kwartaal.",
        Decimal("612.50"),
        1,
    )
    assert saved.version == 1 and stored.updated_by == users["member"] and stored.updated_at is not None


def test_a_stale_version_is_refused_and_nothing_is_overwritten(self_evaluation, users):
    answer = answer_for(self_evaluation, "wachttijd-kort")
    answer_save(answer=answer, user=users["member"], version=0, explanation="Tekst van Anna")
    with pytest.raises(AnswerConflict) as conflict:
        answer_save(
            answer=answer_for(self_evaluation, "wachttijd-kort"),
            user=users["member"],
            version=0,
            explanation="Tekst van Bram",
        )
    assert conflict.value.current.explanation == "Tekst van Anna" and conflict.value.current.version == 1
    stored = Answer.objects.get(pk=answer.pk)
    assert (stored.explanation, stored.version) == ("Tekst van Anna", 1)


def test_text_over_20000_characters_is_refused(self_evaluation, users):
    answer = answer_for(self_evaluation, "wachttijd-kort")
    answer_save(answer=answer, user=users["member"], version=0, explanation="é" * 20_000)
    with pytest.raises(Exception, match="20.001 tekens"):
        answer_save(answer=answer, user=users["member"], version=1, explanation="é" * 20_001)
    assert len(Answer.objects.get(pk=answer.pk).explanation) == 20_000


def test_only_http_and_https_addresses(self_evaluation, users):
    answer = answer_for(self_evaluation, "website-bereikbaarheid")
    with pytest.raises(Exception, match="https://"):
        answer_save(
            answer=answer, user=users["member"], version=0, explanation="x", urls=["javascript:alert(1)"]
        )
    assert Answer.objects.get(pk=answer.pk).urls == []


def test_a_submitted_version_is_frozen(self_evaluation, users):
    fill_all(self_evaluation)
    answer = answer_for(self_evaluation, "wachttijd-kort")
    version = answer.version
    submit(self_evaluation, users["member"])
    # Neither with the version read before submitting nor with the current one.
    for v in (version, Answer.objects.get(pk=answer.pk).version):
        with pytest.raises(FrozenError):
            answer_save(answer=answer, user=users["member"], version=v, explanation="Later gewijzigd")
    assert Answer.objects.get(pk=answer.pk).explanation == "Zo voldoen wij eraan."
    assert isinstance(FrozenError(), TransitionError)
