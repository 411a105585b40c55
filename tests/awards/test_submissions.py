"""Submissions to the province (tờ trình đề nghị khen thưởng), the services (issue 10, item 3):
the posted, passed dossiers above the agency's authority go to the province in one submission,
numbered when first sent, followed until the province's decision writes the history. Every
refusal leaves the database as it was."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from awards.eligibility.engine import evaluate
from awards.eligibility.verdict import FAIL, PASS
from awards.models import (
    AwardRecord,
    DocumentSequence,
    Nomination,
    Posting,
    Submission,
)
from awards.services import posting as posting_services
from awards.services import submissions as services
from organizations.models import Event, Notification, Unit
from tests.factories import (
    AwardRecordFactory,
    PersonFactory,
    UserFactory,
    council_counted,
    passed,
)

pytestmark = pytest.mark.usefixtures("english")

TODAY = timezone.localdate
DAY = datetime.timedelta(days=1)


@pytest.fixture
def signer(leader):
    """lena signs as the director."""
    leader.person.position = "Giám đốc Sở"
    leader.person.save(update_fields=["position"])
    return leader


@pytest.fixture
def nominees(org):
    """Three dossiers above the agency's authority and one within it, passed by the council."""
    hoa = PersonFactory(unit=org.technical, full_name="Vũ Thị Hoa")
    giang = PersonFactory(unit=org.technical, full_name="Đinh Văn Giang")
    an = PersonFactory(unit=org.office, full_name="Nguyễn Văn An")
    item = council_counted(hoa, "BANG_KHEN_TINH", 2020, agree=6)
    return {
        "hoa": item.nomination,
        "giang": passed(giang, "CSTD_TINH"),
        "collective": passed(org.technical, "TTLDXS"),
        "an": passed(an, "LDTT"),  # the head of the agency decides it: not for the province
    }


@pytest.fixture
def posting(org, nominees):
    posting = posting_services.posting_create(actor=org.alice.user, agency=org.agency, year=2020)
    return posting_services.posting_publish(actor=org.alice.user, posting=posting)


def end_window(posting):
    Posting.objects.filter(pk=posting.pk).update(closes_on=TODAY() - 2 * DAY)
    return Posting.objects.get(pk=posting.pk)


@pytest.fixture
def ended(posting):
    return end_window(posting)


def prepared(org, posting, signer, **changes):
    """A submission of the posting, dated today and placed, ready to send."""
    submission = services.submission_create(actor=org.alice.user, posting=posting)
    fields = {
        "title": submission.title,
        "addressee": submission.addressee,
        "place": "Lạng Sơn",
        "signed_on": TODAY(),
        "signer": signer.person,
        "nominations": list(submission.nominations.all()),
        **changes,
    }
    return services.submission_edit(actor=org.alice.user, submission=submission, **fields)


@pytest.fixture
def sent(org, ended, signer):
    submission = prepared(org, ended, signer)
    return services.submission_send(actor=org.alice.user, submission=submission)


def snapshot():
    """What a refused write must leave as it was."""
    return {
        "submissions": list(
            Submission.objects.order_by("pk").values_list(
                "status", "number", "symbol", "returned_note", "decision_number"
            )
        ),
        "members": list(
            Submission.nominations.through.objects.order_by("pk").values_list(
                "submission_id", "nomination_id"
            )
        ),
        "nominations": list(Nomination.objects.order_by("pk").values_list("pk", "status")),
        "records": AwardRecord.objects.count(),
        "events": Event.objects.count(),
        "sequences": list(DocumentSequence.objects.values_list("kind", "last_number")),
    }


# --- preparing ----------------------------------------------------------------------------------


def test_the_officer_prepares_the_submission_of_the_dossiers_above_the_authority(
    org, signer, nominees, posting
):
    submission = services.submission_create(actor=org.alice.user, posting=posting)
    assert submission.state.draft and not submission.symbol
    assert set(submission.nominations.all()) == {
        nominees["hoa"],
        nominees["giang"],
        nominees["collective"],
    }
    assert submission.addressee == "Chủ tịch Ủy ban nhân dân tỉnh"
    assert submission.title == "Về việc đề nghị khen thưởng thành tích năm 2020"
    assert submission.signer == signer.person
    assert submission.signed_on == TODAY()  # signed later: the send form asks the date
    assert Event.objects.filter(verb="submission_drafted").count() == 1
    # The same dossiers are not on two open submissions: nothing is left to submit.
    before = snapshot()
    with pytest.raises(ValidationError, match="No dossier on this list goes to the province"):
        services.submission_create(actor=org.alice.user, posting=posting)
    assert snapshot() == before


