"""Decisions on commendation (issue 10, items 2 and 5): drafted from the posted list, issued once
the posting has ended with the next number of the year, writing the history with the rewards,
honour-book entries and certificate codes in the same transaction; every refusal leaves the
database as it was."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from awards.models import (
    Award,
    AwardRecord,
    Decision,
    DocumentSequence,
    Nomination,
    Posting,
)
from awards.services import decisions as services
from awards.services import posting as posting_services
from awards.services.history import award_record_add, award_record_revoke
from organizations.models import Event, Unit
from tests.factories import PersonFactory, UnitFactory, passed

pytestmark = pytest.mark.usefixtures("english")

D = datetime.date


@pytest.fixture
def board(org):
    """The leadership board: the director and a deputy sign; an officer of the office does not."""
    unit = UnitFactory(
        code="BLD", name="Ban lãnh đạo Sở", kind=Unit.Kind.LEADERSHIP_BOARD, parent=org.agency
    )
    director = PersonFactory(full_name="Lương Văn Khải", unit=unit, position="Giám đốc Sở")
    deputy = PersonFactory(full_name="Trần Quang Vinh", unit=unit, position="Phó Giám đốc Sở")
    return type("Board", (), {"unit": unit, "director": director, "deputy": deputy})


@pytest.fixture
def dossiers(org):
    hoa = passed(PersonFactory(unit=org.technical, full_name="Vũ Thị Hoa", gender="F"))
    giang = passed(PersonFactory(unit=org.technical, full_name="Đinh Văn Giang"))
    # Above the agency's authority: it goes to the province, not on the decision.
    provincial = passed(giang.person, "CSTD_TINH")
    return type("Dossiers", (), {"hoa": hoa, "giang": giang, "provincial": provincial})


@pytest.fixture
def posting(org, dossiers):
    posting = posting_services.posting_create(actor=org.alice.user, agency=org.agency, year=2020)
    return posting_services.posting_publish(actor=org.alice.user, posting=posting)


def end_window(posting):
    """Move the posting's window into the past, as if its working days had gone by; its drafts
    are dated today."""
    Posting.objects.filter(pk=posting.pk).update(
        closes_on=timezone.localdate() - datetime.timedelta(days=2)
    )
    Decision.objects.filter(posting=posting).update(signed_on=timezone.localdate())
    posting.refresh_from_db()
    return posting


@pytest.fixture
def draft(org, board, posting):
    decision = services.decision_create(actor=org.alice.user, posting=posting)
    decision.place = "Lạng Sơn"
    decision.save(update_fields=["place"])
    return decision


def snapshot():
    return (
        AwardRecord.objects.count(),
        list(Decision.objects.values_list("status", "number", "symbol")),
        list(DocumentSequence.objects.values_list("kind", "last_number")),
        list(Nomination.objects.order_by("pk").values_list("status", flat=True)),
    )


def test_the_draft_holds_the_passed_dossiers_within_the_agency_authority(org, board, draft):
    names = sorted(n.nominee_name for n in draft.nominations.all())
    assert names == ["Vũ Thị Hoa", "Đinh Văn Giang"]
    assert draft.state.draft and draft.number is None and draft.symbol == ""
    assert draft.signer == board.director
    assert draft.base_salary is not None
    assert "Căn cứ" in draft.bases and "Nghị định 91/2017" in draft.bases
    assert Event.objects.filter(verb="decision_drafted").count() == 1


def test_issuing_numbers_the_decision_and_writes_the_history(org, board, draft, dossiers):
    end_window(draft.posting)
    decision = services.decision_issue(actor=org.alice.user, decision=draft)

    year = timezone.localdate().year
    assert decision.state.issued
    assert (decision.number, decision.symbol) == (1, "01/QĐ-SKHCN")
    assert decision.signer_name == "Lương Văn Khải" and decision.signer_position == "Giám đốc Sở"
    records = list(decision.records.order_by("book_number"))
    assert [r.person.full_name for r in records] == ["Vũ Thị Hoa", "Đinh Văn Giang"]
    assert {r.source for r in records} == {AwardRecord.Source.PORTAL}
    assert {r.decision_number for r in records} == {"01/QĐ-SKHCN"}
    assert [r.book_number for r in records] == [1, 2]
    assert len({r.certificate_code for r in records}) == 2
    assert all(len(r.certificate_code) >= 20 for r in records)
    # The rule set of 2020 pays 0.3 times the base salary for an advanced worker, rounded up
    # to the next ten thousand đồng.
    base = services.base_salary_on(timezone.localdate())
    expected = (Decimal("0.3") * base / 10000).to_integral_value(rounding="ROUND_CEILING") * 10000
    assert records[0].amount == expected
    dossiers.hoa.refresh_from_db()
    assert dossiers.hoa.state.decided
    assert records[0].nomination_id == dossiers.hoa.pk
    dossiers.provincial.refresh_from_db()
    assert dossiers.provincial.state.passed
    assert DocumentSequence.objects.get(kind="QĐ", year=year).last_number == 1
    assert DocumentSequence.objects.get(kind="SVS", year=year).last_number == 2
    assert Event.objects.filter(verb="decision_issued").count() == 1
    assert Event.objects.filter(verb="award_recorded").count() == 2


def test_the_second_decision_of_the_year_takes_the_next_number(org, board, posting, dossiers):
    end_window(posting)
    first = services.decision_create(actor=org.alice.user, posting=posting)
    first = services.decision_edit(
        actor=org.alice.user,
        decision=first,
        title=first.title,
        place="Lạng Sơn",
        signed_on=timezone.localdate(),
        signer=board.deputy,
        bases=first.bases,
        recipients=first.recipients,
        base_salary=None,
        nominations=[dossiers.hoa],
    )
    services.decision_issue(actor=org.alice.user, decision=first)
    second = services.decision_create(actor=org.alice.user, posting=posting)
    assert [n.pk for n in second.nominations.all()] == [dossiers.giang.pk]
    Decision.objects.filter(pk=second.pk).update(place="Lạng Sơn")
    second = services.decision_issue(actor=org.alice.user, decision=second)
    assert second.symbol == "02/QĐ-SKHCN"
    first.refresh_from_db()
    assert first.signer_position == "Phó Giám đốc Sở"
    assert first.records.get().amount is None  # no base salary: no reward on this decision
    assert second.records.get().book_number == 2


def test_issuing_before_the_posting_ends_is_refused_and_writes_nothing(org, draft):
    before = snapshot()
    with pytest.raises(ValidationError, match="is posted until"):
        services.decision_issue(actor=org.alice.user, decision=draft)
    assert snapshot() == before


def test_issuing_twice_is_refused(org, draft):
    end_window(draft.posting)
    services.decision_issue(actor=org.alice.user, decision=draft)
    before = snapshot()
    with pytest.raises(ValidationError, match="already been issued"):
        services.decision_issue(actor=org.alice.user, decision=draft)
    assert snapshot() == before


def test_a_decision_with_no_awardee_is_refused(org, draft):
    end_window(draft.posting)
    draft.nominations.clear()
    before = snapshot()
    with pytest.raises(ValidationError, match="at least one awardee"):
        services.decision_issue(actor=org.alice.user, decision=draft)
    assert snapshot() == before


def test_a_signer_off_the_leadership_board_is_refused(org, draft):
    end_window(draft.posting)
    with pytest.raises(ValidationError) as refused:
        services.decision_edit(
            actor=org.alice.user,
            decision=draft,
            title=draft.title,
            place="Lạng Sơn",
            signed_on=timezone.localdate(),
            signer=org.bob.person,
            bases=draft.bases,
            recipients=draft.recipients,
            base_salary=None,
            nominations=list(draft.nominations.all()),
        )
    assert "leadership board" in str(refused.value)
    # Changed behind the form's back: the issue checks again.
    Decision.objects.filter(pk=draft.pk).update(signer=org.bob.person)
    before = snapshot()
    with pytest.raises(ValidationError, match="may not sign"):
        services.decision_issue(actor=org.alice.user, decision=draft)
    assert snapshot() == before


def test_a_dossier_above_the_authority_cannot_be_put_on_the_decision(org, draft, dossiers):
    with pytest.raises(ValidationError, match="cannot be on this decision"):
        services.decision_edit(
            actor=org.alice.user,
            decision=draft,
            title=draft.title,
            place="Lạng Sơn",
            signed_on=timezone.localdate(),
            signer=draft.signer,
            bases=draft.bases,
            recipients=draft.recipients,
            base_salary=None,
            nominations=[dossiers.provincial],
        )
    end_window(draft.posting)
    draft.nominations.add(dossiers.provincial)
    before = snapshot()
    with pytest.raises(ValidationError, match="send it to the province"):
        services.decision_issue(actor=org.alice.user, decision=draft)
    assert snapshot() == before


def test_only_the_officer_drafts_and_issues(org, board, posting, draft):
    end_window(posting)
    with pytest.raises(PermissionDenied):
        services.decision_create(actor=org.carol.user, posting=posting)
    before = snapshot()
    with pytest.raises(PermissionDenied):
        services.decision_issue(actor=org.carol.user, decision=draft)
    assert snapshot() == before


def test_an_award_already_in_the_history_is_closed_with_it_not_awarded_twice(org, board, dossiers):
    held = award_record_add(
        actor=org.alice.user,
        award=Award.objects.get(code="LDTT"),
        person=dossiers.giang.person,
        year=2020,
        decision_number="08/QĐ-SKHCN",
        decision_date=D(2021, 1, 12),
        issuer="Giám đốc Sở",
        source=AwardRecord.Source.ENTERED,
        source_document="QĐ số 08/QĐ-SKHCN",
    )
    posting = posting_services.posting_create(actor=org.alice.user, agency=org.agency, year=2020)
    posting = end_window(posting_services.posting_publish(actor=org.alice.user, posting=posting))
    decision = services.decision_create(actor=org.alice.user, posting=posting)
    assert [n.pk for n in decision.nominations.all()] == [dossiers.hoa.pk]
    Decision.objects.filter(pk=decision.pk).update(place="Lạng Sơn")
    services.decision_issue(actor=org.alice.user, decision=decision)
    dossiers.giang.refresh_from_db()
    held.refresh_from_db()
    assert dossiers.giang.state.decided and held.nomination_id == dossiers.giang.pk
    assert AwardRecord.objects.filter(person=dossiers.giang.person, year=2020).count() == 1


def test_drafting_needs_a_published_list_with_something_to_decide(org, board, dossiers):
    posting = posting_services.posting_create(actor=org.alice.user, agency=org.agency, year=2020)
    with pytest.raises(ValidationError, match="Publish the list"):
        services.decision_create(actor=org.alice.user, posting=posting)
    posting = posting_services.posting_publish(actor=org.alice.user, posting=posting)
    Nomination.objects.filter(award__code="LDTT").update(status=Nomination.Status.DECIDED)
    with pytest.raises(ValidationError, match="No dossier on this list"):
        services.decision_create(actor=org.alice.user, posting=posting)
    assert not Decision.objects.exists()


def test_revoking_keeps_the_award_marked_with_its_date(org, draft):
    end_window(draft.posting)
    decision = services.decision_issue(actor=org.alice.user, decision=draft)
    record = decision.records.order_by("book_number").first()
    with pytest.raises(ValidationError):
        award_record_revoke(
            actor=org.alice.user, record=record, reason="", revoking_decision="20/QĐ-SKHCN"
        )
    with pytest.raises(ValidationError, match="future"):
        award_record_revoke(
            actor=org.alice.user,
            record=record,
            reason="Hồ sơ khai man",
            revoking_decision="20/QĐ-SKHCN",
            revoked_on=timezone.localdate() + datetime.timedelta(days=3),
        )
    record.refresh_from_db()
    assert record.state.valid
    award_record_revoke(
        actor=org.alice.user,
        record=record,
        reason="Hồ sơ khai man thành tích",
        revoking_decision="20/QĐ-SKHCN",
    )
    record.refresh_from_db()
    assert record.state.revoked and record.revoked_on == timezone.localdate()
    with pytest.raises(ValidationError, match="already revoked"):
        award_record_revoke(
            actor=org.alice.user, record=record, reason="Lại", revoking_decision="21/QĐ-SKHCN"
        )


def test_signature_lines_follow_the_decree():
    assert services.signature_lines("Giám đốc Sở") == ("", "GIÁM ĐỐC")
    assert services.signature_lines("Phó Giám đốc Sở") == ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC")
    assert services.head_title("Phó Giám đốc Sở") == "Giám đốc"


def test_base_salary_by_the_day_signed():
    assert services.base_salary_on(D(2020, 12, 21)) == 1_490_000
    assert services.base_salary_on(D(2024, 12, 20)) == 2_340_000
    assert services.base_salary_on(D(2010, 1, 1)) is None


def test_rewards_round_up_to_ten_thousand(db):
    from awards.models import RuleSet

    rule_set = RuleSet.objects.for_year(2020)
    award = Award.objects.get(code="LDTT")
    assert services.reward_of(award, rule_set, Decimal(1_490_000)) == 450_000
    assert services.reward_of(Award.objects.get(code="CSTDCS"), rule_set, 1_490_000) == 1_490_000
    assert services.reward_of(Award.objects.get(code="CSTD_TINH"), rule_set, 1_490_000) is None
    assert services.reward_of(award, None, 1_490_000) is None
