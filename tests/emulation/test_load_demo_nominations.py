"""`manage.py load_demo`, nominations part: the council, the 2020 cycle through to its session,
the 2021 round at every stage, and idempotence."""

import datetime
import re
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from awards import selectors
from awards.models import (
    Ballot,
    BallotParticipation,
    Council,
    CouncilItem,
    CouncilMember,
    CouncilSession,
    Nomination,
    NominationAttachment,
    NominationList,
    Registration,
    RegistrationList,
    SessionMember,
)
from emulation.demo.nominations import (
    COUNCIL_DECISION,
    COUNCIL_NAME,
    JUSTIFICATIONS,
    REGISTRATIONS_2021,
    RETURN_2020_ADDITION,
    RETURN_2020_COMMENT,
    RETURN_2021_COMMENT,
    ROUND_2020,
    ROUND_2021,
    SESSION_PLACE,
)
from organizations.models import Event, Notification

pytestmark = pytest.mark.django_db

S = Nomination.Status


@pytest.fixture
def demo(demo_output, db):
    return demo_output


def load_demo() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def local(moment: datetime.datetime) -> datetime.datetime:
    return timezone.localtime(moment)


def test_the_council_and_its_members(demo):
    council = Council.objects.select_related("agency").get()
    assert council.name == COUNCIL_NAME
    assert council.agency.code == "SKHCN"
    assert council.term_start == datetime.date(2020, 1, 1)
    assert council.term_end is None
    assert council.decision == COUNCIL_DECISION == "Quyết định số 05/QĐ-SKHCN ngày 06/01/2020"
    seats = {
        member.person.user.username: member.role
        for member in council.members.filter(is_active=True).select_related("person__user")
    }
    R = CouncilMember.Role
    assert seats == {
        "lanhdao": R.CHAIR,
        "hoidong1": R.VICE_CHAIR,
        "hoidong2": R.SECRETARY,
        "hoidong3": R.MEMBER,
        "hoidong4": R.MEMBER,
        "hoidong5": R.MEMBER,
    }
    assert council.members.count() == 6
    assert Event.objects.for_target(council).filter(verb="council_member_added").count() == 6


def test_the_2020_session_is_concluded_with_one_dossier_not_passed(demo):
    session = CouncilSession.objects.get()
    assert session.year == 2020
    assert session.status == CouncilSession.Status.CONCLUDED
    assert local(session.starts_at) == datetime.datetime(
        2020, 12, 18, 8, 0, tzinfo=local(session.starts_at).tzinfo
    )
    assert session.place == SESSION_PLACE
    for moment in (session.opened_at, session.closed_at, session.concluded_at):
        assert local(moment).date() == datetime.date(2020, 12, 18)
    # Every 2020 dossier is on the agenda, and each is passed or not by its item's result.
    nominations = Nomination.objects.filter(year=2020)
    items = list(session.items.select_related("nomination__award", "nomination__person"))
    assert {item.nomination_id for item in items} == set(nominations.values_list("pk", flat=True))
    assert len(items) == 29
    results = {(item.nomination.nominee_name, item.nomination.award.code): item for item in items}
    failed = [key for key, item in results.items() if item.outcome != CouncilItem.Outcome.PASSED]
    assert failed == [("Lương Thị Phương", "LDTT")]
    phuong = results[("Lương Thị Phương", "LDTT")]
    assert (phuong.agree, phuong.disagree, phuong.not_returned, phuong.members) == (2, 3, 1, 6)
    assert phuong.outcome == CouncilItem.Outcome.NOT_PASSED
    assert phuong.nomination.status == S.NOT_PASSED
    # Passed, then awarded: by the director's decision, or by the province (decisions.py).
    assert set(nominations.exclude(pk=phuong.nomination_id).values_list("status", flat=True)) == {
        S.DECIDED
    }
    # The provincial title needs 90 % of all six members: it has them all.
    provincial = results[("Chu Đức Thuận", "CSTD_TINH")]
    assert (provincial.agree, provincial.threshold) == (6, 90)
    # The two CSTĐCS stay within the quota: no tie for the chair.
    assert not session.tie_break_reason
    for key in (("Nông Thị Thu Hà", "CSTDCS"), ("Chu Đức Thuận", "CSTDCS")):
        assert results[key].outcome == CouncilItem.Outcome.PASSED
        assert results[key].quota_note
    for item in items:
        assert Ballot.objects.filter(item=item).count() == item.agree + item.disagree


