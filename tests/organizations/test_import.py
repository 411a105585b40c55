"""The Excel import page: upload a workbook of units and staff, check it, write all or nothing.

The upload starts the import as a job (organizations/imports.py); the test backend runs it at
once, so following the redirect opens the finished job's page with what the import found.
"""

import datetime
import html
import io
import zipfile
from contextlib import contextmanager

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from organizations import importer, services
from organizations.models import Event, Job, Person, Unit
from tests.factories import PersonFactory

pytestmark = pytest.mark.usefixtures("english", "media")

UPLOAD_URL = reverse("organizations:import_upload")
TEMPLATE_URL = reverse("organizations:import_template")

UNIT_HEADERS = ["Mã đơn vị", "Tên đơn vị", "Loại", "Mã đơn vị cấp trên"]
STAFF_HEADERS = [
    "Mã cán bộ",
    "Họ và tên",
    "Giới tính",
    "Ngày sinh",
    "Loại hình",
    "Chức vụ",
    "Mã đơn vị",
    "Ngày bắt đầu",
    "Ngày kết thúc",
    "Email",
]


def xlsx(
    units=None,
    staff=None,
    *,
    unit_headers=UNIT_HEADERS,
    staff_headers=STAFF_HEADERS,
    unit_title="Đơn vị",
    staff_title="Cán bộ",
) -> bytes:
    """Build a workbook in memory; a sheet is left out when its rows are None."""
    book = Workbook()
    book.remove(book.active)
    for title, headers, rows in (
        (unit_title, unit_headers, units),
        (staff_title, staff_headers, staff),
    ):
        if rows is None:
            continue
        sheet = book.create_sheet(title)
        sheet.append(headers)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def staff_row(code="CB100", unit="VP", **changes):
    """Return a valid staff row, with some cells replaced by header."""
    values = {
        "Mã cán bộ": code,
        "Họ và tên": "Nguyễn Thị Hoa",
        "Giới tính": "Nữ",
        "Ngày sinh": "15/05/1985",
        "Loại hình": "Viên chức",
        "Chức vụ": "Chuyên viên",
        "Mã đơn vị": unit,
        "Ngày bắt đầu": datetime.date(2020, 1, 1),
        "Ngày kết thúc": None,
        "Email": "hoa@example.gov.vn",
    }
    values.update(changes)
    return [values[header] for header in STAFF_HEADERS]


def snapshot():
    """Return everything an import could change, to compare before and after."""
    return (
        Unit.objects.count(),
        Person.objects.count(),
        Event.objects.count(),
        list(Unit.objects.order_by("code").values_list("code", "name", "kind", "path")),
        list(
            Person.objects.order_by("code").values_list(
                "code", "full_name", "unit__code", "position", "start_date", "end_date", "email"
            )
        ),
    )


@contextmanager
def database_unchanged():
    before = snapshot()
    yield
    assert snapshot() == before


def upload(client, content: bytes, *, name="can-bo.xlsx", dry_run=False):
    """Upload a workbook and follow to the page that answers: the import job's, finished, or
    the import page itself for a file refused at the upload."""
    data = {"file": SimpleUploadedFile(name, content)}
    if dry_run:
        data["dry_run"] = "on"
    return client.post(UPLOAD_URL, data, follow=True)


def errors_of(response) -> list[tuple]:
    """Return the problems the page shows, as (sheet, row, column, message)."""
    assert response.status_code == 200
    if "job" in response.context:
        job = response.context["job"]
        errors = [
            (e["sheet"], e["row"], e["column"], e["message"])
            for e in job.result["file_errors"] + job.result["row_errors"]
        ]
        assert (job.status == Job.Status.FAILED) == bool(errors), job.error
    else:
        errors = [
            (e.sheet, e.row, e.column, e.message)
            for e in response.context["file_errors"] + response.context["row_errors"]
        ]
    page = html.unescape(response.content.decode())
    assert ("nothing has been saved" in page) == bool(errors)
    assert 'data-testid="import-errors-cut"' not in page
    for error in errors:
        assert error[3] in page
    return errors


