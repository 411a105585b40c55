"""The consolidated registrations table: scope, filters, search with or without diacritics,
pagination at a constant query count, and an Excel export that agrees with the page."""

import datetime
import io

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from awards.models import Award, RegistrationList
from awards.registration_export import COLUMNS, SHEET_TITLE
from awards.services import registrations as services
from tests.factories import PersonFactory, UnitFactory
from tests.jobs import run_export

pytestmark = pytest.mark.usefixtures("english")

TABLE = reverse("awards:registration_table")
EXPORT = reverse("awards:registration_export")
ALL_YEARS = {"year": ""}


def register(actor, code="LDTT", year=2020, **kwargs):
    return services.registration_add(
        actor=actor, award=Award.objects.get(code=code), year=year, **kwargs
    )


@pytest.fixture
def registrations(org, campaign):
    """KT: dave (LĐTT, CSTĐCS) and the collective, submitted and approved; VP: bob (LĐTT, in the
    campaign) in draft; 2021: alice (LĐTT)."""
    register(org.dave.user, person=org.dave.person)
    register(org.dave.user, "CSTDCS", person=org.dave.person)
    register(org.carol.user, "TTLDTT", unit=org.technical)
    technical = RegistrationList.objects.get(unit=org.technical)
    services.registration_list_submit(actor=org.carol.user, registration_list=technical)
    services.registration_list_approve(actor=org.alice.user, registration_list=technical)
    register(org.bob.user, person=org.bob.person, campaign=campaign)
    register(org.alice.user, person=org.alice.person, year=2021)


def names(response):
    return [entry.registrant_name for entry in response.context["page"].object_list]


def test_the_table_opens_on_the_latest_year_of_its_lists(org, login, registrations):
    response = login(org.alice).get(TABLE)
    assert response.status_code == 200
    assert names(response) == ["Nguyễn Thị Alice"]  # 2021
    assert response.context["filter"].form["year"].value() == "2021"
    assert [choice[0] for choice in response.context["filter"].form.fields["year"].choices] == [
        "",
        "2021",
        "2020",
    ]
    # A unit head's lists are all of 2020: the table opens there.
    assert len(names(login(org.carol).get(TABLE))) == 3


def test_the_officer_sees_every_registration_of_the_agency(org, login, registrations):
    response = login(org.alice).get(TABLE, ALL_YEARS)
    assert response.status_code == 200
    # Newest year first; then by unit, the collective before its people.
    assert [(e.year, e.registrant_name, e.award.code) for e in response.context["page"]] == [
        (2021, "Nguyễn Thị Alice", "LDTT"),
        (2020, "Phòng Quản lý công nghệ", "TTLDTT"),
        (2020, "Hoàng Văn Dave", "LDTT"),
        (2020, "Hoàng Văn Dave", "CSTDCS"),
        (2020, "Trần Văn Bob", "LDTT"),
    ]


def test_the_leadership_sees_the_agency_too(org, leader, registrations):
    client = Client()
    client.force_login(leader.user)
    assert len(names(client.get(TABLE, ALL_YEARS))) == 5


def test_a_unit_head_sees_its_subtree_only(org, login, registrations):
    assert set(names(login(org.carol).get(TABLE))) == {"Hoàng Văn Dave", "Phòng Quản lý công nghệ"}


def test_staff_and_outsiders_may_not_open_it(org, login, registrations):
    assert login(org.bob).get(TABLE).status_code == 403
    assert login(org.bob).post(EXPORT, {"query": ""}).status_code == 403
    assert login(org.charlie).get(TABLE).status_code == 403


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"year": 2021}, ["Nguyễn Thị Alice"]),
        ({"unit": "KT"}, ["Phòng Quản lý công nghệ", "Hoàng Văn Dave", "Hoàng Văn Dave"]),
        ({"unit": "SKHCN", "year": 2020, "award": "LDTT"}, ["Hoàng Văn Dave", "Trần Văn Bob"]),
        ({"award": "CSTDCS"}, ["Hoàng Văn Dave"]),
        ({"subject": "collective"}, ["Phòng Quản lý công nghệ"]),
        ({"subject": "person", "status": "draft"}, ["Nguyễn Thị Alice", "Trần Văn Bob"]),
        ({"status": "approved"}, ["Phòng Quản lý công nghệ", "Hoàng Văn Dave", "Hoàng Văn Dave"]),
        ({"q": "tran van bob"}, ["Trần Văn Bob"]),
        ({"q": "Trần Văn"}, ["Trần Văn Bob"]),
        ({"q": "BOB"}, ["Trần Văn Bob"]),
        ({"q": "quan ly cong nghe"}, ["Phòng Quản lý công nghệ"]),
    ],
)
def test_filters_and_search(org, login, registrations, params, expected):
    assert names(login(org.alice).get(TABLE, {**ALL_YEARS, **params})) == expected


