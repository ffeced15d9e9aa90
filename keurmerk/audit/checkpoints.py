"""Checkpoints of the chain head outside the database: an append-only file in the data directory,
one JSON line per checkpoint (`{"id": …, "hash": …, "at": …}`), written by `tick` whenever the head
moved. Deleting the newest rows and rolling the head back leaves the database consistent, but not
with the file: `audit_verify` checks every checkpoint against the rows.
"""

import datetime
import json
import os
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from .models import AuditEvent


@dataclass(frozen=True)
class Checkpoint:
    id: int
    hash: str
    at: str

    def line(self) -> str:
        return json.dumps({"id": self.id, "hash": self.hash, "at": self.at}, sort_keys=True)


class CheckpointFileError(Exception):
    """A line of the checkpoint file cannot be read; names the line."""


def checkpoint_path() -> Path:
    return Path(settings.AUDIT_CHECKPOINT_FILE)


def read_checkpoints(path: Path | None = None) -> list[Checkpoint]:
    """Every checkpoint in the file, oldest first; no file means no checkpoints yet."""
    path = path or checkpoint_path()
    if not path.exists():
        return []
    checkpoints = []
    for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not text.strip():
            continue
        try:
            data = json.loads(text)
            checkpoints.append(Checkpoint(id=int(data["id"]), hash=str(data["hash"]), at=str(data["at"])))
        except (ValueError, KeyError, TypeError) as exc:
            raise CheckpointFileError(f"{path}, regel {number}: geen geldig controlepunt ({exc}).") from exc
    return checkpoints


def checkpoint_write(*, now: datetime.datetime | None = None) -> Checkpoint | None:
    """Append the current chain head to the checkpoint file, only when it moved since the last
    checkpoint (so `tick` may run as often as it likes). Returns the new checkpoint, or None."""
    head = AuditEvent.objects.order_by("-pk").values("pk", "hash").first()
    if head is None:
        return None
    path = checkpoint_path()
    existing = read_checkpoints(path)
    if existing and (existing[-1].id, existing[-1].hash) == (head["pk"], head["hash"]):
        return None
    checkpoint = Checkpoint(id=head["pk"], hash=head["hash"], at=(now or timezone.now()).isoformat())
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    with os.fdopen(fd, "a", encoding="utf-8") as handle:
        handle.write(checkpoint.line() + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    return checkpoint