def test_a_draft_posting_cannot_be_submitted(org, nominees):
    draft = posting_services.posting_create(actor=org.alice.user, agency=org.agency, year=2020)
    before = snapshot()
    with pytest.raises(ValidationError, match="Publish the list"):
        services.submission_create(actor=org.alice.user, posting=draft)
    assert snapshot() == before


def test_the_addressee_is_the_chairman_of_the_agency_s_province():
    def agency_under(name):
        return Unit(name="Sở Khoa học và Công nghệ", parent=Unit(name=name))

    assert (
        services.default_addressee(agency_under("UBND tỉnh Lạng Sơn"))
        == "Chủ tịch Ủy ban nhân dân tỉnh Lạng Sơn"
    )
    assert (
        services.default_addressee(agency_under("Ủy ban nhân dân thành phố Hà Nội"))
        == "Chủ tịch Ủy ban nhân dân thành phố Hà Nội"
    )
    assert (
        services.default_addressee(agency_under("UBND TP. Hải Phòng"))
        == "Chủ tịch Ủy ban nhân dân thành phố Hải Phòng"
    )
    assert (
        services.default_addressee(agency_under("Uỷ ban nhân dân tỉnh Cao Bằng"))
        == "Chủ tịch Ủy ban nhân dân tỉnh Cao Bằng"
    )
    for name in ("Bộ Khoa học", "UBND tỉnh", "Ủy ban nhân dân huyện Cao Lộc"):
        assert services.default_addressee(agency_under(name)) == "Chủ tịch Ủy ban nhân dân tỉnh"
    assert services.default_addressee(Unit(name="Sở")) == "Chủ tịch Ủy ban nhân dân tỉnh"


def test_editing_keeps_to_the_posted_dossiers_above_the_authority_and_a_signer_of_the_board(
    org, signer, nominees, ended
):
    submission = services.submission_create(actor=org.alice.user, posting=ended)
    base = {
        "title": "Về việc đề nghị tặng Bằng khen",
        "addressee": "Chủ tịch Ủy ban nhân dân tỉnh Lạng Sơn",
        "place": "Lạng Sơn",
        "signed_on": TODAY(),
        "signer": signer.person,
    }
    before = snapshot()
    with pytest.raises(ValidationError, match="Nguyễn Văn An cannot be on this submission"):
        services.submission_edit(
            actor=org.alice.user,
            submission=submission,
            nominations=[nominees["hoa"], nominees["an"]],
            **base,
        )
    with pytest.raises(ValidationError, match="may not sign"):
        services.submission_edit(
            actor=org.alice.user,
            submission=submission,
            nominations=[nominees["hoa"]],
            **{**base, "signer": org.carol.person},
        )
    with pytest.raises(ValidationError, match="at least one nominee"):
        services.submission_edit(
            actor=org.alice.user, submission=submission, nominations=[], **base
        )
    assert snapshot() == before
    services.submission_edit(
        actor=org.alice.user,
        submission=submission,
        nominations=[nominees["hoa"], nominees["giang"]],
        **base,
    )
    submission.refresh_from_db()
    assert submission.title == "Về việc đề nghị tặng Bằng khen"
    assert submission.nominations.count() == 2
    # The dossier taken off may go on another submission.
    other = services.submission_create(actor=org.alice.user, posting=ended)
    assert list(other.nominations.all()) == [nominees["collective"]]


# --- sending ------------------------------------------------------------------------------------


def test_sending_numbers_the_submission_and_sends_the_dossiers_up(org, sent, nominees):
    assert sent.state.sent
    assert (sent.number, sent.symbol) == (1, "01/TTr-SKHCN")
    assert sent.sent_at is not None
    assert (sent.signer_name, sent.signer_position) == ("Lương Thị Lena", "Giám đốc Sở")
    for key in ("hoa", "giang", "collective"):
        nominees[key].refresh_from_db()
        assert nominees[key].state.sent_up
    nominees["an"].refresh_from_db()
    assert nominees["an"].state.passed
    assert Event.objects.filter(verb="submission_sent").count() == 1
    assert Event.objects.filter(verb="nomination_sent_up").count() == 3
    # Sent: it no longer changes, and it is not sent twice.
    before = snapshot()
    with pytest.raises(ValidationError, match="already been sent"):
        services.submission_send(actor=org.alice.user, submission=sent)
    with pytest.raises(ValidationError, match="changes only if returned"):
        services.submission_edit(
            actor=org.alice.user,
            submission=sent,
            title="x",
            addressee="y",
            place="z",
            signed_on=TODAY(),
            signer=None,
            nominations=[],
        )
    assert snapshot() == before


def test_sending_before_the_posting_ends_is_refused(org, signer, posting):
    submission = prepared(org, posting, signer)
    before = snapshot()
    with pytest.raises(ValidationError, match="posted until .* sent from the next day"):
        services.submission_send(actor=org.alice.user, submission=submission)
    assert snapshot() == before