def test_the_absent_member_voted_in_writing(demo):
    session = CouncilSession.objects.get()
    absent = SessionMember.objects.filter(session=session, present=False)
    assert [entry.member.person.user.username for entry in absent] == ["hoidong5"]
    channels = {}
    for row in BallotParticipation.objects.filter(item__session=session).select_related(
        "member__person__user", "item__nomination__person"
    ):
        channels.setdefault(row.member.person.user.username, set()).add(row.channel)
    C = BallotParticipation.Channel
    # hoidong5's paper left Phương's line blank: no ballot returned on that item.
    assert channels.pop("hoidong5") == {C.WRITTEN, C.NONE}
    assert set(channels) == {"lanhdao", "hoidong1", "hoidong2", "hoidong3", "hoidong4"}
    assert all(found == {C.ONLINE} for found in channels.values())
    blank = BallotParticipation.objects.get(item__session=session, channel=C.NONE)
    assert blank.item.nomination.person.full_name == "Lương Thị Phương"
    entered = Event.objects.for_target(session).get(verb="council_written_ballot_entered")
    assert entered.actor.username == "tdkt"
    closed = Event.objects.for_target(session).get(verb="council_session_closed")
    assert closed.actor.username == "hoidong2"


def test_the_2020_round_holds_every_kind_of_dossier(demo):
    nominations = Nomination.objects.filter(year=2020).select_related("award")
    codes = [nomination.award.code for nomination in nominations]
    assert codes.count("LDTT") >= 5
    for code in ("CSTDCS", "CSTD_TINH", "TTLDTT", "TTLDXS", "GIAY_KHEN", "GIAY_KHEN_TT"):
        assert code in codes, code
    one_off = nominations.get(kind=Nomination.Kind.ONE_OFF)
    assert (one_off.person.full_name, one_off.award.code) == ("Đặng Văn Cường", "GIAY_KHEN")
    assert "THÀNH TÍCH ĐỘT XUẤT" in one_off.achievement_report
    assert one_off.attachments.get().kind == NominationAttachment.Kind.PROOF
    # Each dossier was complete when sent: report, signed copy, the initiatives it rests on.
    for nomination in nominations:
        assert nomination.achievement_report.strip() and nomination.signed_report
        assert nomination.signed_report.read(5) == b"%PDF-"
        nomination.signed_report.close()
    thuan = {n.award.code: n for n in nominations.filter(person__full_name="Chu Đức Thuận")}
    assert [i.decision_number for i in thuan["CSTD_TINH"].initiatives.all()] == ["1520/QĐ-UBND"]
    assert thuan["CSTDCS"].initiatives.exists()
    # The lists were sent by the heads; the officer reviewed every dossier.
    lists = NominationList.objects.filter(year=2020)
    assert set(lists.values_list("unit__code", flat=True)) == {"TT", "QLKH", "VP", "QLDL", "QLCN"}
    assert set(lists.values_list("status", flat=True)) == {NominationList.Status.SUBMITTED}
    for nomination_list in lists:
        planned = ROUND_2020[nomination_list.unit.code]
        assert local(nomination_list.created_at) == planned.drafted
        assert local(nomination_list.submitted_at) == planned.submitted
    assert set(nominations.values_list("reviewed_by__username", flat=True)) == {"tdkt"}