def imported(response) -> str:
    """Assert the upload's job imported the file and its page says so, with a link to the
    people list; return the summary it shows."""
    assert response.status_code == 200
    job = response.context["job"]
    assert (job.status, job.params["dry_run"]) == (Job.Status.DONE, False), job.error
    page = html.unescape(response.content.decode())
    assert 'data-testid="import-done"' in page
    assert f'href="{reverse("organizations:person_list")}"' in page
    assert job.result["summary"] in page
    return job.result["summary"]


def assert_shows(response, sheet, row, column, text):
    """Assert the page lists a problem at this place whose message contains the text."""
    found = errors_of(response)
    assert any((e[0], e[1], e[2]) == (sheet, row, column) and text in e[3] for e in found), found


# Happy path


def test_it_creates_units_parent_after_child_and_staff(org, login):
    client = login(org.alice)
    content = xlsx(
        units=[
            ["PKH", "Phòng Kế hoạch", "Phòng chuyên môn", "KHOI"],
            ["KHOI", "Khối chuyên môn", "Đơn vị trực thuộc", "SKHCN"],
        ],
        staff=[
            staff_row("CB100", "PKH"),
            [
                "CB101",
                "  Trần   Văn Nam ",
                "Male",
                datetime.datetime(1990, 1, 2),
                "Civil servant",
                None,
                "VP",
                "2019-03-01",
                "31/12/2024",
                None,
            ],
        ],
    )
    message = imported(upload(client, content))
    assert "Units: 2 created, 0 updated" in message
    assert "People: 2 created, 0 updated" in message

    assert Unit.objects.get(code="KHOI").path == "/SKHCN/KHOI/"
    planning = Unit.objects.get(code="PKH")
    assert (planning.path, planning.kind, planning.parent.code) == (
        "/SKHCN/KHOI/PKH/",
        Unit.Kind.DIVISION,
        "KHOI",
    )
    hoa = Person.objects.get(code="CB100")
    assert hoa.unit == planning
    assert hoa.gender == Person.Gender.FEMALE
    assert hoa.employment_type == Person.EmploymentType.PUBLIC_EMPLOYEE
    assert hoa.date_of_birth == datetime.date(1985, 5, 15)
    assert hoa.email == "hoa@example.gov.vn"
    nam = Person.objects.get(code="CB101")
    assert nam.full_name == "Trần Văn Nam"
    assert nam.search_name == "tran van nam"
    assert (nam.start_date, nam.end_date) == (
        datetime.date(2019, 3, 1),
        datetime.date(2024, 12, 31),
    )
    assert nam.employment_type == Person.EmploymentType.CIVIL_SERVANT

    event = Event.objects.get(verb="staff_imported")
    assert event.actor == org.alice.user
    assert event.data["units_created"] == 2
    assert event.data["people_created"] == 2


def test_it_updates_on_reimport(org, login):
    client = login(org.alice)
    kept = PersonFactory(code="CB200", unit=org.office, email="giu@example.gov.vn")
    first = xlsx(
        units=[["PKH", "Phòng Kế hoạch", "Phòng", "SKHCN"]],
        staff=[staff_row("CB100", "PKH")],
    )
    imported(upload(client, first))

    # Bob moves to the new division; CB200's e-mail is not in this sheet, so it stays.
    headers = [header for header in STAFF_HEADERS if header != "Email"]
    second = xlsx(
        units=[
            ["PKH", "Phòng Kế hoạch - Tài chính", "Phòng", "SKHCN"],
            ["VP", "Văn phòng Sở", "Phòng", "SKHCN"],
        ],
        staff=[
            staff_row("CB100", "PKH", **{"Chức vụ": "Trưởng phòng"})[:-1],
            ["BOB", "Trần Văn Bob", "Nam", None, "Công chức", "Chuyên viên", "PKH", "01/01/2015"],
            ["CB200", kept.full_name, "Nam", None, "Công chức", "Chuyên viên", "VP", "01/01/2015"],
            staff_row("CB300", "VP")[:-1],
        ],
        staff_headers=headers,
    )
    message = imported(upload(client, second))
    assert "Units: 0 created, 1 updated, 1 unchanged" in message
    assert "People: 1 created, 2 updated, 1 unchanged" in message

    assert Unit.objects.get(code="PKH").name == "Phòng Kế hoạch - Tài chính"
    assert Person.objects.get(code="CB100").position == "Trưởng phòng"
    bob = Person.objects.get(code="BOB")
    assert bob.unit.code == "PKH"
    assert bob.user == org.bob.user  # the login link is not in the sheet and is kept
    assert Person.objects.get(code="CB200").email == "giu@example.gov.vn"
    assert Person.objects.filter(code="CB300").exists()
    events = Event.objects.filter(verb="staff_imported").order_by("id")
    assert [e.data["people_updated"] for e in events] == [0, 2]


