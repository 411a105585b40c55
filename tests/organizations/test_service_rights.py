"""Every HR service checks the actor's right itself, whoever calls it (a view, a command, a job).

A staff member is refused; an emulation officer of another agency (oscar, in `OTHER`) is refused
for a person or a unit of SKHCN, and allowed in its own agency; the system may do anything and
is recorded as no user.
"""

import datetime
import io
from contextlib import contextmanager

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from openpyxl import Workbook

from organizations import importer, roles, services
from organizations.actors import SYSTEM
from organizations.events import describe
from organizations.models import (
    AnnualRating,
    DisciplineRecord,
    Event,
    LeaveRecord,
    PendingReview,
    Person,
    Unit,
    UnitRating,
)
from tests.factories import PendingReviewFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.usefixtures("english")

D = datetime.date


@pytest.fixture
def oscar(org):
    """An emulation officer of the other agency: an officer, but not of SKHCN."""
    user = UserFactory(username="oscar", roles=[roles.OFFICER, roles.STAFF])
    PersonFactory(code="OSCAR", full_name="Đỗ Văn Oscar", unit=org.other, user=user)
    return user


def fresh(persona_or_user):
    """Return the login as a new request would: no roles or scope cached on the object."""
    user = getattr(persona_or_user, "user", persona_or_user)
    return User.objects.get(pk=user.pk)


def snapshot():
    return tuple(
        model.objects.count()
        for model in (
            AnnualRating,
            DisciplineRecord,
            PendingReview,
            LeaveRecord,
            UnitRating,
            Unit,
            Person,
            Event,
        )
    ) + (list(PendingReview.objects.values_list("closed_on", flat=True)),)


@contextmanager
def refused():
    before = snapshot()
    with pytest.raises(PermissionDenied) as denied:
        yield denied
    assert snapshot() == before


# Each write to a person's records: (service, keyword arguments but the actor and the person).
PERSON_WRITES = {
    "rating_record": (services.rating_record, {"year": 2019, "level": "good"}),
    "discipline_record": (
        services.discipline_record,
        {"form": "reprimand", "start_date": D(2019, 3, 1), "reason": "Đi muộn"},
    ),
    "pending_review_open": (
        services.pending_review_open,
        {"kind": "complaint", "opened_on": D(2020, 11, 2)},
    ),
    "leave_record": (
        services.leave_record,
        {"kind": "maternity", "start_date": D(2020, 3, 1), "end_date": D(2020, 8, 31)},
    ),
}


@pytest.mark.parametrize("name", PERSON_WRITES)
def test_staff_may_not_write_a_persons_records(org, name):
    service, fields = PERSON_WRITES[name]
    with refused() as denied:
        service(actor=fresh(org.bob), person=org.carol.person, **fields)
    assert "emulation officer" in str(denied.value)


@pytest.mark.parametrize("name", PERSON_WRITES)
def test_an_officer_of_another_agency_may_not_write_a_persons_records(org, oscar, name):
    service, fields = PERSON_WRITES[name]
    with refused():
        service(actor=fresh(oscar), person=org.carol.person, **fields)
    # Its own agency's people it may.
    service(actor=fresh(oscar), person=org.charlie.person, **fields)


@pytest.mark.parametrize("name", PERSON_WRITES)
def test_no_actor_may_write_nothing(org, name):
    service, fields = PERSON_WRITES[name]
    with refused():
        service(actor=None, person=org.carol.person, **fields)


@pytest.mark.parametrize("name", PERSON_WRITES)
def test_the_system_writes_recorded_as_no_user(org, name):
    service, fields = PERSON_WRITES[name]
    service(actor=SYSTEM, person=org.carol.person, **fields)
    event = Event.objects.for_target(org.carol.person).get()
    assert (event.actor, event.actor_name) == (None, "")


def test_closing_a_pending_review_checks_the_right_and_the_scope(org, oscar):
    review = PendingReviewFactory(person=org.carol.person)
    day = D(2021, 1, 5)
    for actor in (org.bob, oscar):
        with refused():
            services.pending_review_close(actor=fresh(actor), review=review, closed_on=day)
    services.pending_review_close(actor=fresh(org.alice), review=review, closed_on=day)
    review.refresh_from_db()
    assert review.closed_on == D(2021, 1, 5)


def test_a_unit_rating_checks_the_right_and_the_scope(org, oscar):
    for actor in (org.bob, org.carol, oscar):
        with refused():
            services.unit_rating_record(
                actor=fresh(actor), unit=org.technical, year=2019, level="good"
            )
    services.unit_rating_record(actor=fresh(oscar), unit=org.other, year=2019, level="good")
    services.unit_rating_record(actor=SYSTEM, unit=org.technical, year=2019, level="good")
    assert UnitRating.objects.count() == 2


def test_staff_may_not_import_staff(org):
    workbook = importer.StaffWorkbook(
        units=[importer.UnitRow(row=2, code="PKH", name="Phòng", kind="division", parent_code="VP")]
    )
    with refused() as denied:
        services.staff_import(actor=fresh(org.bob), workbook=workbook)
    assert str(denied.value) == "Only the emulation officer imports units and staff."
    with refused():
        services.staff_import(actor=None, workbook=workbook)


def test_the_staff_import_command_reads_as_the_system(org, tmp_path):
    book = Workbook()
    book.active.title = importer.UNITS_SHEET
    book.active.append([column.header for column in importer.UNIT_COLUMNS])
    book.active.append(["PKH", "Phòng Kế hoạch", "Phòng", "OTHER"])
    path = tmp_path / "can-bo.xlsx"
    book.save(path)
    call_command("import_staff", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    # The command line is not limited to one agency's scope.
    assert Unit.objects.get(code="PKH").path == "/OTHER/PKH/"
    event = Event.objects.get(verb="staff_imported")
    assert (event.actor, event.actor_name) == (None, "")
    assert describe(event) == "Excel import: 1 units and 0 people created or updated"