def test_sending_needs_a_place_a_date_come_and_no_held_award(org, signer, nominees, ended):
    submission = services.submission_create(actor=org.alice.user, posting=ended)

    def refused(match, **fields):
        Submission.objects.filter(pk=submission.pk).update(**fields)
        before = snapshot()
        with pytest.raises(ValidationError, match=match):
            services.submission_send(actor=org.alice.user, submission=submission)
        assert snapshot() == before

    refused("place the submission is signed in")
    refused("dated in the future", place="Lạng Sơn", signed_on=TODAY() + DAY)
    refused("dated after the posting ends", signed_on=ended.closes_on)
    refused("Choose who signs", signed_on=TODAY(), signer=None)
    Submission.objects.filter(pk=submission.pk).update(signer=signer.person)
    Nomination.objects.filter(pk=nominees["hoa"].pk).update(status=Nomination.Status.DECIDED)
    refused("Vũ Thị Hoa .* is awarded: take it off the submission")
    Nomination.objects.filter(pk=nominees["hoa"].pk).update(status=Nomination.Status.PASSED)
    AwardRecordFactory(person=nominees["giang"].person, award=nominees["giang"].award, year=2020)
    refused("Đinh Văn Giang .* already holds this award", signed_on=TODAY())
    submission.nominations.remove(nominees["giang"])
    assert services.submission_send(actor=org.alice.user, submission=submission).state.sent


# --- returned, then sent again ------------------------------------------------------------------


def test_a_return_needs_the_province_s_request_and_keeps_the_number(
    org, signer, sent, nominees, ended
):
    before = snapshot()
    with pytest.raises(ValidationError, match="what the province asks for"):
        services.submission_return(actor=org.alice.user, submission=sent, note="  ")
    assert snapshot() == before
    returned = services.submission_return(
        actor=org.alice.user, submission=sent, note="Bổ sung bản sao quyết định CSTĐCS."
    )
    assert returned.state.returned
    assert returned.returned_note == "Bổ sung bản sao quyết định CSTĐCS."
    # A dossier sent already stays on it; the officer completes the rest.
    with pytest.raises(ValidationError, match="was sent to the province already"):
        services.submission_edit(
            actor=org.alice.user,
            submission=returned,
            title=returned.title,
            addressee=returned.addressee,
            place=returned.place,
            signed_on=returned.signed_on,
            signer=signer.person,
            nominations=[nominees["hoa"]],
        )
    again = services.submission_send(actor=org.alice.user, submission=returned)
    assert again.state.sent
    assert again.symbol == "01/TTr-SKHCN"
    assert DocumentSequence.objects.get(kind=DocumentSequence.Kind.SUBMISSION).last_number == 1
    assert Event.objects.filter(verb="submission_returned").count() == 1
    assert Event.objects.filter(verb="submission_sent").count() == 2


# --- the province's decision --------------------------------------------------------------------


def record(org, submission, awarded, **changes):
    values = {
        "decision_number": "1520/QĐ-UBND",
        "decision_date": TODAY(),
        "issuer": "Chủ tịch Ủy ban nhân dân tỉnh Lạng Sơn",
        **changes,
    }
    return services.submission_record(
        actor=org.alice.user, submission=submission, awarded=awarded, **values
    )


def test_the_province_s_decision_writes_the_history_the_engine_reads(org, sent, nominees):
    hoa = nominees["hoa"].person
    assert evaluate(hoa, "BANG_KHEN_TTG", 2024).check("holds_bang_khen_tinh").status == FAIL
    decided = record(org, sent, [nominees["hoa"], nominees["collective"]])
    assert decided.state.decided
    assert (decided.decision_number, decided.decision_date) == ("1520/QĐ-UBND", TODAY())
    records = {r.nomination_id: r for r in AwardRecord.objects.select_related("award")}
    assert set(records) == {nominees["hoa"].pk, nominees["collective"].pk}
    first = records[nominees["hoa"].pk]
    assert (first.person, first.award.code, first.year) == (hoa, "BANG_KHEN_TINH", 2020)
    assert first.source == AwardRecord.Source.PORTAL and first.decision is None
    assert first.source_document == "Tờ trình số 01/TTr-SKHCN"
    assert first.issuer == "Chủ tịch Ủy ban nhân dân tỉnh Lạng Sơn"
    assert records[nominees["collective"].pk].unit == org.technical
    statuses = dict(Nomination.objects.values_list("pk", "status"))
    assert statuses[nominees["hoa"].pk] == Nomination.Status.DECIDED
    assert statuses[nominees["collective"].pk] == Nomination.Status.DECIDED
    assert statuses[nominees["giang"].pk] == Nomination.Status.DECLINED
    assert Event.objects.filter(verb="award_recorded").count() == 2
    assert Event.objects.filter(verb="nomination_declined").count() == 1
    assert Event.objects.filter(verb="submission_decided").count() == 1
    # The eligibility engine reads the new record.
    check = evaluate(hoa, "BANG_KHEN_TTG", 2024).check("holds_bang_khen_tinh")
    assert check.status == PASS and "2020" in str(check.message)