def test_it_moves_a_subtree_with_its_paths(org, login):
    client = login(org.alice)
    content = xlsx(
        units=[
            ["KT", "Phòng Quản lý công nghệ", "Phòng", "KHOI"],
            ["KHOI", "Khối kỹ thuật", "Đơn vị trực thuộc", "SKHCN"],
            ["TO1", "Tổ thẩm định", "Phòng", "KT"],
        ]
    )
    imported(upload(client, content))
    assert Unit.objects.get(code="KT").path == "/SKHCN/KHOI/KT/"
    assert Unit.objects.get(code="TO1").path == "/SKHCN/KHOI/KT/TO1/"


def test_it_accepts_english_headers_and_sheet_names(org, login):
    client = login(org.alice)
    content = xlsx(
        units=[["PKH", "Planning", "division", "SKHCN", "a note"]],
        staff=[["CB100", "Lê Văn Tám", "male", "Cadre", "PKH", "01/02/2021"]],
        unit_headers=[" CODE ", "name", "Kind", "Parent Code", "Ghi chú"],
        staff_headers=[
            "staff code",
            "Full Name",
            "GENDER",
            "Employment type",
            "Unit code",
            "Start date",
        ],
        unit_title="Units",
        staff_title="Staff",
    )
    imported(upload(client, content))
    assert Unit.objects.get(code="PKH").kind == Unit.Kind.DIVISION
    person = Person.objects.get(code="CB100")
    assert (person.employment_type, person.position, person.email) == ("cadre", "", "")


def test_headers_ignore_diacritics_and_case(org, login):
    client = login(org.alice)
    content = xlsx(
        units=[["PKH", "Phòng Kế hoạch", "PHONG", "SKHCN"]],
        unit_headers=["ma don vi", "TÊN ĐƠN VỊ", "loai", "Ma Don Vi Cap Tren"],
        unit_title="don vi",
    )
    imported(upload(client, content))
    assert Unit.objects.filter(code="PKH", kind=Unit.Kind.DIVISION).exists()


def test_it_skips_blank_rows_and_counts_rows_as_excel_does(org, login):
    client = login(org.alice)
    content = xlsx(staff=[staff_row("CB100"), [None] * 10, ["", " "], staff_row("CB101", "NOPE")])
    with database_unchanged():
        response = upload(client, content)
    assert errors_of(response) == [
        (
            "Cán bộ",
            5,
            "Mã đơn vị",
            "There is no unit with the code “NOPE” in this file or in your scope.",
        )
    ]


def test_dry_run_writes_nothing_and_shows_the_changes(org, login):
    client = login(org.alice)
    content = xlsx(
        units=[["PKH", "Phòng Kế hoạch", "Phòng", "SKHCN"], ["VP", "Văn phòng", "Phòng", "SKHCN"]],
        staff=[staff_row("CB100", "PKH")],
    )
    with database_unchanged():
        response = upload(client, content, dry_run=True)
    assert response.status_code == 200
    job = response.context["job"]
    assert job.status == Job.Status.DONE and job.title == "Units and staff: Excel check"
    result = job.result
    assert result["dry_run"] and result["ok"]
    assert result["counts"] == {
        "units_created": 1,
        "units_updated": 1,
        "units_unchanged": 0,
        "people_created": 1,
        "people_updated": 0,
        "people_unchanged": 0,
    }
    assert b'data-testid="dry-run-result"' in response.content
    assert "PKH" in response.content.decode()


# Each bad file: the page says what and where, and the database is untouched.