def test_the_campaign_filter(org, login, registrations, campaign):
    query = {**ALL_YEARS, "campaign": str(campaign.code)}
    assert names(login(org.alice).get(TABLE, query)) == ["Trần Văn Bob"]


def test_an_empty_result_says_what_to_do(org, login, registrations):
    response = login(org.alice).get(TABLE, {"q": "nobody at all"})
    assert "No registration matches these filters" in response.text
    response = login(org.carol).get(TABLE, {"subject": "collective", "award": "LDTT"})
    assert "No registration matches these filters" in response.text


def test_an_empty_table_says_how_registrations_come_in(org, login):
    response = login(org.alice).get(TABLE)
    assert "No registration in your scope yet" in response.text


def _grow(org, count, start):
    """Add `count` people to KT, each registered by the unit head, and one more unit."""
    unit = UnitFactory(code=f"U{start}", name=f"Tổ công tác {start}", parent=org.technical)
    register(org.carol.user, "TTLDTT", unit=unit)
    for index in range(count):
        person = PersonFactory(code=f"P{start + index}", full_name=f"Lý Văn Số {index}", unit=unit)
        register(org.carol.user, person=person)


def test_the_query_count_does_not_grow_with_the_data(org, login, registrations, settings):
    settings.PAGE_SIZE = 100
    client = login(org.alice)

    def queries():
        client.get(TABLE)  # warm the session and the content types
        with CaptureQueriesContext(connection) as captured:
            response = client.get(TABLE, {"year": 2020})
        assert response.status_code == 200
        return len(captured), len(response.context["page"].object_list)

    small, small_rows = queries()
    _grow(org, 12, 100)
    large, large_rows = queries()
    assert large_rows == small_rows + 13
    assert large == small


def test_it_pages(org, login, registrations, settings):
    settings.PAGE_SIZE = 2
    response = login(org.alice).get(TABLE, {"year": 2020, "page": 2})
    assert names(response) == ["Hoàng Văn Dave", "Trần Văn Bob"]
    assert "year=2020&amp;page=1" in response.text


def export_rows(content):
    book = load_workbook(io.BytesIO(content))
    assert book.sheetnames == [SHEET_TITLE]
    sheet = book[SHEET_TITLE]
    rows = list(sheet.iter_rows(values_only=True))
    return sheet, rows


def test_the_export_has_vietnamese_headers_and_dd_mm_yyyy_dates(org, login, registrations):
    response = run_export(login(org.alice), EXPORT, {**ALL_YEARS, "unit": "KT"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="dang-ky-thi-dua-')
    sheet, rows = export_rows(response.content)
    assert list(rows[0]) == [column.header for column in COLUMNS]
    assert rows[0][:6] == (
        "Năm",
        "Đơn vị",
        "Đối tượng",
        "Họ và tên / Tập thể",
        "Mã cán bộ",
        "Danh hiệu đăng ký",
    )
    collective = rows[1]
    assert collective[:8] == (
        2020,
        "Phòng Quản lý công nghệ",
        "Tập thể",
        "Phòng Quản lý công nghệ",
        None,
        "Tập thể lao động tiên tiến",
        None,
        "Đã duyệt",
    )
    assert isinstance(collective[8], datetime.datetime)
    assert sheet.cell(row=2, column=9).number_format == "DD/MM/YYYY"
    assert collective[9] == "Lê Thị Carol"


def test_the_export_and_the_page_agree(org, login, registrations, settings):
    settings.PAGE_SIZE = 100
    _grow(org, 5, 200)
    client = login(org.alice)
    for params in [
        {},
        ALL_YEARS,
        {"year": 2020},
        {"q": "so"},
        {"subject": "person", "status": "draft"},
    ]:
        page = client.get(TABLE, params).context["page"]
        _sheet, rows = export_rows(run_export(client, EXPORT, params).content)
        on_page = [
            (e.year, e.registration_list.unit.name, e.registrant_name, e.award.name_vi)
            for e in page.object_list
        ]
        in_file = [(row[0], row[1], row[3], row[5]) for row in rows[1:]]
        assert in_file == on_page, params
        assert len(in_file) == page.paginator.count


def test_the_unit_heads_export_keeps_to_its_scope(org, login, registrations):
    _sheet, rows = export_rows(run_export(login(org.carol), EXPORT).content)
    assert {row[3] for row in rows[1:]} == {"Hoàng Văn Dave", "Phòng Quản lý công nghệ"}
