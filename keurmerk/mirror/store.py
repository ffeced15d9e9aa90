"""Where the raw rows live: one Parquet file per provider and kind under `MIRROR_DATA_DIR`.

    <MIRROR_DATA_DIR>/trajectories/<organisation id>.parquet
    <MIRROR_DATA_DIR>/cqi/<organisation id>.parquet
    <MIRROR_DATA_DIR>/work/…    staging files of uploads in progress (removed afterwards)

Each file holds an `organisation_id` column, so one DuckDB query over `*.parquet` computes every
provider at once. Files are never written in place: a new file is written under a temporary
name and swapped in with `os.replace` inside the database transaction; if the transaction fails, the
previous file is put back (`FileSwap`).
"""

import contextlib
import os
import secrets
import shutil
import tempfile
from pathlib import Path

from django.conf import settings

KINDS = ("trajectories", "cqi")


def root() -> Path:
    return Path(settings.MIRROR_DATA_DIR)


def kind_dir(kind) -> Path:
    assert kind in KINDS
    path = root() / kind
    path.mkdir(parents=True, exist_ok=True)
    return path


def data_file(kind, organisation_id) -> Path:
    return kind_dir(kind) / f"{int(organisation_id)}.parquet"


def all_files(kind):
    """The committed files of every provider (temporary files never match)."""
    return sorted(str(p) for p in kind_dir(kind).glob("*.parquet"))


def temp_path_beside(target: Path) -> Path:
    """A temporary name in the target's directory (so that os.replace is atomic), outside the glob."""
    return target.with_name(f".{target.name}.{secrets.token_hex(6)}.tmp")


@contextlib.contextmanager
def work_dir():
    """A private directory for staging an upload; removed with everything in it afterwards."""
    base = root() / "work"
    base.mkdir(parents=True, exist_ok=True)
    path = Path(tempfile.mkdtemp(dir=base))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


class FileSwap:
    """Put new files in place (or remove files), and undo it all if the surrounding block raises.

    `replacements` maps a target path to a new file's path, or to None to remove the target.
    Wrap the service's transaction in it and call `apply()` inside the transaction once the locks
    are held: when the transaction or its commit fails, the exception leaves the block and the
    old files come back; on success the old files are removed for good.
    """

    def __init__(self, replacements):
        self.replacements = replacements
        self.backups = {}
        self.placed = []

    def __enter__(self):
        return self

    def apply(self):
        for target, new in self.replacements.items():
            if target.exists():
                self.backups[target] = temp_path_beside(target)
                os.replace(target, self.backups[target])
            if new is not None:
                os.replace(new, target)
                self.placed.append(target)

    def __exit__(self, exc_type, exc, traceback):
        if exc_type is None:
            for backup in self.backups.values():
                backup.unlink(missing_ok=True)
            return False
        for target in self.placed:
            target.unlink(missing_ok=True)
        for target, backup in self.backups.items():
            os.replace(backup, target)
        return False


def remove_temp(path):
    if path is not None:
        Path(path).unlink(missing_ok=True)


def incoming_dir() -> Path:
    """Where uploaded files wait for the background worker (removed once it has read them)."""
    path = root() / "work" / "incoming"
    path.mkdir(parents=True, exist_ok=True)
    return path


def save_incoming(chunks) -> str:
    """Write an uploaded file (an iterable of byte chunks) under a fresh name; returns the name."""
    name = f"{secrets.token_hex(16)}.upload"
    fd, tmp = tempfile.mkstemp(dir=incoming_dir(), prefix=".part-")
    with os.fdopen(fd, "wb") as handle:
        for chunk in chunks:
            handle.write(chunk)
    os.replace(tmp, incoming_dir() / name)
    return name


def incoming_path(name: str) -> Path:
    if not name or "/" in name or name.startswith("."):
        raise ValueError("not an incoming file name")
    return incoming_dir() / name


def remove_incoming(name: str) -> None:
    with contextlib.suppress(FileNotFoundError, ValueError):
        incoming_path(name).unlink()