@pytest.mark.parametrize(
    "content",
    [
        b"Ma can bo,Ho va ten\nCB1,Nguyen Van An\n",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512,  # an old .xls (OLE2)
        "zip",
    ],
    ids=["text", "xls", "zip-not-workbook"],
)
def test_it_refuses_a_file_that_is_not_xlsx(org, login, content):
    if content == "zip":
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("hello.txt", "xin chào")
        content = buffer.getvalue()
    client = login(org.alice)
    with database_unchanged():
        response = upload(client, content)
    [(sheet, row, column, message)] = errors_of(response)
    assert (sheet, row, column) == ("", None, "")
    assert message.startswith("This file is not an Excel workbook (.xlsx).")


def test_it_refuses_a_20_mb_file_without_opening_it(org, login, monkeypatch):
    def never(*args, **kwargs):
        raise AssertionError("openpyxl must not open a file over the limit")

    monkeypatch.setattr(importer, "load_workbook", never)
    client = login(org.alice)
    with database_unchanged():
        response = upload(client, b"\x00" * (20 * 1024 * 1024))
    [(_, _, _, message)] = errors_of(response)
    assert message.startswith("The file is 20 MB; the import accepts files up to 5 MB.")
    # Refused on the upload's page: no job, nothing stored.
    assert response.redirect_chain == [] and not Job.objects.exists()


def test_it_refuses_more_rows_than_the_limit(org, login, settings):
    settings.IMPORT_MAX_ROWS = 2
    client = login(org.alice)
    content = xlsx(staff=[staff_row(f"CB{n}") for n in range(3)])
    with database_unchanged():
        response = upload(client, content)
    [(_, _, _, message)] = errors_of(response)
    assert message == "The file has more than 2 data rows; split it into smaller files."


def test_it_names_a_missing_required_column_and_its_sheet(org, login):
    client = login(org.alice)
    headers = [header for header in STAFF_HEADERS if header != "Ngày bắt đầu"]
    content = xlsx(staff=[staff_row()[:7] + [None, None]], staff_headers=headers)
    with database_unchanged():
        response = upload(client, content)
    assert errors_of(response) == [
        (
            "Cán bộ",
            1,
            "Ngày bắt đầu",
            "The sheet “Cán bộ” has no column “Ngày bắt đầu” (required).",
        )
    ]


def test_it_reports_every_required_column_of_a_sheet_with_wrong_headers(org, login):
    client = login(org.alice)
    content = xlsx(units=[["PKH", "Phòng Kế hoạch", "Phòng"]], unit_headers=["Ma", "Ten", "Kieu"])
    with database_unchanged():
        response = upload(client, content)
    found = errors_of(response)
    assert [(e[0], e[1], e[2]) for e in found] == [
        ("Đơn vị", 1, "Mã đơn vị"),
        ("Đơn vị", 1, "Tên đơn vị"),
        ("Đơn vị", 1, "Loại"),
    ]


def test_it_refuses_duplicate_unit_codes(org, login):
    client = login(org.alice)
    content = xlsx(
        units=[
            ["PKH", "Phòng Kế hoạch", "Phòng", "SKHCN"],
            ["PTC", "Phòng Tài chính", "Phòng", "SKHCN"],
            ["PKH", "Phòng Kế hoạch 2", "Phòng", "SKHCN"],
        ]
    )
    with database_unchanged():
        response = upload(client, content)
    assert errors_of(response) == [
        (
            "Đơn vị",
            4,
            "Mã đơn vị",
            "The unit code “PKH” appears on rows 2, 4; each unit may appear once.",
        )
    ]


def test_it_refuses_duplicate_staff_codes(org, login):
    client = login(org.alice)
    content = xlsx(staff=[staff_row("CB1"), staff_row("CB2"), staff_row("CB1"), staff_row("CB1")])
    with database_unchanged():
        response = upload(client, content)
    assert errors_of(response) == [
        (
            "Cán bộ",
            4,
            "Mã cán bộ",
            "The staff code “CB1” appears on rows 2, 4, 5; each person may appear once.",
        )
    ]


def test_it_refuses_an_unknown_parent_unit(org, login):
    client = login(org.alice)
    content = xlsx(units=[["PKH", "Phòng Kế hoạch", "Phòng", "KHONGCO"]])
    with database_unchanged():
        response = upload(client, content)
    assert_shows(
        response,
        "Đơn vị",
        2,
        "Mã đơn vị cấp trên",
        "There is no unit with the code “KHONGCO” in this file or in your scope.",
    )


