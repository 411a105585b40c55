"""The council's writes at the same moment: a member's ballot sent twice from two tabs counts
once; the secretary closing the vote while a member casts a ballot either counts it or refuses
it, never half of it. PostgreSQL only, as CI runs it (the session row is locked)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from awards.models import Ballot, BallotParticipation, CouncilMember, CouncilSession
from awards.services import council
from organizations.models import Event
from tests.concurrency import (
    POSTGRESQL_ONLY,
    at_the_same_moment,
    meeting_point,
    recreate_reference_data,
)
from tests.factories import PersonFactory, accepted

pytestmark = POSTGRESQL_ONLY


@pytest.fixture(autouse=True)
def reference_data(transactional_db):
    recreate_reference_data()


@pytest.fixture
def session(org, leader):
    alice = org.alice.user
    body = council.council_create(
        actor=alice, agency=org.agency, name="Hội đồng", term_start=datetime.date(2020, 1, 1)
    )
    for person, role in [
        (leader.person, CouncilMember.Role.CHAIR),
        (org.bob.person, CouncilMember.Role.SECRETARY),
    ]:
        council.council_member_add(actor=alice, council=body, person=person, role=role)
    session = council.session_create(
        actor=alice, council=body, year=2020, starts_at=timezone.now(), place="Phòng họp"
    )
    dossiers = [accepted(PersonFactory(unit=org.technical), "LDTT") for _ in range(2)]
    council.session_items_add(actor=alice, session=session, nominations=dossiers)
    council.session_open(actor=alice, session=session)
    return session


def paper(session, choice="agree"):
    return {item.pk: choice for item in session.items.all()}


def test_a_ballot_sent_twice_at_once_counts_once(session, leader, monkeypatch):
    workers = meeting_point(monkeypatch, council, "council_ballot_cast")
    results = at_the_same_moment(
        lambda: council.ballot_cast(actor=leader.user, session=session, choices=paper(session)),
        lambda: council.ballot_cast(
            actor=leader.user, session=session, choices=paper(session, "disagree")
        ),
        workers=workers,
    )
    refused = [r for r in results if isinstance(r, ValidationError)]
    assert len(refused) == 1, results
    assert "has already voted" in refused[0].messages[0]
    assert BallotParticipation.objects.count() == 2 and Ballot.objects.count() == 2
    assert Ballot.objects.values("choice").distinct().count() == 1
    assert Event.objects.filter(verb="council_ballot_cast").count() == 1


def test_closing_while_a_member_votes_counts_the_ballot_or_refuses_it(
    org, session, leader, monkeypatch
):
    council.ballot_cast(actor=org.bob.user, session=session, choices=paper(session))
    workers = meeting_point(monkeypatch, council, "council_ballot_cast", "council_session_closed")
    results = at_the_same_moment(
        lambda: council.ballot_cast(actor=leader.user, session=session, choices=paper(session)),
        lambda: council.session_close(actor=org.alice.user, session=session),
        workers=workers,
    )
    closed = CouncilSession.objects.get(pk=session.pk)
    if closed.closed_at is not None:
        # The vote went in first: the count holds both members' ballots.
        assert not any(isinstance(r, Exception) for r in results), results
        assert list(closed.items.values_list("agree", flat=True)) == [2, 2]
    else:
        # The close came first and found the chair unaccounted for: nothing was counted.
        refused = [r for r in results if isinstance(r, ValidationError)]
        assert len(refused) == 1 and "Not every member" in refused[0].messages[0]
        assert Ballot.objects.count() == 4
