"""Helpers for the PostgreSQL-only tests of two users acting at the same moment.

SQLite has no row locks and serialises whole writes, so these tests skip there; CI runs them.
"""

import threading

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.utils import translation

from organizations import roles

POSTGRESQL_ONLY = [
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs PostgreSQL's row locks (CI runs it)"
    ),
    pytest.mark.django_db(transaction=True),
]


def postgresql_only(test):
    """Mark one test of a module that runs on both databases as POSTGRESQL_ONLY."""
    for mark in POSTGRESQL_ONLY:
        test = mark(test)
    return test


def recreate_role_groups():
    """Recreate the role groups: an earlier transactional test flushes the migration's rows."""
    for name in roles.ROLES:
        Group.objects.get_or_create(name=name)


def recreate_reference_data():
    """Recreate what the data migrations wrote and a transactional test flushes: the role
    groups, the catalogue of awards, the rule sets and the fixed public holidays (as the demo
    loader does)."""
    from awards.models import Award, PublicHoliday, Rule, RuleSet
    from emulation.demo.awards import ensure_reference_data

    recreate_role_groups()
    ensure_reference_data()
    # The migrations write no history of the rule sets (they use historical models); recreated
    # through the models, they would carry an "added today" the next tests do not expect.
    RuleSet.history.all().delete()
    Rule.history.all().delete()
    Award.history.all().delete()
    PublicHoliday.history.all().delete()


def meeting_point(monkeypatch, module, *verbs):
    """Hold each worker thread where the event of one of the verbs is recorded — its write
    done, not yet committed — until the other worker gets there too, or a second passed.

    Events are recorded by `organizations.events.event_record`, called by the services of
    `module` directly or through a declared workflow (organizations.workflow.perform); both
    paths are held. Without the row lock the service takes, both threads would meet here and
    each miss the other's write; with it, the second waits for the lock and the first goes on
    alone. Returns the set the test passes to `at_the_same_moment` as `workers`.
    """
    from organizations import events

    meeting = threading.Barrier(2)
    record = events.event_record
    workers = set()

    def record_once_met(**kwargs):
        if kwargs.get("verb") in verbs and threading.current_thread() in workers:
            try:
                meeting.wait(timeout=1)
            except threading.BrokenBarrierError:
                pass  # the other thread is waiting for the lock
        return record(**kwargs)

    monkeypatch.setattr(events, "event_record", record_once_met)
    for candidate in {module, *_service_modules(module)}:
        if getattr(candidate, "event_record", None) is record:
            monkeypatch.setattr(candidate, "event_record", record_once_met)
    return workers


def _service_modules(package):
    """Return the modules of a services package (itself for a plain module)."""
    import pkgutil
    import sys

    if not hasattr(package, "__path__"):
        return [package]
    return [
        sys.modules[f"{package.__name__}.{info.name}"]
        for info in pkgutil.iter_modules(package.__path__)
        if f"{package.__name__}.{info.name}" in sys.modules
    ]


def at_the_same_moment(*calls, workers=None):
    """Run each call in its own thread, released together; return each result or exception."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait(timeout=10)
            # A new thread speaks the default language; the messages asserted are English.
            with translation.override("en"):
                results[index] = call()
        except Exception as exc:  # the test inspects what each thread got
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    if workers is not None:
        workers.update(threads)
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads)
    return results
