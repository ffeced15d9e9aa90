"""`db_worker` that waits for the database instead of exiting when it is away.

django-tasks-db's worker stops at the first OperationalError other than "database is locked" (a
restarting PostgreSQL, a network hiccup): under systemd that means a restart loop, elsewhere a
queue that silently stops. This command is the same worker (same options); when the database is
unreachable it logs, waits (1 s, doubling up to `--db-retry-max`, default 30 s) and starts again.
It takes the place of django-tasks-db's command because `keurmerk.core` is listed before
`django_tasks_db` in INSTALLED_APPS (see the settings block "Bad input, invitations and database
timeouts").
"""

import logging
import time

from django.db import connections
from django.db.utils import InterfaceError, OperationalError
from django_tasks_db.management.commands import db_worker

log = logging.getLogger("keurmerk.worker")


class Command(db_worker.Command):
    help = "Achtergrondwerker (django-tasks-db) die wacht als de database even weg is."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--db-retry-delay", type=float, default=1.0, help="First wait in seconds.")
        parser.add_argument("--db-retry-max", type=float, default=30.0, help="Longest wait in seconds.")

    def handle(self, *args, db_retry_delay=1.0, db_retry_max=30.0, **options):
        delay = db_retry_delay
        while True:
            try:
                return super().handle(*args, **options)
            except (OperationalError, InterfaceError) as error:
                log.warning("Database niet bereikbaar (%s); nieuwe poging over %.0f s.", error, delay)
                self.stderr.write(f"Database niet bereikbaar; wacht {delay:.0f} s: {error}")
                _drop_connections()
                time.sleep(delay)
                delay = min(delay * 2, db_retry_max)


def _drop_connections():
    """Forget broken connections so the next attempt opens new ones."""
    for connection in connections.all(initialized_only=True):
        try:
            connection.close()
        except (OperationalError, InterfaceError):
            connection.connection = None
