"""Two representatives sign at the same moment: both signatures are kept, in force exactly once.

Runs on PostgreSQL only (CI's database): SQLite has no row locks and serialises whole writes.
"""

import threading

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import translation

from campaigns import services
from campaigns.models import Covenant, Party, Signature
from organizations import roles
from organizations.models import Event

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs PostgreSQL's row locks (CI runs it)"
    ),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture(autouse=True)
def role_groups(transactional_db):
    """Recreate the role groups: an earlier transactional test flushes the migration's rows."""
    for name in roles.ROLES:
        Group.objects.get_or_create(name=name)


@pytest.fixture
def signatures_meet(monkeypatch):
    """Hold each thread's signature, just inserted and not yet committed, until the other
    thread's is inserted too (or a second has passed).

    Without the covenant's row lock both threads would meet here, then each miss the other's
    signature; with it, the second thread waits for the lock, so the first goes on alone.
    """
    meeting = threading.Barrier(2)
    record = services.event_record

    def record_once_met(**kwargs):
        if kwargs.get("verb") == "covenant_signed" and threading.current_thread() in workers:
            try:
                meeting.wait(timeout=1)
            except threading.BrokenBarrierError:
                pass  # the other thread is waiting for the lock
        return record(**kwargs)

    workers = set()
    monkeypatch.setattr(services, "event_record", record_once_met)
    return workers


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


def test_two_last_signatures_at_once_put_the_covenant_in_force_exactly_once(
    covenant, leader, org, signatures_meet
):
    parties = {party.unit.code: party for party in covenant.parties.select_related("unit")}
    services.covenant_sign(actor=leader.user, party=parties["BLD"])

    results = at_the_same_moment(
        lambda: services.covenant_sign(actor=org.dave.user, party=parties["CD"]),
        lambda: services.covenant_sign(actor=org.carol.user, party=parties["KT"]),
        workers=signatures_meet,
    )

    assert all(isinstance(result, Signature) for result in results), results
    assert Signature.objects.filter(party__covenant=covenant).count() == 3
    covenant.refresh_from_db()
    assert covenant.status == Covenant.Status.IN_FORCE
    assert covenant.in_force_at is not None
    assert Event.objects.filter(verb="covenant_in_force").count() == 1
    assert Event.objects.filter(verb="covenant_signed").count() == 3


def test_two_signatures_for_the_same_party_at_once_keep_one(covenant, leader, signatures_meet):
    board = Party.objects.get(covenant=covenant, unit=leader.unit)

    results = at_the_same_moment(
        lambda: services.covenant_sign(actor=leader.user, party=board),
        lambda: services.covenant_sign(actor=leader.user, party=board),
        workers=signatures_meet,
    )

    signed = [result for result in results if isinstance(result, Signature)]
    refused = [result for result in results if isinstance(result, ValidationError)]
    assert len(signed) == 1 and len(refused) == 1, results
    assert refused[0].messages == ["Ban lãnh đạo Sở has already signed."]
    assert Signature.objects.filter(party=board).count() == 1
    assert Event.objects.filter(verb="covenant_signed").count() == 1
    covenant.refresh_from_db()
    assert covenant.status == Covenant.Status.OPEN
