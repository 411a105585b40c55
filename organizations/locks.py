"""Named locks that serialise a kind of write across processes and machines (two workers
running the same import at once), held until the transaction that takes them ends."""

import hashlib

from django.db import connection


def _key(name: str) -> int:
    """Return a stable signed 64-bit key for a lock's name (Python's hash() changes per run)."""
    return int.from_bytes(
        hashlib.blake2b(name.encode(), digest_size=8).digest(), "big", signed=True
    )


def hold(name: str) -> None:
    """Wait until no other transaction holds the lock `name`, then hold it until this one ends.

    Call it inside a transaction, before reading what the write depends on: the second of two
    writers then reads what the first committed. On PostgreSQL it is an advisory lock (no row
    to create; released by the commit or the rollback, a worker killed mid-way included).
    SQLite has none to take: it lets one transaction write at a time, and the second writer
    waits for the first or fails with "database is locked", having changed nothing.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_key(name)])
