"""The people export: the list a user sees, in the import format, to edit and import back."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from organizations import roles
from organizations.models import Event, Person
from tests.factories import PersonFactory, UserFactory
from tests.jobs import run_export
from tests.organizations.test_import import (
    STAFF_HEADERS,
    UNIT_HEADERS,
    database_unchanged,
    imported,
    snapshot,
    upload,
)

pytestmark = pytest.mark.usefixtures("english", "media")

EXPORT_URL = reverse("organizations:person_export")


def sheet_rows(content: bytes, title: str) -> list[tuple]:
    book = load_workbook(io.BytesIO(content))
    return list(book[title].iter_rows(values_only=True))


def staff_codes(response) -> set[str]:
    return {row[0] for row in sheet_rows(response.content, "Cán bộ")[1:]}


def test_it_exports_people_and_units_in_the_import_format(org, login):
    PersonFactory(
        code="CB900",
        full_name="Đỗ Thị Mai",
        gender=Person.Gender.FEMALE,
        unit=org.technical,
        date_of_birth=datetime.date(1988, 3, 9),
        end_date=datetime.date(2030, 6, 30),
        email="mai@example.gov.vn",
        employment_type=Person.EmploymentType.CONTRACT,
    )
    response = run_export(login(org.alice), EXPORT_URL)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="can-bo-')

    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Đơn vị", "Cán bộ"]
    units = list(book["Đơn vị"].iter_rows(values_only=True))
    assert list(units[0]) == UNIT_HEADERS
    assert units[1:] == [
        ("SKHCN", "Sở Khoa học và Công nghệ", "Cơ quan", None),
        ("CD", "Công đoàn cơ sở", "Công đoàn", "SKHCN"),
        ("KT", "Phòng Quản lý công nghệ", "Phòng", "SKHCN"),
        ("VP", "Văn phòng Sở", "Phòng", "SKHCN"),
    ]
    staff = book["Cán bộ"]
    assert [cell.value for cell in staff[1]] == STAFF_HEADERS
    mai = next(row for row in staff.iter_rows(min_row=2) if row[0].value == "CB900")
    assert [cell.value for cell in mai] == [
        "CB900",
        "Đỗ Thị Mai",
        "Nữ",
        datetime.datetime(1988, 3, 9),
        "Người lao động",
        "Chuyên viên",
        "KT",
        datetime.datetime(2015, 1, 1),
        datetime.datetime(2030, 6, 30),
        "mai@example.gov.vn",
    ]
    assert mai[3].number_format == mai[7].number_format == "DD/MM/YYYY"


def test_it_round_trips(org, login):
    client = login(org.alice)
    exported = run_export(client, EXPORT_URL).content
    before = snapshot()
    message = imported(upload(client, exported))
    assert "Units: 0 created, 0 updated, 4 unchanged." in message
    assert "People: 0 created, 0 updated, 4 unchanged." in message
    after = snapshot()
    assert after[2] == before[2] + 1  # the one import event
    assert (after[:2], after[3:]) == (before[:2], before[3:])
    assert Person.objects.get(code="ALICE").user == org.alice.user


def test_an_edited_export_updates_what_changed(org, login):
    client = login(org.alice)
    book = load_workbook(io.BytesIO(run_export(client, EXPORT_URL).content))
    staff = book["Cán bộ"]
    bob = next(row for row in staff.iter_rows(min_row=2) if row[0].value == "BOB")
    bob[5].value = "Phó Chánh Văn phòng"
    buffer = io.BytesIO()
    book.save(buffer)
    imported(upload(client, buffer.getvalue()))
    assert Person.objects.get(code="BOB").position == "Phó Chánh Văn phòng"
    event = Event.objects.get(verb="staff_imported")
    assert (event.data["people_updated"], event.data["people_unchanged"]) == (1, 3)


def test_it_applies_the_list_filters(org, login):
    client = login(org.alice)
    assert staff_codes(run_export(client, EXPORT_URL, {"unit": "KT"})) == {"CAROL", "DAVE"}
    assert staff_codes(run_export(client, EXPORT_URL, {"q": "tran van bob"})) == {"BOB"}


def test_it_keeps_to_the_scope(org, login):
    alice = run_export(login(org.alice), EXPORT_URL)
    assert staff_codes(alice) == {"ALICE", "BOB", "CAROL", "DAVE"}

    erin = UserFactory(username="erin", roles=[roles.OFFICER, roles.STAFF])
    PersonFactory(code="ERIN", full_name="Vũ Thị Erin", unit=org.other, user=erin)
    response = run_export(login(type(org.alice)(user=erin)), EXPORT_URL)
    assert staff_codes(response) == {"CHARLIE", "ERIN"}
    units = sheet_rows(response.content, "Đơn vị")[1:]
    assert [row[0] for row in units] == ["OTHER"]


@pytest.mark.parametrize("persona", ["bob", "charlie"])
def test_it_requires_the_export_permission(org, login, persona):
    assert run_export(login(getattr(org, persona)), EXPORT_URL).status_code == 403


def test_it_requires_a_login(client, db):
    assert run_export(client, EXPORT_URL).status_code == 302


def test_it_costs_the_same_queries_for_5_and_50_people(org, login):
    client = login(org.alice)
    PersonFactory.create_batch(5, unit=org.technical)
    run_export(client, EXPORT_URL)  # warm the session and content-type caches
    with CaptureQueriesContext(connection) as few:
        assert staff_count(run_export(client, EXPORT_URL)) == 9
    PersonFactory.create_batch(45, unit=org.office)
    with CaptureQueriesContext(connection) as many:
        assert staff_count(run_export(client, EXPORT_URL)) == 54
    assert len(many) == len(few)


def staff_count(response) -> int:
    return len(sheet_rows(response.content, "Cán bộ")) - 1


def test_export_with_nobody_is_still_importable(org, login):
    client = login(org.alice)
    exported = run_export(client, EXPORT_URL, {"q": "không có ai"}).content
    assert sheet_rows(exported, "Cán bộ") == [tuple(STAFF_HEADERS)]
    with database_unchanged():
        response = upload(client, exported, dry_run=True)
    assert response.context["job"].result["ok"]
