"""The register's payloads (the JSON download and the page's table) kept in the shared cache.

The register is read far more often than it changes, and it changes only through a few steps of
the scheme, each of which writes its audit row: a mark awarded or withdrawn, an organisation's
details or its subcontractors changed, a state overridden. `REGISTER_ACTIONS` are those actions;
recording one of them starts a new generation of the cache (`invalidate`), and a payload is used
only while its generation and its day are the current ones. So a cached register costs one cache
read (one query on the database cache, none on Redis) and is never older than the last such step;
what changes with the date alone (a withdrawal taking effect, a new year) changes the day's key.
A timeout bounds what changes outside the steps (the admin site): `REGISTER_CACHE_SECONDS`.
"""

import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils.translation import get_language

from keurmerk.audit.actions import Action
from keurmerk.lib.dates import local_today

GENERATION = "register:generation"
REGISTER_ACTIONS = frozenset(
    {
        Action.ORGANISATION_UPDATED,
        Action.ORGANISATIONS_IMPORTED,
        Action.SUBCONTRACT_ADDED,
        Action.SUBCONTRACT_REMOVED,
        Action.SUBCONTRACT_CONFIRMED,
        Action.SUBCONTRACT_DECLINED,
        Action.CYCLE_CREATED,
        Action.STATE_OVERRIDDEN,
        Action.REPORT_SENT,
        Action.PARTICIPATION_AWARDED,
        Action.PARTICIPATION_WITHDRAWN,
    }
)


def invalidate():
    """Start a new generation: every cached register payload is rebuilt at its next read."""
    cache.set(GENERATION, uuid.uuid4().hex, None)


def changes_register(event):
    """Whether the step that wrote this audit row can change the register: one of the actions
    above, or any change of a participation's state (awarded, withdrawn, expired, overridden)."""
    return event.action in REGISTER_ACTIONS or bool(event.participation_id and event.to_state)


def invalidate_for(event):
    """After an audit row: a step that changes the register invalidates it now (in the step's own
    transaction when the cache is the database's) and once more when the step commits, so that a
    rebuild from the data before the commit cannot outlive it."""
    if changes_register(event):
        invalidate()
        transaction.on_commit(invalidate)


def cached(name, build):
    """The payload `name` of today (in the current language), built with `build()` when the cache
    holds none of the current generation."""
    key = f"register:{name}:{get_language()}"
    found = cache.get_many([key, GENERATION])
    generation, day = found.get(GENERATION, ""), local_today().isoformat()
    payload = found.get(key)
    if payload is not None and payload[0] == generation and payload[1] == day:
        return payload[2]
    value = build()
    cache.set(key, (generation, day, value), settings.REGISTER_CACHE_SECONDS)
    return value