def test_a_returned_dossier_was_fixed_and_sent_again(demo):
    oanh = Nomination.objects.get(
        year=2020, person__full_name="Hà Thị Kim Oanh", award__code="LDTT"
    )
    verbs = list(
        Event.objects.for_target(oanh).order_by("created_at", "id").values_list("verb", flat=True)
    )
    assert verbs == [
        "nomination_report_signed",
        "nomination_submitted",
        "nomination_returned",
        "nomination_edited",
        "nomination_report_signed",
        "nomination_submitted",
        "nomination_accepted",
        "nomination_placed_before_council",
        "nomination_passed",
        "nomination_decided",
    ]
    returned = Event.objects.for_target(oanh).get(verb="nomination_returned")
    assert returned.data["comment"] == RETURN_2020_COMMENT
    assert returned.actor.username == "tdkt"
    assert local(returned.created_at).date() == datetime.date(2020, 12, 8)
    assert RETURN_2020_ADDITION in oanh.achievement_report
    assert local(oanh.submitted_at).date() == datetime.date(2020, 12, 9)
    head = User.objects.get(username="truongphong")
    assert Notification.objects.filter(recipient=head, body=RETURN_2020_COMMENT).exists()


def test_the_overridden_dossier_carries_its_justification(demo):
    phuong = Nomination.objects.get(year=2020, verdict=Nomination.Verdict.FAIL)
    assert (phuong.person.full_name, phuong.award.code) == ("Lương Thị Phương", "LDTT")
    assert phuong.is_overridden
    assert phuong.justification == JUSTIFICATIONS[("Lương Thị Phương", 2020, "LDTT")]
    failing = [c["code"] for c in phuong.verdict_snapshot["checks"] if c["status"] == "fail"]
    assert failing == ["no_pending_review"]
    # The others pass, or wait on the vote (CSTĐ cấp tỉnh): no justification needed.
    assert set(Nomination.objects.filter(year=2020).values_list("verdict", flat=True)) == {
        "pass",
        "fail",
        "unknown",
    }
    others = Nomination.objects.filter(year=2020).exclude(pk=phuong.pk)
    assert set(others.values_list("justification", flat=True)) == {""}


def test_the_2020_cycle_happens_in_december_2020(demo):
    december = (datetime.date(2020, 11, 30), datetime.date(2020, 12, 18))
    nominations = Nomination.objects.filter(year=2020)
    for nomination in nominations:
        for moment in (nomination.created_at, nomination.submitted_at, nomination.reviewed_at):
            assert december[0] <= local(moment).date() <= december[1], nomination
        at = datetime.datetime.fromisoformat(nomination.verdict_snapshot["at"])
        assert at == nomination.submitted_at
    events = Event.objects.for_targets(Nomination, nominations.values_list("pk", flat=True))
    assert events.count() > 100
    # Until the council's vote; the province decided its titles in 2021 (decisions.py).
    up_to_the_vote = events.exclude(verb__in=["nomination_decided", "nomination_sent_up"])
    assert not up_to_the_vote.filter(created_at__year__gt=2020).exists()
    assert set(
        events.filter(created_at__year__gt=2020).values_list("data__decision", flat=True)
    ) == {"312/QĐ-UBND"}
    council = Council.objects.get()
    created = Event.objects.for_target(council).get(verb="council_created")
    assert local(created.created_at).date() == datetime.date(2020, 1, 7)
    # Nothing the nominations part wrote is dated after the story.
    for prefix in ("nomination", "council"):
        later = Event.objects.filter(verb__startswith=prefix, created_at__year__gt=2021)
        assert not later.exists(), prefix