def test_the_awardees_and_their_units_are_told_once_the_decision_stands(
    org, sent, nominees, django_capture_on_commit_callbacks
):
    hoa = nominees["hoa"].person
    hoa.user = UserFactory(username="hoa")
    hoa.save(update_fields=["user"])
    with django_capture_on_commit_callbacks(execute=True):
        record(org, sent, [nominees["hoa"], nominees["collective"]])
    mine = Notification.objects.get(recipient=hoa.user)
    assert mine.title.startswith("You are awarded")
    assert "1520/QĐ-UBND" in mine.title
    assert mine.url == nominees["hoa"].get_absolute_url()
    head = Notification.objects.get(recipient=org.carol.user)
    assert head.title == (
        "Decision 1520/QĐ-UBND of the province for Phòng Quản lý công nghệ: 2 awarded, "
        "1 not awarded"
    )


def test_the_province_may_award_nobody(org, sent, nominees):
    decided = record(org, sent, [])
    assert decided.state.decided
    assert AwardRecord.objects.count() == 0
    statuses = set(Nomination.objects.filter(submissions=sent).values_list("status", flat=True))
    assert statuses == {Nomination.Status.DECLINED}


def test_a_decision_is_recorded_once(org, sent, nominees):
    record(org, sent, [nominees["hoa"]])
    before = snapshot()
    with pytest.raises(ValidationError, match="already recorded"):
        record(org, sent, [nominees["giang"]], decision_number="1600/QĐ-UBND")
    assert snapshot() == before


def test_a_decision_is_refused_for_a_draft(org, signer, ended, nominees):
    submission = prepared(org, ended, signer)
    before = snapshot()
    with pytest.raises(ValidationError, match="Send the submission before"):
        record(org, submission, [nominees["hoa"]])
    assert snapshot() == before


def test_a_bad_decision_writes_nothing(org, sent, nominees):
    before = snapshot()
    with pytest.raises(ValidationError) as refused:
        record(org, sent, [nominees["hoa"]], decision_number=" ", issuer="")
    assert set(refused.value.message_dict) == {"decision_number", "decision_issuer"}
    with pytest.raises(ValidationError, match="dated in the future"):
        record(org, sent, [nominees["hoa"]], decision_date=TODAY() + DAY)
    with pytest.raises(ValidationError, match="before the submission"):
        record(org, sent, [nominees["hoa"]], decision_date=sent.signed_on - DAY)
    with pytest.raises(ValidationError, match="date of the province's decision"):
        record(org, sent, [nominees["hoa"]], decision_date=None)
    with pytest.raises(ValidationError, match="Only the nominees on this submission"):
        record(org, sent, [nominees["an"]])
    assert snapshot() == before
    # An awardee who holds the award already (entered by hand meanwhile) is refused, whole.
    AwardRecordFactory(person=nominees["hoa"].person, award=nominees["hoa"].award, year=2020)
    before = snapshot()
    with pytest.raises(ValidationError, match="Vũ Thị Hoa already has"):
        record(org, sent, [nominees["giang"], nominees["hoa"]])
    assert snapshot() == before


# --- rights -------------------------------------------------------------------------------------


def test_only_the_officer_keeps_the_submissions(org, signer, nominees, ended):
    before = snapshot()
    for persona in (signer, org.carol, org.bob, org.charlie):
        with pytest.raises(PermissionDenied):
            services.submission_create(actor=persona.user, posting=ended)
    assert snapshot() == before
    submission = prepared(org, ended, signer)
    before = snapshot()
    for persona in (signer, org.carol, org.charlie):
        with pytest.raises(PermissionDenied):
            services.submission_send(actor=persona.user, submission=submission)
        with pytest.raises(PermissionDenied):
            services.submission_edit(
                actor=persona.user,
                submission=submission,
                title="x",
                addressee="y",
                place="z",
                signed_on=TODAY(),
                signer=signer.person,
                nominations=[nominees["hoa"]],
            )
    assert snapshot() == before
    sent = services.submission_send(actor=org.alice.user, submission=submission)
    before = snapshot()
    for persona in (signer, org.carol):
        with pytest.raises(PermissionDenied):
            services.submission_return(actor=persona.user, submission=sent, note="Bổ sung")
        with pytest.raises(PermissionDenied):
            services.submission_record(
                actor=persona.user,
                submission=sent,
                decision_number="1",
                decision_date=TODAY(),
                issuer="UBND",
                awarded=[nominees["hoa"]],
            )
    assert snapshot() == before
