"""The production settings plus one bare view, for `autosave_load.py`'s comparison in the same run."""

from keurmerk.settings import *  # noqa: F403

ROOT_URLCONF = "bench.server.urls"
# Database connections for the whole run (production reconnects every 60 s): a backend process that
# ends during a load would take the CPU it used with it, and the benchmark counts that CPU.
DATABASES["default"]["CONN_MAX_AGE"] = None  # noqa: F405
