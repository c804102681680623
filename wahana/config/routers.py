"""Reads of dashboards, reports and exports on a streaming replica (`DATABASE_REPLICA_URL`).

Installed only when a replica is configured (settings.py). The choice is made by the path, not
by the model: the watching app's rollups are also read by the sweep that writes the next ones,
and its plans, steps and notifications are read right after they are written, so a router keyed
on the model would either send the sweep to stale rows or a new plan's page to a 404. The paths
that only read say so instead:

- `@baca_replika` on a view (dashboards, completeness, aggregate package, fund-book downloads)
  and `dari_replika()` around a job's reading (reports made by the worker): every read inside
  goes to the replica;
- `untuk_baca(qs)` for a queryset evaluated after the view has returned (a streamed export).

Whatever the path: every write goes to the primary, and so does every read while the primary
is inside a `transaction.atomic` block (what is read there decides what is written). Rows read
from the replica keep reading their relations there (Django follows the row's database when the
router has no opinion). Migrations run on the primary only; the replica follows by streaming.
"""

import contextvars
import functools
from contextlib import contextmanager

from django.db import DEFAULT_DB_ALIAS, connections, router
from django.db.models import QuerySet

REPLIKA = "replica"

_baca_replika = contextvars.ContextVar("wahana_baca_replika", default=False)


def replika_dipakai() -> bool:
    """True when reads may go to the replica now: the router is installed and the primary is
    not inside a transaction."""
    return (
        any(isinstance(r, ReplikaRouter) for r in router.routers)
        and not connections[DEFAULT_DB_ALIAS].in_atomic_block
    )


@contextmanager
def dari_replika():
    """Every read inside goes to the replica (when one is configured)."""
    token = _baca_replika.set(True)
    try:
        yield
    finally:
        _baca_replika.reset(token)


def baca_replika(view):
    """A view that only reads: its queries go to the replica (when one is configured)."""

    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        with dari_replika():
            return view(*args, **kwargs)

    return wrapper


def untuk_baca(qs: QuerySet) -> QuerySet:
    """`qs` bound to the replica when reads may go there now (for a queryset iterated after the
    view has returned, e.g. a streamed export)."""
    return qs.using(REPLIKA) if replika_dipakai() else qs


class ReplikaRouter:
    def db_for_read(self, model, **hints):
        if connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return DEFAULT_DB_ALIAS
        if _baca_replika.get():
            return REPLIKA
        return None  # Django's own choice: the database the hinted row came from, else default

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # The replica holds the primary's rows: a row read there may be linked to one here.
        return {obj1._state.db, obj2._state.db} <= {DEFAULT_DB_ALIAS, REPLIKA, None}

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS
