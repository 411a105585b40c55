"""The council through its services: a session prepared, the secret ballot, the written votes of
absent members, the count over the total membership against the rule set, the quota's tie
decided by the chair; every refusal leaves the database as it was (issue 9, items 5 and 6)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from awards.models import (
    AwardRecord,
    Ballot,
    BallotParticipation,
    CouncilItem,
    CouncilMember,
    Nomination,
)
from awards.services import council as services
from organizations import roles
from organizations.models import Event, Notification
from tests.factories import AwardRecordFactory, PersonFactory, UserFactory, accepted

pytestmark = pytest.mark.usefixtures("english")

YEAR = 2020


def seat(council, actor, person, role=CouncilMember.Role.MEMBER):
    return services.council_member_add(actor=actor, council=council, person=person, role=role)


@pytest.fixture
def council(org, leader):
    """Six members: lena chairs, bob is the secretary, carol, dave and two more sit."""
    alice = org.alice.user
    council = services.council_create(
        actor=alice,
        agency=org.agency,
        name="Hội đồng Thi đua - Khen thưởng Sở",
        term_start=datetime.date(2020, 1, 1),
    )
    seat(council, alice, leader.person, CouncilMember.Role.CHAIR)
    seat(council, alice, org.bob.person, CouncilMember.Role.SECRETARY)
    seat(council, alice, org.carol.person)
    seat(council, alice, org.dave.person)
    for name in ("erin", "frank"):
        user = UserFactory(username=name, roles=[roles.COUNCIL_MEMBER, roles.STAFF])
        seat(council, alice, PersonFactory(code=name.upper(), unit=org.office, user=user))
    return council


def member_users(council):
    return {
        member.person.user.username: member.person.user
        for member in council.members.select_related("person__user")
    }


@pytest.fixture
def session(org, council):
    return services.session_create(
        actor=org.alice.user,
        council=council,
        year=YEAR,
        starts_at=timezone.make_aware(datetime.datetime(2020, 12, 18, 8, 0)),
        place="Phòng họp tầng 2",
    )


@pytest.fixture
def agenda(org, session):
    """Two dossiers: a provincial emulation fighter (90 %) and an advanced worker (majority)."""
    cstd = accepted(PersonFactory(unit=org.technical, full_name="Đinh Văn Giang"), "CSTD_TINH")
    ldtt = accepted(PersonFactory(unit=org.technical, full_name="Vũ Thị Hoa"), "LDTT")
    services.session_items_add(actor=org.alice.user, session=session, nominations=[cstd, ldtt])
    return session


def choices(session, *marks):
    items = list(session.items.order_by("position"))
    return {item.pk: mark for item, mark in zip(items, marks, strict=True)}


def opened(org, session, absent=("frank",)):
    present = [m for m in session.council.members.all() if m.person.code.lower() not in absent]
    services.session_attendance(actor=org.alice.user, session=session, present_members=present)
    return services.session_open(actor=org.alice.user, session=session)


def snapshot():
    return (
        Ballot.objects.count(),
        BallotParticipation.objects.count(),
        Event.objects.count(),
        list(Nomination.objects.order_by("pk").values_list("status", flat=True)),
        list(CouncilItem.objects.order_by("pk").values_list("outcome", "agree")),
    )


def test_a_session_places_accepted_dossiers_by_award_and_calls_the_whole_council(org, agenda):
    items = list(agenda.items.select_related("nomination__award").order_by("position"))
    # Titles by rank: the advanced worker (rank 1) before the provincial fighter.
    assert [item.nomination.award.code for item in items] == ["LDTT", "CSTD_TINH"]
    assert all(item.nomination.state.in_council for item in items)
    assert agenda.roll.count() == 6
    assert Event.objects.filter(verb="nomination_placed_before_council").count() == 2


def test_only_accepted_dossiers_of_the_year_go_on_the_agenda(org, session):
    submitted = accepted(PersonFactory(unit=org.technical), "LDTT")
    Nomination.objects.filter(pk=submitted.pk).update(status=Nomination.Status.SUBMITTED)
    before = snapshot()
    with pytest.raises(ValidationError, match="Only accepted dossiers of 2020"):
        services.session_items_add(actor=org.alice.user, session=session, nominations=[submitted])
    assert snapshot() == before


def test_the_vote_does_not_open_without_an_agenda(org, session):
    with pytest.raises(ValidationError, match="Place at least one dossier"):
        services.session_open(actor=org.alice.user, session=session)
    session.refresh_from_db()
    assert session.state.preparing


def test_a_staff_member_cannot_prepare_a_session(org, session):
    nomination = accepted(PersonFactory(unit=org.technical), "LDTT")
    with pytest.raises(PermissionDenied):
        services.session_items_add(actor=org.carol.user, session=session, nominations=[nomination])


def test_the_secretary_member_keeps_the_session_too(org, session):
    nomination = accepted(PersonFactory(unit=org.technical), "LDTT")
    services.session_items_add(actor=org.bob.user, session=session, nominations=[nomination])
    assert session.items.count() == 1


def vote_all(session, marks_by_user):
    users = member_users(session.council)
    for username, marks in marks_by_user.items():
        services.ballot_cast(
            actor=users[username], session=session, choices=choices(session, *marks)
        )


def test_the_count_is_over_the_total_membership_with_the_rule_of_the_year(org, agenda):
    session = opened(org, agenda)
    # Five present agree on both; frank, absent, disagrees on the fighter by a written vote.
    vote_all(session, {name: ("agree", "agree") for name in ("lena", "bob", "carol", "dave")})
    vote_all(session, {"erin": ("agree", "agree")})
    frank = session.council.members.get(person__code="FRANK")
    services.written_ballot_enter(
        actor=org.bob.user,
        session=session,
        member=frank,
        choices=choices(session, "agree", "disagree"),
    )
    session = services.session_close(actor=org.bob.user, session=session)
    assert session.state.concluded
    ldtt, cstd = session.items.select_related("nomination").order_by("position")
    # 6 of 6 for the advanced worker: more than half.
    assert (ldtt.agree, ldtt.disagree, ldtt.members) == (6, 0, 6)
    assert ldtt.outcome == CouncilItem.Outcome.PASSED
    assert ldtt.rule_key == "council.majority_percent"
    # 5 of 6 = 83.3 % for the provincial fighter: below 90 % of all members.
    assert (cstd.agree, cstd.disagree) == (5, 1)
    assert cstd.outcome == CouncilItem.Outcome.NOT_PASSED
    assert cstd.threshold == 90
    assert cstd.citation == "Khoản 8 Điều 45, Nghị định 91/2017/NĐ-CP"
    assert ldtt.nomination.state.passed and cstd.nomination.state.not_passed
    written = BallotParticipation.objects.filter(channel=BallotParticipation.Channel.WRITTEN)
    assert written.count() == 2


def test_a_member_votes_once_and_only_while_the_vote_is_open(org, agenda):
    users = member_users(agenda.council)
    with pytest.raises(ValidationError, match="not opened yet"):
        services.ballot_cast(
            actor=users["carol"], session=agenda, choices=choices(agenda, "agree", "agree")
        )
    session = opened(org, agenda)
    vote_all(session, {"carol": ("agree", "disagree")})
    before = snapshot()
    with pytest.raises(ValidationError, match="already voted"):
        vote_all(session, {"carol": ("agree", "agree")})
    assert snapshot() == before


def test_a_non_member_cannot_vote(org, agenda):
    session = opened(org, agenda)
    before = snapshot()
    with pytest.raises(PermissionDenied):
        services.ballot_cast(
            actor=org.alice.user, session=session, choices=choices(session, "agree", "agree")
        )
    assert snapshot() == before


def test_a_ballot_must_mark_every_item_of_the_session_and_nothing_else(org, agenda, session):
    session = opened(org, agenda)
    carol = member_users(session.council)["carol"]
    other = accepted(PersonFactory(unit=org.technical), "LDTT")
    before = snapshot()
    first = session.items.order_by("position").first()
    with pytest.raises(ValidationError, match="item 2 is not marked"):
        services.ballot_cast(actor=carol, session=session, choices={first.pk: "agree"})
    with pytest.raises(ValidationError, match="not on this session"):
        services.ballot_cast(
            actor=carol,
            session=session,
            choices=choices(session, "agree", "agree") | {other.pk + 10_000: "agree"},
        )
    with pytest.raises(ValidationError, match="neither agree nor disagree"):
        services.ballot_cast(actor=carol, session=session, choices=choices(session, "yes", "no"))
    assert snapshot() == before


def test_an_absent_member_does_not_vote_online_and_a_present_one_has_no_written_vote(org, agenda):
    session = opened(org, agenda)
    users = member_users(session.council)
    before = snapshot()
    with pytest.raises(ValidationError, match="recorded absent"):
        vote_all(session, {"frank": ("agree", "agree")})
    carol = session.council.members.get(person=org.carol.person)
    with pytest.raises(ValidationError, match="attends the session"):
        services.written_ballot_enter(
            actor=org.alice.user,
            session=session,
            member=carol,
            choices=choices(session, "agree", "agree"),
        )
    frank = session.council.members.get(person__code="FRANK")
    services.written_ballot_enter(
        actor=org.alice.user,
        session=session,
        member=frank,
        choices=choices(session, "none", "none"),
    )
    middle = snapshot()
    with pytest.raises(ValidationError, match="already voted"):
        services.written_ballot_enter(
            actor=org.alice.user,
            session=session,
            member=frank,
            choices=choices(session, "agree", "agree"),
        )
    assert snapshot() == middle != before
    # A written vote is entered by the officer or the secretary, never by a member.
    with pytest.raises(PermissionDenied):
        services.written_ballot_enter(
            actor=users["carol"],
            session=session,
            member=frank,
            choices=choices(session, "agree", "agree"),
        )


def test_the_vote_closes_only_when_every_member_is_accounted_for(org, agenda):
    session = opened(org, agenda)
    vote_all(session, {name: ("agree", "agree") for name in ("lena", "bob", "carol")})
    before = snapshot()
    with pytest.raises(
        ValidationError, match="Not every member is accounted for: .*Hoàng Văn Dave"
    ):
        services.session_close(actor=org.alice.user, session=session)
    assert snapshot() == before
    session.refresh_from_db()
    assert session.state.voting


def test_nothing_is_voted_after_the_vote_is_closed(org, agenda):
    session = opened(org, agenda, absent=())
    vote_all(session, {m: ("agree", "agree") for m in ("lena", "bob", "carol", "dave", "erin")})
    vote_all(session, {"frank": ("disagree", "disagree")})
    services.session_close(actor=org.alice.user, session=session)
    before = snapshot()
    with pytest.raises(ValidationError, match="vote is closed"):
        vote_all(session, {"carol": ("agree", "agree")})
    with pytest.raises(ValidationError, match="already closed"):
        services.session_close(actor=org.alice.user, session=session)
    assert snapshot() == before


def test_a_quorum_rule_keeps_the_vote_closed_when_too_few_attend(org, council):
    """Nghị định 98/2023 (2024): at least two thirds of the members attend."""
    session = services.session_create(
        actor=org.alice.user,
        council=council,
        year=2024,
        starts_at=timezone.now(),
        place="Phòng họp",
    )
    nomination = accepted(PersonFactory(unit=org.technical), "LDTT", year=2024)
    services.session_items_add(actor=org.alice.user, session=session, nominations=[nomination])
    three = list(council.members.all()[:3])
    services.session_attendance(actor=org.alice.user, session=session, present_members=three)
    with pytest.raises(ValidationError, match="3 of 6 members attend: below the quorum"):
        services.session_open(actor=org.alice.user, session=session)


@pytest.fixture
def quota(org, council, session):
    """Seven advanced workers in 2020 at the agency: 15 % lets one CSTĐCS pass (Nghị định
    91/2017 Khoản 3 Điều 9); three nominees."""
    for _ in range(7):
        AwardRecordFactory(person=PersonFactory(unit=org.technical), year=YEAR, award__code="LDTT")
    nominees = [PersonFactory(unit=org.technical, full_name=name) for name in ("An", "Bình", "Chi")]
    dossiers = [accepted(person, "CSTDCS") for person in nominees]
    services.session_items_add(actor=org.alice.user, session=session, nominations=dossiers)
    return session


def test_a_tie_at_the_quota_waits_for_the_chair_who_decides_with_a_reason(org, quota):
    session = opened(org, quota, absent=())
    # An and Bình get 6 agree each, Chi 5: all pass the majority, one place only.
    vote_all(session, {m: ("agree",) * 3 for m in ("lena", "bob", "carol", "dave", "erin")})
    vote_all(session, {"frank": ("agree", "agree", "disagree")})
    session = services.session_close(actor=org.alice.user, session=session)
    assert session.state.counted
    outcomes = {
        item.nomination.person.full_name: item.outcome
        for item in session.items.select_related("nomination__person")
    }
    assert outcomes == {"An": "tie", "Bình": "tie", "Chi": "not_passed"}
    assert Notification.objects.filter(recipient__username="lena", title__contains="tie").exists()
    tied = list(session.items.filter(outcome="tie").order_by("position"))
    with pytest.raises(PermissionDenied):
        services.tie_break(actor=org.alice.user, session=session, chosen=tied[:1], reason="x")
    with pytest.raises(ValidationError, match="choose exactly 1 nominee"):
        services.tie_break(
            actor=member_users(session.council)["lena"],
            session=session,
            chosen=tied,
            reason="Both strong",
        )
    session = services.tie_break(
        actor=member_users(session.council)["lena"],
        session=session,
        chosen=tied[:1],
        reason="Sáng kiến được áp dụng rộng hơn",
    )
    assert session.state.concluded
    assert session.tie_break_reason == "Sáng kiến được áp dụng rộng hơn"
    statuses = dict(
        Nomination.objects.filter(award__code="CSTDCS").values_list("person__full_name", "status")
    )
    assert statuses == {"An": "passed", "Bình": "not_passed", "Chi": "not_passed"}


def test_ballots_cannot_be_joined_to_their_voters(org, agenda):
    """No column, ordering or time stamp pairs a ballot with the participation of its voter."""
    ballot_fields = {field.name for field in Ballot._meta.get_fields()}
    participation_fields = {field.name for field in BallotParticipation._meta.get_fields()}
    assert ballot_fields == {"id", "item", "choice"}
    assert participation_fields == {"id", "item", "member", "channel"}
    for model in (Ballot, BallotParticipation):
        assert model._meta.pk.get_internal_type() == "UUIDField"
        assert not model._meta.ordering
        assert not any(
            field.get_internal_type() in {"DateTimeField", "DateField", "AutoField"}
            for field in model._meta.concrete_fields
        )
    session = opened(org, agenda, absent=())
    vote_all(session, {"carol": ("agree", "disagree"), "dave": ("disagree", "agree")})
    # The events say who voted, never what.
    for event in Event.objects.filter(verb="council_ballot_cast"):
        assert "agree" not in event.summary and "agree" not in str(event.data)
    # The keys are random: a ballot's key says nothing of when it was written.
    keys = list(Ballot.objects.values_list("id", flat=True))
    assert len({key.version for key in keys}) == 1 and keys[0].version == 4
    assert AwardRecord.objects.count() == 0
