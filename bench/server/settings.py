"""The production settings plus one bare view, for `autosave_load.py`'s comparison in the same run."""

from keurmerk.settings import *  # noqa: F403

ROOT_URLCONF = "bench.server.urls"