def test_it_refuses_a_unit_below_itself(org, login):
    client = login(org.alice)
    content = xlsx(
        units=[
            ["A1", "Đơn vị A", "Phòng", "B1"],
            ["B1", "Đơn vị B", "Phòng", "A1"],
            ["SKHCN", "Sở Khoa học và Công nghệ", "Cơ quan", "KT"],
        ]
    )
    with database_unchanged():
        response = upload(client, content)
    assert_shows(response, "Đơn vị", 2, "Mã đơn vị cấp trên", "A1 → B1 → A1")
    assert_shows(response, "Đơn vị", 3, "Mã đơn vị cấp trên", "B1 → A1 → B1")
    # KT is below SKHCN in the portal, so SKHCN cannot move below KT.
    assert_shows(response, "Đơn vị", 4, "Mã đơn vị cấp trên", "SKHCN → KT → SKHCN")


def test_it_refuses_bad_dates(org, login):
    client = login(org.alice)
    content = xlsx(
        staff=[
            staff_row("CB1", **{"Ngày sinh": "31/02/1985"}),
            staff_row("CB2", **{"Ngày bắt đầu": "ngày mai"}),
            staff_row("CB3", **{"Ngày bắt đầu": 42}),
        ]
    )
    with database_unchanged():
        response = upload(client, content)
    hint = "is not a date; write it as dd/mm/yyyy"
    assert_shows(response, "Cán bộ", 2, "Ngày sinh", f"“31/02/1985” {hint}")
    assert_shows(response, "Cán bộ", 3, "Ngày bắt đầu", f"“ngày mai” {hint}")
    assert_shows(response, "Cán bộ", 4, "Ngày bắt đầu", f"“42” {hint}")


def test_it_refuses_an_end_before_the_start(org, login):
    client = login(org.alice)
    content = xlsx(
        staff=[staff_row(**{"Ngày bắt đầu": "01/06/2020", "Ngày kết thúc": "31/05/2020"})]
    )
    with database_unchanged():
        response = upload(client, content)
    assert errors_of(response) == [
        (
            "Cán bộ",
            2,
            "Ngày kết thúc",
            "The end date 31/05/2020 is before the start date 01/06/2020.",
        )
    ]


def test_it_refuses_an_unknown_kind_and_lists_the_accepted_ones(org, login):
    client = login(org.alice)
    content = xlsx(units=[["PKH", "Phòng Kế hoạch", "Phòng ban", "SKHCN"]])
    with database_unchanged():
        response = upload(client, content)
    assert errors_of(response) == [
        (
            "Đơn vị",
            2,
            "Loại",
            "“Phòng ban” is not accepted here. Write one of: Cơ quan, Ban lãnh đạo, Phòng, "
            "Đơn vị trực thuộc, Công đoàn, Đoàn thanh niên, Chi bộ.",
        )
    ]


def test_it_collects_every_problem_of_every_row(org, login):
    client = login(org.alice)
    content = xlsx(
        units=[["PKH", "x" * 256, "Phòng", "SKHCN"], ["A/B", "Sai mã", "Phòng", "SKHCN"]],
        staff=[
            staff_row("CB1", **{"Họ và tên": None, "Giới tính": "Khác"}),
            staff_row("CB2", **{"Loại hình": "Thời vụ", "Email": "not-an-email"}),
        ],
    )
    with database_unchanged():
        response = upload(client, content)
    found = [(e[0], e[1], e[2]) for e in errors_of(response)]
    assert found == [
        ("Đơn vị", 2, "Tên đơn vị"),
        ("Đơn vị", 3, "Mã đơn vị"),
        ("Cán bộ", 2, "Họ và tên"),
        ("Cán bộ", 2, "Giới tính"),
        ("Cán bộ", 3, "Loại hình"),
        ("Cán bộ", 3, "Email"),
    ]
    page = html.unescape(response.content.decode())
    assert "At most 255 characters are allowed; this cell has 256." in page
    assert "A unit code cannot contain '/'." in page
    assert "This cell is required but empty." in page
    assert "Write one of: Nữ, Nam." in page
    assert "“not-an-email” is not a valid e-mail address." in page


