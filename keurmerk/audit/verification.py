"""Verifying the audit log: walk the chain, check it against the checkpoints outside the database,
and name the first row that is not as it was written.

What each finding means:
- a row whose content does not give its stored hash was altered (keyed rows cannot be re-hashed
  without the key, so an altered keyed row is always named itself);
- a row whose `prev_hash` is not the hash of the row before it: if ids are missing in between, those
  rows were deleted and the first missing id is named; if none are missing, the row before it was
  rewritten together with its hash (only possible for rows from before the key) and that row is named;
- an unkeyed row after a keyed one is a forgery (rows from before the key only ever form a prefix);
- a checkpoint whose row is missing means the newest rows were deleted and the head rolled back;
  one whose hash differs means that row or one before it was rewritten.
"""

import hmac
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from .checkpoints import Checkpoint, CheckpointFileError, read_checkpoints
from .models import AuditEvent, AuditHead, Scheme


@dataclass(frozen=True)
class Problem:
    row: int | None
    message: str


@dataclass
class Report:
    rows: int = 0
    checkpoints: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def verify() -> Report:
    """Walk the whole log in id order and check the checkpoint file; collect every finding."""
    report = Report()
    try:
        checkpoints = {c.id: c for c in read_checkpoints()}
    except CheckpointFileError as exc:
        report.problems.append(Problem(row=None, message=str(exc)))
        checkpoints = {}
    report.checkpoints = len(checkpoints)
    last = None
    for event in _rows():
        report.problems.extend(_check_row(event, last))
        report.problems.extend(_check_checkpoint(event, checkpoints.pop(event.pk, None)))
        last = event
        report.rows += 1
    report.problems.extend(_check_head(last))
    report.problems.extend(_missing_checkpointed_rows(last, checkpoints.values()))
    report.problems.sort(key=lambda p: (p.row is None, p.row or 0))
    return report


def _rows() -> Iterator[AuditEvent]:
    return AuditEvent.objects.order_by("pk").iterator(chunk_size=2000)


def _describe(event: AuditEvent) -> str:
    return f"regel {event.pk} ({event.action}, {event.at:%Y-%m-%d %H:%M})"


def _check_row(event: AuditEvent, before: AuditEvent | None) -> list[Problem]:
    problems = []
    if event.scheme == Scheme.SHA256 and before is not None and before.scheme != Scheme.SHA256:
        problems.append(
            Problem(
                event.pk,
                f"Auditlog gewijzigd vanaf {_describe(event)}: een regel zonder sleutel na gesleutelde regels.",
            )
        )
    elif not hmac.compare_digest(event.compute_hash(), event.hash):
        problems.append(
            Problem(
                event.pk,
                f"Auditlog gewijzigd vanaf {_describe(event)}: de inhoud past niet bij de opgeslagen hash.",
            )
        )
    expected = before.hash if before is not None else ""
    if event.prev_hash != expected:
        problems.append(_broken_link(event, before))
    return problems


def _broken_link(event: AuditEvent, before: AuditEvent | None) -> Problem:
    """`event` does not point at the row before it: name the row that is missing or rewritten."""
    first_missing = before.pk + 1 if before is not None else 1
    if event.pk > first_missing:
        span = (
            f"regel {first_missing}"
            if event.pk - 1 == first_missing
            else f"regels {first_missing} t/m {event.pk - 1}"
        )
        return Problem(
            first_missing,
            f"Auditlog gewijzigd vanaf regel {first_missing}: {span} ontbreekt (verwijderd); regel {event.pk} verwijst naar een voorganger die er niet meer is.",
        )
    return Problem(
        before.pk,
        f"Auditlog gewijzigd vanaf {_describe(before)}: die regel is met een nieuwe hash herschreven; regel {event.pk} verwijst nog naar de oorspronkelijke.",
    )


def _check_checkpoint(event: AuditEvent, checkpoint: Checkpoint | None) -> list[Problem]:
    if checkpoint is None or hmac.compare_digest(checkpoint.hash, event.hash):
        return []
    return [
        Problem(
            event.pk,
            f"Auditlog gewijzigd tot en met {_describe(event)}: de hash wijkt af van het controlepunt van {checkpoint.at}.",
        )
    ]


def _check_head(last: AuditEvent | None) -> list[Problem]:
    head = AuditHead.objects.filter(pk=1).first()
    if head is None or head.last_hash == (last.hash if last else ""):
        return []
    after = last.pk if last else 0
    return [
        Problem(
            after + 1,
            f"Het auditlog is ingekort: de nieuwste regel(s) na regel {after} ontbreken (de kop van de keten wijst naar een regel die er niet meer is).",
        )
    ]


def _missing_checkpointed_rows(last: AuditEvent | None, missing: Iterable[Checkpoint]) -> list[Problem]:
    """Checkpointed rows that the walk did not meet: deleted, and the head rolled back past them."""
    after = last.pk if last else 0
    problems = []
    for checkpoint in sorted(missing, key=lambda c: c.id):
        first = after + 1 if checkpoint.id > after else checkpoint.id
        problems.append(
            Problem(
                first,
                f"Het auditlog is ingekort of teruggezet: regel {checkpoint.id} stond in het controlepunt van {checkpoint.at} maar ontbreekt; eerste ontbrekende regel: {first}.",
            )
        )
    return problems
