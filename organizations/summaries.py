"""Figures that count a whole agency, computed once and kept until what they count changes.

The leadership home shows how the people in scope were rated, the agency dashboard the year's
awards, registrations and dossiers: at 300,000 people aggregates over hundreds of thousands of
rows, too much to recount on every view. Such a figure is read through `cached(name, key,
compute)`: it is kept in the cache under the summary's current version (one read of one row),
so every process computes it afresh on its first view after a change, whatever cache each
process has (its own memory, or the shared Redis); nobody is shown figures older than the last
change (but for the moment the leadership's are counted afresh: below), and a change made
outside the services (a repair in the admin) shows within `SUMMARY_TIMEOUT`. Two kinds of
version:

- `RATINGS`: the services that change the people or their ratings call `changed(RATINGS)`,
  which raises its version once their transaction commits.
- `RECORDS`: anything any service writes. Every service records an event (DESIGN.md), so the
  version is the latest event's number: read from the primary key's index, raised by the
  services without a line of their own.

What belongs to one object whose services record every change of it and its parts as events
about it (a covenant: its parties, commitments and signatures) is read through
`cached_for(obj, key, compute)` instead: its version is the object's latest event, so a change
elsewhere in the agency does not throw it away.

A figure is counted by one process at a time. The first reader after a change counts it; the
others who arrive meanwhile wait for its figure (a few sleeps, no database work), rather than
each count it again on the two cores a province's server may have. The leadership's figures,
which take a second at 300,000 people, go further (`previous=True`): those who arrive while it
is counted are shown the figure from before the change at once, so only one reader waits.
"""

import time

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F

from organizations.models import Event, SummaryVersion

# The people in scope by their annual rating (organizations.selectors.rating_summary).
RATINGS = "ratings"

# What any service writes (the agency dashboard's figures): its version is the latest event.
RECORDS = "records"

# How long a cached figure is kept at most, in seconds, whatever happens.
SUMMARY_TIMEOUT = 600

# How long a reader waits for another process's count before counting for itself, in seconds
# (a process that died while counting leaves its mark for as long).
COUNTING_TIMEOUT = 30

# How often a reader waiting for another process's count looks for it, in seconds.
COUNTING_POLL = 0.05


def changed(name: str) -> None:
    """Say that what the summary `name` counts has changed (once the transaction commits).
    RECORDS needs no call: its version is the latest event."""
    transaction.on_commit(lambda: _raise_version(name))


def _raise_version(name: str) -> None:
    if SummaryVersion.objects.filter(name=name).update(version=F("version") + 1):
        return
    try:
        with transaction.atomic():
            SummaryVersion.objects.create(name=name, version=1)
    except IntegrityError:  # created meanwhile by another process
        SummaryVersion.objects.filter(name=name).update(version=F("version") + 1)


def version(name: str) -> int:
    """Return the summary's current version (one read of one row)."""
    if name == RECORDS:
        return Event.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    return SummaryVersion.objects.filter(name=name).values_list("version", flat=True).first() or 0


def cached(name: str, key: str, compute, *, at: int | None = None, previous: bool = False):
    """Return `compute()`, kept in the cache under the summary's current version and `key`
    (what else the figure depends on: the scope, the year, the day). A page showing several
    figures of one summary reads its version once and passes it `at`. With `previous`, a
    reader arriving while another process counts the figure afresh is shown the last figure
    counted, if any, instead of waiting for the new one."""
    current = version(name) if at is None else at
    return _kept(
        f"summary:{name}:{current}:{key}",
        compute,
        previous_key=f"summary:{name}:previous:{key}" if previous else None,
    )


def cached_for(obj, key: str, compute):
    """Return `compute()`, kept in the cache until the next event about `obj` (read from the
    events' target index) and under `key` (what else it depends on: the language, the
    reader's rights)."""
    version = Event.objects.for_target(obj).order_by("-pk").values_list("pk", flat=True).first()
    return _kept(f"object:{obj._meta.label_lower}:{obj.pk}:{version or 0}:{key}", compute)


def _kept(cache_key: str, compute, *, previous_key: str | None = None):
    value = cache.get(cache_key)
    if value is not None:
        return value
    counting = f"{cache_key}:counting"
    counts = cache.add(counting, True, COUNTING_TIMEOUT)
    if not counts:
        # Another process counts it: show its last figure, or wait for the new one.
        value = cache.get(previous_key) if previous_key else None
        if value is None:
            value = _counted_by_another(cache_key, counting)
        if value is not None:
            return value
    try:
        value = compute()
        cache.set(cache_key, value, SUMMARY_TIMEOUT)
        if previous_key:
            cache.set(previous_key, value, SUMMARY_TIMEOUT)
    finally:
        if counts:
            cache.delete(counting)
    return value


def _counted_by_another(cache_key: str, counting: str):
    """Wait for the figure another process counts; None if it stopped without one (it failed,
    or died) or takes longer than COUNTING_TIMEOUT."""
    deadline = time.monotonic() + COUNTING_TIMEOUT
    while time.monotonic() < deadline:
        time.sleep(COUNTING_POLL)
        value = cache.get(cache_key)
        if value is not None or cache.get(counting) is None:
            return value
    return None
