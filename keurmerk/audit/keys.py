"""The secret that keys the audit chain. It is never stored in the database: whoever can write the
database can then still not recompute a valid chain.

Production: `KEURMERK_AUDIT_KEY` from the environment, required when `DJANGO_DEBUG` is off.
Development: generated once into the data directory (`audit.key`, mode 0600) and reused.
Imported by the settings, so it imports nothing of Django's app registry.
"""

import os
import secrets
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

ENV_NAME = "KEURMERK_AUDIT_KEY"
KEY_FILE_NAME = "audit.key"
MIN_LENGTH = 32


def load_audit_key(*, env_value: str, debug: bool, data_dir: Path) -> str:
    """The key from the environment; without one, refuse to start unless debug is on."""
    if env_value:
        if len(env_value) < MIN_LENGTH:
            raise ImproperlyConfigured(f"{ENV_NAME} must be at least {MIN_LENGTH} characters long.")
        return env_value
    if not debug:
        raise ImproperlyConfigured(
            f"{ENV_NAME} must be set when DJANGO_DEBUG is off: it keys the audit log's hash chain and "
            "must not be stored in the database (generate one with "
            '`python -c "import secrets; print(secrets.token_urlsafe(48))"`).'
        )
    return development_key(data_dir / KEY_FILE_NAME)


def development_key(path: Path) -> str:
    """Read the development key, or create it once with mode 0600 (atomically: a hard link of a
    complete file, so two processes starting together end up with the same key)."""
    if not path.exists():
        tmp = path.with_name(f".{path.name}.{os.getpid()}")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(48))
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass  # another process was first: use its key
        finally:
            tmp.unlink()
    if path.stat().st_mode & 0o077:
        raise ImproperlyConfigured(f"{path} is readable by others: chmod 600 it.")
    return path.read_text(encoding="utf-8").strip()
