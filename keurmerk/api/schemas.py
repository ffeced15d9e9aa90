"""The shapes of the API's answers (pydantic, through Django Ninja); the OpenAPI description is
generated from them, and schemathesis checks every answer against it."""

import datetime
from typing import Any, Literal

from ninja import Schema

from keurmerk.cycles.models import State


class Error(Schema):
    detail: str
    code: str


class RegisterHolder(Schema):
    name: str
    kvk: str
    agb: str
    place: str
    website: str
    year: int
    network_predicate: bool
    certificate_code: str
    valid_from: datetime.date
    valid_until: datetime.date
    withdrawn_per: datetime.date | None


class RegisterPage(Schema):
    fields: list[str]
    count: int
    limit: int
    offset: int
    items: list[RegisterHolder]


class HolderRecord(Schema):
    agb: str
    kvk: str
    name: str
    year: int
    valid_from: datetime.date
    valid_until: datetime.date
    certificate_code: str
    network_predicate: bool


class HolderPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[HolderRecord]


class HolderChangeRecord(Schema):
    at: datetime.datetime
    kind: Literal[
        "holder_expired",
        "holder_added",
        "holder_withdrawn",
        "network_predicate_gained",
        "network_predicate_lost",
    ]
    agb: str
    kvk: str
    name: str
    year: int
    effective_on: datetime.date


class HolderChanges(Schema):
    since: datetime.datetime
    until: datetime.datetime
    count: int
    items: list[HolderChangeRecord]


class FrameworkSummary(Schema):
    year: int
    name: str
    status: str
    adopted_on: datetime.date | None
    published_at: datetime.datetime | None


class TargetValueRecord(Schema):
    criterion: str | None
    metric: str
    minutes: int
    description: str


class CriterionRecord(Schema):
    key: str
    number: str
    group: str | None
    text: str
    sub_items: list[Any]
    guidance: str
    optional_for_returning: bool
    target_values: list[TargetValueRecord]


class NormRecord(Schema):
    key: str
    number: str
    level: str | None
    subject: str
    title: str
    client_promise: list[Any]
    criteria: list[CriterionRecord]


class LevelRecord(Schema):
    key: str
    name: str
    description: str


class Exemptions(Schema):
    note: str
    criteria: list[str]


class FrameworkRecord(FrameworkSummary):
    scheme_owner: str
    introduction: str
    exemptions: Exemptions
    levels: list[LevelRecord]
    target_values: list[TargetValueRecord]
    norms: list[NormRecord]


class DiffSegment(Schema):
    op: Literal["equal", "delete", "insert"]
    text: str


class FieldDiff(Schema):
    field: str
    segments: list[DiffSegment]


class ChangeRecord(Schema):
    key: str
    label: str
    kinds: list[str]
    details: list[str]
    diffs: list[FieldDiff]
    explanation: str


class Explanation(Schema):
    key: str
    text: str


class FrameworkChanges(Schema):
    year: int
    previous_year: int
    levels: list[ChangeRecord]
    norms: list[ChangeRecord]
    criteria: list[ChangeRecord]
    targets: list[ChangeRecord]
    other_explanations: list[Explanation]


class HolderName(Schema):
    name: str
    kvk: str
    agb: str


class Verification(Schema):
    # valid: held today; pending: qualified, held from valid_from (after a withdrawal the year
    # before, 1 April); withdrawn: the withdrawal has taken effect; expired: the year is over.
    status: Literal["valid", "pending", "withdrawn", "expired"]
    code: str
    holder: HolderName
    year: int
    valid_from: datetime.date
    valid_until: datetime.date
    withdrawn_per: datetime.date | None
    revoked_at: datetime.datetime | None


class MirrorIndicator(Schema):
    key: str
    label: str
    unit: str
    few_peers: bool
    n: int | None
    p25: float | None
    median: float | None
    p75: float | None


class MirrorYear(Schema):
    year: int
    indicators: list[MirrorIndicator]


class Deadlines(Schema):
    application: datetime.date
    selfevaluation: datetime.date
    revision: datetime.date
    first_report: datetime.date
    final_report: datetime.date
    withdrawal_effective: datetime.date


class ParticipationRecord(Schema):
    id: int
    year: int
    state: Literal[tuple(State.values)]  # type: ignore[valid-type]
    state_label: str
    state_changed_at: datetime.datetime
    organisation: HolderName
    deadlines: Deadlines


class ParticipationPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[ParticipationRecord]


class ConsultationRoundRecord(Schema):
    id: int
    year: int
    framework: str
    opens_on: datetime.date
    closes_on: datetime.date
    state: Literal["planned", "open", "closed", "adopted"]
    invited: int
    responses: int


class ConsultationResults(Schema):
    id: int
    year: int
    invited: int
    responses: int
    response_rate: float | None
    means: dict[str, dict[str, float | None]]
    row_means: dict[str, float | None]
    column_means: dict[str, float | None]
    overall_mean: float | None


class StateCount(Schema):
    state: str
    label: str
    count: int


class WorkCount(Schema):
    kind: str
    label: str
    due_soon: int  # within the next 14 days
    overdue: int


class Dashboard(Schema):
    year: int | None  # the current cycle; None when there is none
    participations: list[StateCount]
    total: int
    work: list[WorkCount]


class AgreementFigures(Schema):
    pairs: int
    equal: int
    share_equal: float | None  # None without pairs
    kappa: float | None  # None below 5 pairs, or when undefined (`no_kappa` says which)
    no_kappa: Literal["too_few", "one_category"] | None


class CriterionAgreement(AgreementFigures):
    key: str
    number: str


class NormAgreement(AgreementFigures):
    key: str
    number: str
    subject: str
    criteria: list[CriterionAgreement]


class CycleAgreement(Schema):
    year: int
    self_evaluations: int  # double-assessed and finished by both assessors
    overall: AgreementFigures
    norms: list[NormAgreement]


class SampleHolder(Schema):
    agb: str
    kvk: str
    name: str


class SampleDraw(Schema):
    number: int  # the cycle's draws are numbered; a new draw (with a reason) does not erase the old
    year: int
    drawn_at: datetime.datetime
    drawn_by: str
    seed: int
    size: int | None
    share: float | None
    reason: str
    candidates: int
    drawn: list[SampleHolder]
