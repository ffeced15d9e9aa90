"""Database connection options with timeouts, applied by the settings (no Django imports here)."""

POSTGRESQL = "django.db.backends.postgresql"


def with_timeouts(
    database: dict, *, connect_timeout: int, statement_timeout_ms: int, busy_timeout: int
) -> dict:
    """`database` (a DATABASES entry) with its timeouts set.

    PostgreSQL: `connect_timeout` (seconds; it also bounds a server that accepts the connection
    but never answers the start-up) and the server-side `statement_timeout` (milliseconds, 0 for
    none); connections are health-checked before reuse. SQLite: the busy timeout in seconds."""
    database = {**database, "OPTIONS": dict(database.get("OPTIONS") or {})}
    options = database["OPTIONS"]
    if database["ENGINE"] == POSTGRESQL:
        options.setdefault("connect_timeout", connect_timeout)
        options["options"] = (
            f"{options.get('options', '')} -c statement_timeout={statement_timeout_ms}".strip()
        )
        database["CONN_HEALTH_CHECKS"] = True
    else:
        options["timeout"] = busy_timeout
    return database