def test_the_2021_round_is_at_every_stage(demo):
    lists = dict(NominationList.objects.filter(year=2021).values_list("unit__code", "status"))
    assert lists == {"TT": "submitted", "VP": "submitted", "KHTC": "draft"}
    for nomination_list in NominationList.objects.filter(year=2021):
        planned = ROUND_2021[nomination_list.unit.code]
        assert local(nomination_list.created_at) == planned.drafted
        submitted = nomination_list.submitted_at
        assert (local(submitted) if submitted else None) == planned.submitted

    def stages(code):
        return sorted(
            Nomination.objects.filter(year=2021, nomination_list__unit__code=code).values_list(
                "status", flat=True
            )
        )

    assert set(stages("KHTC")) == {S.DRAFT}
    assert set(stages("VP")) == {S.SUBMITTED}
    assert stages("TT").count(S.RETURNED) == 1
    assert set(stages("TT")) == {S.ACCEPTED, S.RETURNED}
    returned = Nomination.objects.get(year=2021, status=S.RETURNED)
    assert returned.person.full_name == "Bùi Quang Huy"
    assert returned.review_comment == RETURN_2021_COMMENT
    # The accepted dossiers wait for a council session: none has been called for 2021.
    assert not CouncilSession.objects.filter(year=2021).exists()
    assert not CouncilItem.objects.filter(nomination__year=2021).exists()
    for nomination in Nomination.objects.filter(year=2021):
        assert local(nomination.created_at).date() >= datetime.date(2021, 12, 1)
        assert local(nomination.created_at).date() <= datetime.date(2021, 12, 7)
        if nomination.status != S.DRAFT:
            assert nomination.signed_report
        if nomination.verdict == Nomination.Verdict.FAIL:
            assert nomination.justification


def test_qlkh_has_its_2021_registrations_but_no_nominations(demo):
    registrations = RegistrationList.objects.filter(year=2021)
    assert dict(registrations.values_list("unit__code", "status")) == {
        "QLKH": "approved",
        "VP": "approved",
        "TT": "approved",
        "KHTC": "approved",
    }
    for registration_list in registrations:
        code = registration_list.unit.code
        assert local(registration_list.created_at).date() == datetime.date(2021, 1, 5)
        assert local(registration_list.submitted_at).date() == REGISTRATIONS_2021[code][1]
        assert local(registration_list.reviewed_at).date() == datetime.date(2021, 1, 14)
        assert registration_list.campaign.start_date.year == 2021
    qlkh = registrations.get(unit__code="QLKH")
    entries = Registration.objects.filter(registration_list=qlkh)
    assert entries.filter(award__code="LDTT").count() >= 3
    assert [r.person.user.username for r in entries.filter(award__code="CSTDCS")] == ["canbo"]
    assert entries.filter(award__code="TTLDTT", unit__code="QLKH").count() == 1
    assert all(local(r.created_at).month == 1 for r in entries)
    assert not NominationList.objects.filter(unit__code="QLKH", year=2021).exists()
    # The unit's nomination page offers every registration to tick, under the default campaign.
    head = User.objects.get(username="truongphong")
    campaign = selectors.default_campaign(head, 2021)
    assert campaign == qlkh.campaign
    offered = selectors.registrations_to_nominate(qlkh.unit, 2021, campaign)
    assert offered.count() == entries.count()


def test_the_demo_logins_see_the_nominations_and_the_session(demo, client):
    client.cookies["portal_language"] = "en"
    client.force_login(User.objects.get(username="truongphong"))
    page = client.get(reverse("awards:nomination_unit", args=["QLKH"]), {"year": 2021})
    assert page.status_code == 200
    assert page.context["nomination_list"] is None
    assert len(page.context["registrations"]) >= 5
    client.force_login(User.objects.get(username="lanhdao"))
    session = CouncilSession.objects.get()
    assert client.get(reverse("awards:council_session", args=[session.pk])).status_code == 200


def row_counts():
    models = (
        Council,
        CouncilMember,
        CouncilSession,
        SessionMember,
        CouncilItem,
        Ballot,
        BallotParticipation,
        NominationList,
        Nomination,
        NominationAttachment,
        RegistrationList,
        Registration,
        Event,
        Notification,
    )
    return (
        {model.__name__: model.objects.count() for model in models},
        sorted(Nomination.objects.values_list("code", "status", "submitted_at", "reviewed_at")),
    )


def test_running_it_twice_changes_nothing(demo):
    before = row_counts()
    output = load_demo()
    assert row_counts() == before
    for label in (
        "Council members",
        "Council sessions",
        "Nominations 2020",
        "Nominations 2021",
        "Registration lists 2021",
        "Registrations 2021",
    ):
        assert re.search(rf"^  {label}\s+\d+  \(0 new\)$", output, re.M), label
