"""Two users act on the same registration list, or the same award history, at the same moment.

The services lock the list (or the nominee) whose state changes, so the second waits for the
first and sees what it did. Runs on PostgreSQL only (CI's database).
"""

import datetime

import pytest
from django.core.exceptions import ValidationError

from awards import services
from awards.models import Award, AwardRecord, Registration, RegistrationList
from awards.services import registrations
from organizations import roles
from organizations.models import Event
from tests.concurrency import (
    POSTGRESQL_ONLY,
    at_the_same_moment,
    meeting_point,
    recreate_reference_data,
)
from tests.factories import PersonFactory, UserFactory

pytestmark = POSTGRESQL_ONLY
YEAR = 2025


@pytest.fixture(autouse=True)
def reference_data(transactional_db):
    recreate_reference_data()


def award(code):
    return Award.objects.get(code=code)


def register(user, person, code="LDTT"):
    return registrations.registration_add(actor=user, award=award(code), year=YEAR, person=person)


def test_the_same_registration_twice_at_once_keeps_one(org, monkeypatch):
    workers = meeting_point(monkeypatch, registrations, "registration_added")

    results = at_the_same_moment(
        lambda: register(org.bob.user, org.bob.person),
        lambda: register(org.bob.user, org.bob.person),
        workers=workers,
    )

    saved = [r for r in results if isinstance(r, Registration)]
    refused = [r for r in results if isinstance(r, ValidationError)]
    assert len(saved) == 1 and len(refused) == 1, results
    assert refused[0].messages == ["Trần Văn Bob already registered for Advanced worker in 2025."]
    assert Registration.objects.filter(person=org.bob.person).count() == 1
    assert Event.objects.filter(verb="registration_added").count() == 1


def test_a_registration_racing_the_submission_is_on_the_list_sent_or_refused(org, monkeypatch):
    """Never a registration slipped onto a list after it was counted and sent."""
    first = register(org.bob.user, org.bob.person)
    workers = meeting_point(
        monkeypatch, registrations, "registration_added", "registration_list_submitted"
    )

    results = at_the_same_moment(
        lambda: registrations.registration_list_submit(
            actor=org.alice.user, registration_list=first.registration_list
        ),
        lambda: register(org.alice.user, org.alice.person, "CSTDCS"),
        workers=workers,
    )

    submitted, added = results
    assert isinstance(submitted, RegistrationList), results
    registration_list = RegistrationList.objects.get(pk=first.registration_list_id)
    assert registration_list.status == RegistrationList.Status.SUBMITTED
    sent = Event.objects.get(verb="registration_list_submitted").data["count"]
    assert sent == registration_list.entries.count()
    if isinstance(added, ValidationError):
        assert "has been submitted for review" in added.messages[0]
        assert sent == 1
    else:
        assert isinstance(added, Registration), results
        assert sent == 2


def test_two_officers_reviewing_a_list_at_once_one_decides(org, monkeypatch):
    registration = register(org.bob.user, org.bob.person)
    registrations.registration_list_submit(
        actor=org.alice.user, registration_list=registration.registration_list
    )
    other = UserFactory(username="oanh", roles=[roles.OFFICER, roles.STAFF])
    PersonFactory(code="OANH", full_name="Đỗ Thị Oanh", unit=org.office, user=other)
    workers = meeting_point(
        monkeypatch, registrations, "registration_list_approved", "registration_list_returned"
    )

    results = at_the_same_moment(
        lambda: registrations.registration_list_approve(
            actor=org.alice.user, registration_list=registration.registration_list
        ),
        lambda: registrations.registration_list_return(
            actor=other, registration_list=registration.registration_list, comment="Thiếu tập thể"
        ),
        workers=workers,
    )

    decided = [r for r in results if isinstance(r, RegistrationList)]
    refused = [r for r in results if isinstance(r, ValidationError)]
    assert len(decided) == 1 and len(refused) == 1, results
    assert "Only a submitted list can be reviewed" in refused[0].messages[0]
    registration_list = RegistrationList.objects.get(pk=registration.registration_list_id)
    assert registration_list.status == decided[0].status
    reviews = Event.objects.filter(
        verb__in=["registration_list_approved", "registration_list_returned"]
    )
    assert reviews.count() == 1


def test_the_same_award_entered_twice_at_once_is_kept_once(org, monkeypatch):
    workers = meeting_point(monkeypatch, services.history, "award_recorded")

    def add():
        return services.award_record_add(
            actor=org.alice.user,
            award=award("LDTT"),
            person=org.bob.person,
            year=2019,
            decision_number="45/QĐ-SKHCN",
            decision_date=datetime.date(2020, 1, 10),
            issuer="Giám đốc Sở",
            source=AwardRecord.Source.ENTERED,
            source_document="Bản sao quyết định 45/QĐ-SKHCN",
        )

    results = at_the_same_moment(add, add, workers=workers)

    saved = [r for r in results if isinstance(r, AwardRecord)]
    refused = [r for r in results if isinstance(r, ValidationError)]
    assert len(saved) == 1 and len(refused) == 1, results
    assert "already has Advanced worker for 2019" in refused[0].messages[0]
    assert AwardRecord.objects.filter(person=org.bob.person).count() == 1
