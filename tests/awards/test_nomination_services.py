"""Nominations through their services: a unit drafts dossiers, sends its list, the emulation
officer returns or accepts each; every refusal leaves the database as it was (issue 9)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from awards.models import Award, Nomination, NominationAttachment, RegistrationList
from awards.services import nominations as services
from organizations.models import Event, Notification
from tests.factories import (
    AwardRecordFactory,
    InitiativeFactory,
    PersonFactory,
    RatingFactory,
    RegistrationFactory,
    RegistrationListFactory,
)
from tests.uploads import fake_pdf, pdf

pytestmark = pytest.mark.usefixtures("english")

YEAR = 2020


def award(code):
    return Award.objects.get(code=code)


def register(org, person, code="LDTT"):
    """Register a person for a title in 2020: under the 2003 law, taking part is a basis."""
    registration_list = RegistrationList.objects.filter(
        unit=person.unit, year=YEAR
    ).first() or RegistrationListFactory(unit=person.unit, year=YEAR)
    return RegistrationFactory(registration_list=registration_list, person=person, award__code=code)


@pytest.fixture(autouse=True)
def registered(org):
    register(org, org.carol.person)
    return org


@pytest.fixture
def rated(org):
    """carol (head of KT) rated well in 2018–2020 and registered: she meets LĐTT for 2020."""
    for year in (2018, 2019, YEAR):
        RatingFactory(person=org.carol.person, year=year, level="good")
    return org


def draft(org, code="LDTT", person=None, unit=None):
    if unit is None and person is None:
        person = org.carol.person
    return services.nomination_add(
        actor=org.carol.user, award=award(code), year=YEAR, person=person, unit=unit
    )


def test_a_unit_head_starts_a_dossier_with_a_report_drafted_from_the_record(rated):
    nomination = draft(rated)
    assert nomination.state.draft
    assert nomination.nomination_list.unit == rated.technical
    report = nomination.achievement_report
    assert "Lê Thị Carol" in report
    assert "Hoàn thành tốt nhiệm vụ" in report  # her 2020 rating, in the document's language
    assert Event.objects.filter(verb="nomination_added").count() == 1


def test_nominating_the_same_nominee_for_the_same_award_and_year_twice_is_refused(rated):
    draft(rated)
    before = Nomination.objects.count(), Event.objects.count()
    with pytest.raises(ValidationError, match="already nominated for"):
        draft(rated)
    assert (Nomination.objects.count(), Event.objects.count()) == before


def test_a_collective_title_is_refused_for_a_person(rated):
    with pytest.raises(ValidationError, match="awarded to a collective, not to a person"):
        draft(rated, code="TTLDTT")
    assert not Nomination.objects.exists()


def test_staff_cannot_nominate(rated):
    with pytest.raises(PermissionDenied):
        services.nomination_add(
            actor=rated.bob.user, award=award("LDTT"), year=YEAR, person=rated.bob.person
        )
    assert not Nomination.objects.exists()


def test_sending_without_the_signed_report_is_refused_and_nothing_is_sent(rated):
    nomination = draft(rated)
    events = Event.objects.count()
    with pytest.raises(ValidationError, match="signed by the head of the unit"):
        services.nomination_list_submit(
            actor=rated.carol.user, nomination_list=nomination.nomination_list
        )
    nomination.refresh_from_db()
    assert nomination.state.draft and nomination.nomination_list.state.draft
    assert nomination.verdict == "" and Event.objects.count() == events


def test_a_file_that_only_claims_to_be_a_pdf_is_refused(rated, media):
    nomination = draft(rated)
    with pytest.raises(ValidationError, match="does not contain what its name says"):
        services.nomination_sign(actor=rated.carol.user, nomination=nomination, upload=fake_pdf())
    nomination.refresh_from_db()
    assert not nomination.signed_report
    assert not any(media.rglob("*.pdf"))


def test_the_list_is_sent_with_each_verdict_stored_and_the_office_told(rated, media):
    nomination = draft(rated)
    services.nomination_sign(actor=rated.carol.user, nomination=nomination, upload=pdf())
    services.nomination_list_submit(
        actor=rated.carol.user, nomination_list=nomination.nomination_list
    )
    nomination.refresh_from_db()
    assert nomination.state.submitted and nomination.nomination_list.state.submitted
    assert nomination.verdict == "pass"
    snapshot = nomination.verdict_snapshot
    assert snapshot["rule_set"] == "ND91_2017" and snapshot["checks"]
    assert {"message_vi", "message_en", "citation_vi"} <= set(snapshot["checks"][0])
    assert Notification.objects.filter(recipient=rated.alice.user).exists()


def test_a_failing_verdict_needs_a_written_justification(org, media):
    # No 2020 rating for carol: LĐTT cannot pass; CSTĐCS fails for lack of an initiative.
    RatingFactory(person=org.carol.person, year=YEAR, level="good")
    nomination = draft(org, code="CSTDCS")
    services.nomination_sign(actor=org.carol.user, nomination=nomination, upload=pdf())
    with pytest.raises(ValidationError, match="justification"):
        services.nomination_list_submit(
            actor=org.carol.user, nomination_list=nomination.nomination_list
        )
    services.nomination_edit(
        actor=org.carol.user,
        nomination=nomination,
        achievement_report=nomination.achievement_report,
        justification="Sáng kiến đang chờ Hội đồng sáng kiến công nhận trong tháng 12.",
    )
    services.nomination_list_submit(
        actor=org.carol.user, nomination_list=nomination.nomination_list
    )
    nomination.refresh_from_db()
    assert nomination.verdict == "fail" and nomination.is_overridden


def test_a_verdict_resting_on_an_initiative_needs_its_recognition(org, media):
    """ND 91/2017 Khoản 3 Điều 9: CSTĐCS rests on an initiative recognised at the grassroots,
    within 15 % of the advanced workers (seven of them here, so one CSTĐCS fits)."""
    RatingFactory(person=org.carol.person, year=YEAR, level="good")
    for _n in range(7):
        AwardRecordFactory(person=PersonFactory(unit=org.technical), year=YEAR)
    initiative = InitiativeFactory(
        authors=[org.carol.person], decision_date=datetime.date(YEAR, 6, 1)
    )
    nomination = draft(org, code="CSTDCS")
    services.nomination_sign(actor=org.carol.user, nomination=nomination, upload=pdf())
    with pytest.raises(ValidationError, match="recognition of the initiative"):
        services.nomination_list_submit(
            actor=org.carol.user, nomination_list=nomination.nomination_list
        )
    services.nomination_edit(
        actor=org.carol.user,
        nomination=nomination,
        achievement_report=nomination.achievement_report,
        initiatives=[initiative],
    )
    services.nomination_list_submit(
        actor=org.carol.user, nomination_list=nomination.nomination_list
    )
    nomination.refresh_from_db()
    assert nomination.state.submitted and nomination.verdict == "pass"


def _sent(org, media=None):
    nomination = draft(org)
    services.nomination_sign(actor=org.carol.user, nomination=nomination, upload=pdf())
    services.nomination_list_submit(
        actor=org.carol.user, nomination_list=nomination.nomination_list
    )
    nomination.refresh_from_db()
    return nomination


def test_the_officer_returns_a_dossier_and_the_unit_sends_it_again(rated, media):
    nomination = _sent(rated)
    with pytest.raises(ValidationError):
        services.nomination_return(actor=rated.alice.user, nomination=nomination, comment=" ")
    services.nomination_return(
        actor=rated.alice.user, nomination=nomination, comment="Bổ sung minh chứng xếp loại."
    )
    nomination.refresh_from_db()
    assert nomination.state.returned
    assert Notification.objects.filter(
        recipient=rated.carol.user, title__startswith="Dossier returned"
    ).exists()
    services.nomination_resubmit(actor=rated.carol.user, nomination=nomination)
    nomination.refresh_from_db()
    assert nomination.state.submitted


def test_the_officer_accepts_in_bulk_only_the_clean_dossiers(rated, media):
    clean = _sent(rated)
    RatingFactory(person=rated.bob.person, year=YEAR, level="good")
    register(rated, rated.bob.person)
    services.nomination_add(
        actor=rated.alice.user, award=award("LDTT"), year=YEAR, person=rated.bob.person
    )
    other = Nomination.objects.get(person=rated.bob.person)
    services.nomination_sign(actor=rated.alice.user, nomination=other, upload=pdf())
    services.nomination_edit(
        actor=rated.alice.user,
        nomination=other,
        achievement_report=other.achievement_report,
        justification="Đề nghị đặc biệt.",
    )
    services.nomination_list_submit(actor=rated.alice.user, nomination_list=other.nomination_list)
    accepted, left = services.nominations_accept_clean(
        actor=rated.alice.user, nominations=Nomination.objects.order_by("pk")
    )
    assert [n.pk for n in accepted] == [clean.pk]
    assert [n.pk for n in left] == [Nomination.objects.get(person=rated.bob.person).pk]
    clean.refresh_from_db()
    assert clean.state.accepted


def test_a_unit_head_cannot_review(rated, media):
    nomination = _sent(rated)
    with pytest.raises(PermissionDenied):
        services.nomination_accept(actor=rated.carol.user, nomination=nomination)
    with pytest.raises(PermissionDenied):
        services.nominations_accept_clean(actor=rated.carol.user, nominations=[nomination])
    nomination.refresh_from_db()
    assert nomination.state.submitted


def test_a_draft_is_removed_but_a_sent_dossier_stays_on_record(rated, media):
    nomination = draft(rated)
    services.nomination_remove(actor=rated.carol.user, nomination=nomination)
    assert not Nomination.objects.exists()
    sent = _sent(rated)
    with pytest.raises(ValidationError, match="Only a draft dossier can be removed"):
        services.nomination_remove(actor=rated.carol.user, nomination=sent)
    assert Nomination.objects.filter(pk=sent.pk).exists()


def test_attachments_are_checked_and_kept_only_while_the_unit_holds_the_dossier(rated, media):
    nomination = draft(rated)
    attachment = services.attachment_add(
        actor=rated.carol.user, nomination=nomination, kind="proof", upload=pdf("qd.pdf")
    )
    with pytest.raises(ValidationError):
        services.attachment_add(
            actor=rated.carol.user, nomination=nomination, kind="proof", upload=fake_pdf()
        )
    assert NominationAttachment.objects.count() == 1
    services.nomination_sign(actor=rated.carol.user, nomination=nomination, upload=pdf())
    services.nomination_list_submit(
        actor=rated.carol.user, nomination_list=nomination.nomination_list
    )
    with pytest.raises(ValidationError, match="awaits the emulation office"):
        services.attachment_remove(actor=rated.carol.user, attachment=attachment)
    assert NominationAttachment.objects.count() == 1


def test_the_audit_trail_reads_as_the_page_does_no_snapshot_no_storage_path(rated, media):
    """A dossier sent: its trail says a file was uploaded (the file's own name is its own field),
    not the portal's storage path, and leaves out the verdict's JSON snapshot."""
    from organizations.audit import timeline

    nomination = _sent(rated)
    changes = [change for entry in timeline(nomination) for change in entry.changes]
    assert ("Signed achievement report", "—", "a file uploaded") in {
        (change.label, change.old, change.new) for change in changes
    }
    shown = " ".join(f"{change.label} {change.old} {change.new}" for change in changes)
    assert "nominations/" not in shown
    assert "rule_set" not in shown and "Verdict at submission" not in shown