def test_it_refuses_a_workbook_with_no_rows(org, login):
    client = login(org.alice)
    with database_unchanged():
        response = upload(client, xlsx(units=[], staff=[]))
    assert errors_of(response) == [("", None, "", "The workbook has no units and no staff rows.")]


def test_it_refuses_a_workbook_without_the_sheets(org, login):
    client = login(org.alice)
    with database_unchanged():
        response = upload(client, xlsx(units=[["PKH"]], unit_title="Sheet1"))
    [(_, _, _, message)] = errors_of(response)
    assert message.startswith("The workbook has neither a “Đơn vị” (units) sheet nor a “Cán bộ”")


# Access and the template


@pytest.mark.parametrize("persona", ["bob", "charlie"])
def test_it_requires_the_import_permission(org, login, persona):
    client = login(getattr(org, persona))
    with database_unchanged():
        assert client.get(UPLOAD_URL).status_code == 403
        assert upload(client, xlsx(units=[["PKH", "P", "Phòng", "SKHCN"]])).status_code == 403
        assert client.get(TEMPLATE_URL).status_code == 403


def test_it_requires_a_login(client, db):
    assert client.get(UPLOAD_URL).status_code == 302
    assert client.get(TEMPLATE_URL).status_code == 302


def test_it_shows_the_form(org, login):
    response = login(org.alice).get(UPLOAD_URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'enctype="multipart/form-data"' in page
    assert TEMPLATE_URL in page
    assert 'name="dry_run"' in page


def test_the_template_opens_and_has_the_headers(org, login):
    response = login(org.alice).get(TEMPLATE_URL)
    assert response.status_code == 200
    assert response["Content-Type"] == importer.XLSX_CONTENT_TYPE
    assert 'attachment; filename="mau-nhap-can-bo.xlsx"' == response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Đơn vị", "Cán bộ", "Hướng dẫn"]
    units, staff = book["Đơn vị"], book["Cán bộ"]
    assert [cell.value for cell in units[1]] == UNIT_HEADERS
    assert [cell.value for cell in staff[1]] == STAFF_HEADERS
    assert all(cell.font.b for cell in staff[1])
    assert units.max_row == 2 and staff.max_row == 2
    assert staff["D2"].number_format == "DD/MM/YYYY"
    guide = "\n".join(
        str(value) for row in book["Hướng dẫn"].iter_rows(values_only=True) for value in row
    )
    for word in ("Loại", "Cơ quan", "Loại hình", "Công chức", "Giới tính", "Nữ", "dd/mm/yyyy"):
        assert word in guide


def test_the_template_uploaded_unchanged_is_refused_row_by_row_and_changes_nothing(org, login):
    """Its examples once named the demo agency: uploaded unchanged, the template renamed it
    and added a made-up employee. The examples' codes are the template's own now."""
    client = login(org.alice)
    template = client.get(TEMPLATE_URL).content
    book = load_workbook(io.BytesIO(template))
    assert book["Đơn vị"]["A2"].value.startswith("VIDU-")
    assert "SKHCN" not in [cell.value for row in book["Đơn vị"].iter_rows() for cell in row]
    with database_unchanged():
        response = upload(client, template)
    problems = errors_of(response)
    assert {(sheet, row) for sheet, row, _column, message in problems if "example" in message} == {
        ("Đơn vị", 2),
        ("Cán bộ", 2),
    }


def test_the_template_offers_its_coded_columns_as_lists(org, login):
    book = load_workbook(io.BytesIO(login(org.alice).get(TEMPLATE_URL).content))
    lists = {
        (sheet, str(validation.sqref)): validation.formula1
        for sheet in ("Đơn vị", "Cán bộ")
        for validation in book[sheet].data_validations.dataValidation
    }
    assert (
        lists[("Đơn vị", "C2:C2000")]
        == '"Cơ quan,Ban lãnh đạo,Phòng,Đơn vị trực thuộc,Công đoàn,Đoàn thanh niên,Chi bộ"'
    )
    assert lists[("Cán bộ", "C2:C2000")] == '"Nữ,Nam"'
    assert lists[("Cán bộ", "E2:E2000")] == '"Cán bộ,Công chức,Viên chức,Người lao động"'
    # The unit codes are picked from the units written on the first sheet.
    assert lists[("Cán bộ", "G2:G2000")] == "'Đơn vị'!$A$2:$A$2000"
    assert lists[("Đơn vị", "D2:D2000")] == "'Đơn vị'!$A$2:$A$2000"


def test_a_units_sheet_without_the_parent_column_keeps_the_parents(org, login):
    client = login(org.alice)
    content = xlsx(
        units=[["KT", "Phòng Công nghệ", "Phòng"]],
        unit_headers=UNIT_HEADERS[:3],
    )
    imported(upload(client, content))
    technical = Unit.objects.get(code="KT")
    assert (technical.name, technical.path) == ("Phòng Công nghệ", "/SKHCN/KT/")


def test_the_service_turns_model_errors_into_row_errors(org):
    workbook = importer.StaffWorkbook(
        units=[
            importer.UnitRow(row=7, code="PKH", name="Phòng", kind="bogus", parent_code="SKHCN")
        ],
        unit_headers={"code": "Code", "name": "Name", "kind": "Kind", "parent_code": "Parent"},
    )
    with database_unchanged():
        result = services.staff_import(actor=org.alice.user, workbook=workbook)
    assert [(e.sheet, e.row, e.column) for e in result.errors] == [("Đơn vị", 7, "Kind")]
    assert "bogus" in result.errors[0].message


# Scope: an officer changes its own agency only


def test_it_refuses_to_change_a_unit_of_another_agency(org, login):
    content = xlsx(units=[["OTHER", "Sở Tài chính (đổi tên)", "Cơ quan", None]])
    with database_unchanged():
        response = upload(login(org.alice), content)
    assert_shows(response, "Đơn vị", 2, "Mã đơn vị", "OTHER is outside your scope")


def test_it_refuses_a_new_unit_below_another_agency(org, login):
    content = xlsx(units=[["PTC", "Phòng Tài chính", "Phòng", "OTHER"]])
    with database_unchanged():
        response = upload(login(org.alice), content)
    assert_shows(
        response,
        "Đơn vị",
        2,
        "Mã đơn vị cấp trên",
        "no unit with the code “OTHER” in this file or in your scope",
    )


def test_only_an_administrator_creates_a_top_level_unit(org, login, client, django_user_model):
    content = xlsx(units=[["SNV", "Sở Nội vụ", "Cơ quan", None]])
    with database_unchanged():
        response = upload(login(org.alice), content)
    assert_shows(response, "Đơn vị", 2, "Mã đơn vị cấp trên", "Only an administrator")
    admin = django_user_model.objects.create_superuser("root", password="x")
    client.force_login(admin)
    imported(upload(client, content))
    assert Unit.objects.get(code="SNV").path == "/SNV/"


def test_it_refuses_staff_of_another_agency(org, login):
    content = xlsx(staff=[staff_row("CHARLIE", "VP"), staff_row("CB200", "OTHER")])
    with database_unchanged():
        response = upload(login(org.alice), content)
    assert_shows(response, "Cán bộ", 2, "Mã cán bộ", "outside your scope")
    assert_shows(
        response,
        "Cán bộ",
        3,
        "Mã đơn vị",
        "no unit with the code “OTHER” in this file or in your scope",
    )


def test_the_command_line_is_not_limited_by_scope(org):
    from organizations.actors import SYSTEM
    from organizations.importer import read_workbook

    content = xlsx(units=[["OTHER", "Sở Tài chính tỉnh Lạng Sơn", "Cơ quan", None]])
    result = services.staff_import(actor=SYSTEM, workbook=read_workbook(io.BytesIO(content)))
    assert result.ok
    assert Unit.objects.get(code="OTHER").name == "Sở Tài chính tỉnh Lạng Sơn"


def test_a_staff_code_with_a_slash_is_refused_as_every_link_to_the_person_would_break(org, login):
    content = xlsx(staff=[staff_row("CB/900")])
    with database_unchanged():
        response = upload(login(org.alice), content)
    assert [(e[0], e[1], e[2], e[3]) for e in errors_of(response)] == [
        ("Cán bộ", 2, "Mã cán bộ", "A staff code cannot contain '/'.")
    ]
    person = org.bob.person
    person.code = "CB/900"
    with pytest.raises(ValidationError) as refused:
        person.full_clean()
    assert refused.value.message_dict["code"] == ["A staff code cannot contain '/'."]
