"""Consultation fixtures: the 2024 concept framework in a round from 24 April to 30 May 2023 (as in
the 2024 consultation report), invitees of every type, and a hand-computed set of responses.

Time is fixed with time-machine: `during` is a moment inside the period.
"""

import datetime
from fractions import Fraction
from zoneinfo import ZoneInfo

import pytest
import time_machine

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
OPENS = datetime.date(2023, 4, 24)
CLOSES = datetime.date(2023, 5, 30)
DURING = datetime.datetime(2023, 5, 10, 12, 0, tzinfo=AMSTERDAM)
ASPECTS = ["stimulerend", "vooruitstrevend", "duidelijk", "haalbaar"]

# Hand-made scores of 10 respondents per norm (by number) and aspect, with the sums checked in
# test_results.py. Their means are exactly the table in chapter 3 of the 2024 consultation report.
SCORES = {
    "1": {
        "stimulerend": [5, 6, 4, 7, 5, 6, 5, 6, 5, 5],  # 54 → 5,4
        "vooruitstrevend": [5, 5, 4, 6, 5, 6, 5, 5, 5, 5],  # 51 → 5,1
        "duidelijk": [6, 5, 7, 5, 6, 5, 6, 6, 5, 5],  # 56 → 5,6
        "haalbaar": [3, 7, 5, 4, 6, 5, 5, 5, 5, 5],  # 50 → 5,0
    },
    "2a": {
        "stimulerend": [7, 6, 5, 5, 6, 6, 5, 5, 5, 6],  # 56
        "vooruitstrevend": [5, 6, 5, 5, 6, 5, 5, 5, 6, 5],  # 53
        "duidelijk": [6, 5, 5, 6, 5, 6, 5, 6, 5, 6],  # 55
        "haalbaar": [4, 6, 5, 5, 5, 6, 5, 5, 5, 5],  # 51
    },
    "2b": {
        "stimulerend": [6, 4, 5, 5, 5, 5, 6, 5, 5, 5],  # 51
        "vooruitstrevend": [5, 5, 6, 5, 5, 6, 5, 5, 6, 5],  # 53
        "duidelijk": [5, 6, 6, 5, 6, 6, 5, 6, 5, 6],  # 56
        "haalbaar": [5, 4, 6, 5, 5, 5, 5, 5, 5, 5],  # 50
    },
    "3": {
        "stimulerend": [5, 5, 5, 6, 5, 5, 5, 4, 6, 5],  # 51
        "vooruitstrevend": [6, 5, 5, 5, 5, 5, 6, 5, 5, 6],  # 53
        "duidelijk": [5, 6, 5, 6, 5, 6, 5, 6, 5, 6],  # 55
        "haalbaar": [6, 5, 4, 5, 5, 5, 5, 5, 5, 5],  # 50
    },
}
# The table as the 2024 report prints it (norm, four aspects, row mean) and its bottom row.
TABLE_2024 = [
    ["1", "5,4", "5,1", "5,6", "5,0", "5,3"],
    ["2a", "5,6", "5,3", "5,5", "5,1", "5,4"],
    ["2b", "5,1", "5,3", "5,6", "5,0", "5,3"],
    ["3", "5,1", "5,3", "5,5", "5,0", "5,2"],
]
COLUMNS_2024 = ["5,3", "5,3", "5,6", "5,0"]
OVERALL_2024 = "5,3"
# The respondents' types, in order: 6 holders, 2 insurers, 1 branch organisation, 1 institute.
RESPONDENT_TYPES = (
    ["keurmerkdrager"] * 6 + ["zorgverzekeraar"] * 2 + ["brancheorganisatie", "kennisinstituut"]
)


def amsterdam(*args):
    return datetime.datetime(*args, tzinfo=AMSTERDAM)


@pytest.fixture
def during():
    with time_machine.travel(DURING, tick=False) as traveller:
        yield traveller


@pytest.fixture
def consultation_round(framework_2024, users, during):
    from keurmerk.consultations.services import round_open

    return round_open(
        framework=framework_2024,
        opens_on=OPENS,
        closes_on=CLOSES,
        user=users["administrator"],
        introduction="Graag uw reactie op de consultatieversie.",
    )


def invite(consultation_round, organisation, type_, email, user=None):
    from keurmerk.consultations.imports import InviteeRow
    from keurmerk.consultations.services import invitees_add

    result = invitees_add(
        consultation_round=consultation_round, rows=[InviteeRow(organisation, type_, email)], user=user
    )
    return result.added[0]


@pytest.fixture
def invitee(consultation_round):
    return invite(consultation_round, "Praktijk De Linde", "keurmerkdrager", "linde@example.org")


def norm_keys(framework):
    return {n.number: n.key for n in framework.norms.all()}


def answers(framework, respondent, comments=None):
    """The `Answers` of respondent number `respondent` (0–9) in SCORES."""
    from keurmerk.consultations.services import Answers

    keys = norm_keys(framework)
    scores = {(keys[n], a): SCORES[n][a][respondent] for n in SCORES for a in ASPECTS}
    return Answers(scores=scores, comments=comments or {})


def submit(invitee, answers_, submit=True):
    from keurmerk.consultations.services import response_save

    version = getattr(getattr(invitee, "response", None), "version", 0)
    return response_save(invitee=invitee, answers=answers_, expected_version=version, submit=submit)


@pytest.fixture
def responded_round(consultation_round, framework_2024):
    """10 submitted responses (SCORES), one draft that must not count, one invitee without answer."""
    for i, type_ in enumerate(RESPONDENT_TYPES):
        invitee_ = invite(consultation_round, f"Respondent {i}", type_, f"r{i}@example.org")
        submit(invitee_, answers(framework_2024, i))
    draft = invite(consultation_round, "Concept BV", "overig", "draft@example.org")
    submit(draft, answers(framework_2024, 0, {("", ""): "Nog niet af"}), submit=False)
    invite(consultation_round, "Stil Instituut", "kennisinstituut", "stil@example.org")
    return consultation_round


def exact_mean(values):
    values = list(values)
    return Fraction(sum(values, Fraction(0)), len(values)) if values else None
