"""The award history (quá trình khen thưởng): adding and revoking records (issue 4, item 5)."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from awards import services
from awards.models import Award, AwardRecord
from organizations.models import Event

pytestmark = pytest.mark.usefixtures("english")


def add(org, code="LDTT", **overrides):
    fields = {
        "actor": org.alice.user,
        "award": Award.objects.get(code=code),
        "year": 2019,
        "decision_number": "45/QĐ-SKHCN",
        "decision_date": datetime.date(2020, 1, 10),
        "issuer": "Giám đốc Sở Khoa học và Công nghệ",
        "source": AwardRecord.Source.ENTERED,
        "source_document": "Bản sao quyết định 45/QĐ-SKHCN",
    }
    if "person" not in overrides and "unit" not in overrides:
        fields["person"] = org.carol.person
    return services.award_record_add(**{**fields, **overrides})


def counts():
    return AwardRecord.objects.count(), Event.objects.count()


def refused(call):
    """Run a service call that must fail; return its error and check nothing was written."""
    before = counts()
    with pytest.raises(ValidationError) as exc:
        call()
    assert counts() == before
    return exc.value


def test_an_award_is_added_to_a_persons_history_with_an_event(org):
    record = add(org)
    assert record.person == org.carol.person
    assert record.status == AwardRecord.Status.VALID
    event = Event.objects.get(verb="award_recorded")
    assert event.target_id == str(org.carol.person.pk)
    assert event.data["award"] == "LDTT"


def test_a_collective_award_is_added_to_a_units_history(org):
    record = add(org, code="TTLDTT", unit=org.technical)
    assert record.unit == org.technical and record.person is None
    assert list(org.technical.awards.all()) == [record]


def test_a_collective_title_for_a_person_is_refused(org):
    error = refused(lambda: add(org, code="TTLDTT"))
    name = Award.objects.get(code="TTLDTT").name_vi
    assert error.message_dict["award"] == [
        f"{name} is awarded to a collective, not to this nominee."
    ]


def test_a_personal_title_for_a_unit_is_refused(org):
    error = refused(lambda: add(org, code="CSTDCS", unit=org.technical))
    assert "is awarded to a person, not to this nominee." in error.message_dict["award"][0]


def test_neither_or_both_nominees_are_refused(org):
    message = ["Give either the person or the unit that received the award, and only one."]
    assert refused(lambda: add(org, person=None)).messages == message
    both = refused(lambda: add(org, person=org.carol.person, unit=org.technical))
    assert both.messages == message


def test_a_year_to_come_is_refused(org):
    year = datetime.date.today().year + 1
    error = refused(lambda: add(org, year=year))
    assert error.message_dict["year"] == [f"{year} has not come yet; it cannot be recorded."]


def test_the_same_award_for_the_same_person_and_year_is_refused(org):
    add(org)
    name = Award.objects.get(code="LDTT").name_en
    error = refused(lambda: add(org, decision_number="99/QĐ-SKHCN"))
    assert error.message_dict["award"] == [
        f"Lê Thị Carol already has {name} for 2019 (decision 45/QĐ-SKHCN)."
    ]


def test_the_same_collective_award_for_the_same_unit_and_year_is_refused(org):
    add(org, code="TTLDTT", unit=org.technical)
    error = refused(lambda: add(org, code="TTLDTT", unit=org.technical))
    assert "Phòng Quản lý công nghệ already has" in error.message_dict["award"][0]


def test_the_same_award_for_another_year_or_person_is_accepted(org):
    add(org)
    add(org, year=2018)
    add(org, person=org.dave.person)
    assert AwardRecord.objects.count() == 3


@pytest.mark.parametrize("source", [AwardRecord.Source.ENTERED, AwardRecord.Source.IMPORTED])
def test_an_entered_or_imported_award_needs_its_source_document(org, source):
    error = refused(lambda: add(org, source=source, source_document="  "))
    assert error.message_dict["source_document"] == [
        "Name the document this award is taken from (the decision or its copy)."
    ]


def test_a_decision_made_in_the_portal_needs_no_source_document(org):
    record = add(org, source=AwardRecord.Source.PORTAL, source_document="")
    assert record.source == AwardRecord.Source.PORTAL


def revoke(org, record, **overrides):
    fields = {
        "actor": org.alice.user,
        "record": record,
        "reason": "Khai man thành tích.",
        "revoking_decision": "77/QĐ-SKHCN",
    }
    return services.award_record_revoke(**{**fields, **overrides})


def test_a_revoked_award_stays_in_the_history_marked_revoked(org):
    record = add(org)
    revoke(org, record)
    record.refresh_from_db()
    assert record.status == AwardRecord.Status.REVOKED
    assert record.revocation_reason == "Khai man thành tích."
    assert record.revoking_decision == "77/QĐ-SKHCN"
    assert AwardRecord.objects.filter(pk=record.pk).exists()
    event = Event.objects.get(verb="award_revoked")
    assert event.target_id == str(org.carol.person.pk)
    assert event.data["decision"] == "77/QĐ-SKHCN"


def test_revoking_without_a_reason_is_refused(org):
    record = add(org)
    error = refused(lambda: revoke(org, record, reason="   "))
    assert error.message_dict == {"revocation_reason": ["Give the reason for the revocation."]}
    record.refresh_from_db()
    assert record.status == AwardRecord.Status.VALID
    assert record.revocation_reason == ""


def test_revoking_without_a_decision_is_refused(org):
    record = add(org)
    error = refused(lambda: revoke(org, record, revoking_decision=""))
    assert error.message_dict == {
        "revoking_decision": ["Give the number of the decision that revokes the award."]
    }
    record.refresh_from_db()
    assert record.status == AwardRecord.Status.VALID


def test_revoking_twice_is_refused(org):
    record = add(org)
    revoke(org, record)
    error = refused(lambda: revoke(org, record, revoking_decision="88/QĐ-SKHCN"))
    assert error.messages == ["This award was already revoked by decision 77/QĐ-SKHCN."]
    record.refresh_from_db()
    assert record.revoking_decision == "77/QĐ-SKHCN"


def test_after_a_revocation_a_new_decision_for_the_year_may_be_entered(org):
    revoke(org, add(org))
    add(org, decision_number="90/QĐ-SKHCN")
    statuses = sorted(org.carol.person.awards.values_list("status", flat=True))
    assert statuses == ["revoked", "valid"]
