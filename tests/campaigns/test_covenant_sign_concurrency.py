"""Two representatives sign at the same moment: both signatures are kept, in force exactly once.

Runs on PostgreSQL only (CI's database): SQLite has no row locks and serialises whole writes.
"""

import pytest
from django.core.exceptions import ValidationError

from campaigns import services
from campaigns.models import Covenant, Party, Signature
from organizations.models import Event
from tests.concurrency import (
    POSTGRESQL_ONLY,
    at_the_same_moment,
    meeting_point,
    recreate_role_groups,
)

pytestmark = POSTGRESQL_ONLY


@pytest.fixture(autouse=True)
def role_groups(transactional_db):
    recreate_role_groups()


@pytest.fixture
def signatures_meet(monkeypatch):
    """Meet where each signature is inserted and not yet committed (see `meeting_point`)."""
    return meeting_point(monkeypatch, services, "covenant_signed")


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
