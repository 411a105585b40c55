"""Send the reads of a page that may show slightly old data to the read replica.

With DATABASE_REPLICA_URL set, settings add the `replica` alias and this router. Everything goes
to `default` (the primary) unless code runs inside `reads_from_replica`: a view decorated with it,
or a `with reads_from_replica():` block, says that its figures may lag the primary by the
replica's delay (a dashboard). Even there, writes, locking reads (`select_for_update`), reads
inside a transaction and the sign-in and rights tables stay on the primary.
"""

from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps

from django.db import DEFAULT_DB_ALIAS, connections

REPLICA = "replica"

# Set inside reads_from_replica; a context variable, so one thread's or one coroutine's choice
# never leaks into another request.
_stale_reads_allowed: ContextVar[bool] = ContextVar("stale_reads_allowed", default=False)

# Who is signed in and what they may do: a right just withdrawn must not outlive its withdrawal
# by the replica's delay.
PRIMARY_ONLY_APPS = frozenset({"auth", "sessions", "contenttypes", "axes"})


@contextmanager
def _replica_reads():
    token = _stale_reads_allowed.set(True)
    try:
        yield
    finally:
        _stale_reads_allowed.reset(token)


def reads_from_replica(view=None):
    """Let reads go to the replica: `@reads_from_replica` on a view, or
    `with reads_from_replica():` around a block."""
    if view is None:
        return _replica_reads()

    @wraps(view)
    def wrapper(*args, **kwargs):
        with _replica_reads():
            return view(*args, **kwargs)

    return wrapper


class ReplicaRouter:
    """Reads inside reads_from_replica go to the replica; everything else to the primary."""

    def db_for_read(self, model, **hints):
        if (
            _stale_reads_allowed.get()
            and model._meta.app_label not in PRIMARY_ONLY_APPS
            # A block that wrote inside a transaction reads its own writes back.
            and not connections[DEFAULT_DB_ALIAS].in_atomic_block
        ):
            return REPLICA
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # One database seen twice: a row read from the replica may point at one from the primary.
        if {obj1._state.db, obj2._state.db} <= {DEFAULT_DB_ALIAS, REPLICA}:
            return True
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # The replica follows the primary's schema through replication.
        return db == DEFAULT_DB_ALIAS
