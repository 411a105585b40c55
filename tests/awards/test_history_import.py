"""The Excel import of the award history for the years before the portal (issue 4, item 5).

The upload starts the import as a job (awards/jobs.py); the test backend runs it at once, so
following the redirect opens the finished job's page with what the import found.
"""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from openpyxl import Workbook, load_workbook

from awards import importer, services
from awards.models import Award, AwardRecord
from organizations.models import Event, Job
from tests.factories import PersonFactory

pytestmark = pytest.mark.usefixtures("english", "media")

UPLOAD_URL = reverse("awards:history_import")
TEMPLATE_URL = reverse("awards:history_import_template")

HEADERS = [
    "Mã cán bộ",
    "Mã đơn vị",
    "Mã danh hiệu/hình thức",
    "Năm",
    "Số quyết định",
    "Ngày quyết định",
    "Cơ quan ban hành",
    "Văn bản nguồn",
]
ISSUER = "Giám đốc Sở Khoa học và Công nghệ"


def row(person="CAROL", unit="", award="LDTT", year=2019, **changes):
    """Return a valid row, with some cells replaced by header."""
    values = {
        "Mã cán bộ": person,
        "Mã đơn vị": unit,
        "Mã danh hiệu/hình thức": award,
        "Năm": year,
        "Số quyết định": f"12/QĐ-SKHCN-{year}",
        "Ngày quyết định": datetime.date(year + 1, 1, 15),
        "Cơ quan ban hành": ISSUER,
        "Văn bản nguồn": "Sổ theo dõi khen thưởng",
    }
    values.update(changes)
    return [values[header] for header in HEADERS]


def xlsx(rows, *, headers=HEADERS, title="Khen thưởng") -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = title
    sheet.append(headers)
    for values in rows:
        sheet.append(values)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def upload(client, content, *, dry_run=False, name="khen-thuong.xlsx"):
    """Upload a workbook and follow to the page that answers: the import job's, finished, or
    the import page itself for a file refused at the upload."""
    data = {"file": SimpleUploadedFile(name, content, content_type=importer.XLSX_CONTENT_TYPE)}
    if dry_run:
        data["dry_run"] = "on"
    return client.post(UPLOAD_URL, data, follow=True)


def snapshot():
    return AwardRecord.objects.count(), Event.objects.count()


def errors_of(response):
    """Return the problems shown, as (sheet, row, column, message) tuples."""
    if "job" not in response.context:  # refused at the upload
        errors = response.context["file_errors"] + response.context["row_errors"]
        return [(e.sheet, e.row, e.column, e.message) for e in errors]
    result = response.context["job"].result
    errors = result["file_errors"] + result["row_errors"]
    return [(e["sheet"], e["row"], e["column"], e["message"]) for e in errors]


def imported(response) -> str:
    """Assert the upload's job imported the file and its page says so, with a link to the
    imported records in the history; return the summary it shows."""
    assert response.status_code == 200
    job = response.context["job"]
    assert (job.status, job.params["dry_run"]) == (Job.Status.DONE, False), job.error
    page = response.content.decode()
    assert 'data-testid="import-done"' in page
    assert f'href="{reverse("awards:history_list")}?source=imported"' in page
    assert escape(job.result["summary"]) in page
    return job.result["summary"]


def refused(client, content):
    """Upload a file that must be refused; check the page and that nothing was written."""
    before = snapshot()
    response = upload(client, content)
    assert response.status_code == 200
    assert snapshot() == before
    page = response.content.decode()
    assert "nothing has been saved" in page
    found = errors_of(response)
    assert found
    for _sheet, _row, _column, message in found:
        assert escape(message) in page
    return found


def only_error(client, content):
    (error,) = refused(client, content)
    return error


# --- writing ----------------------------------------------------------------------------------


def test_it_adds_person_and_unit_records_as_imported(org, login):
    content = xlsx(
        [
            row("CAROL", "", "CSTDCS", 2019),
            row("", "KT", "TTLDTT", 2019),
            row("DAVE", "", "GIAY_KHEN", 2018, **{"Ngày quyết định": "20/12/2018"}),
        ]
    )
    summary = imported(upload(login(org.alice), content))
    assert summary == "3 award records: 2 for people, 1 for collectives."
    carol = AwardRecord.objects.get(person=org.carol.person)
    assert (carol.award.code, carol.year, carol.source) == ("CSTDCS", 2019, "imported")
    assert carol.decision_number == "12/QĐ-SKHCN-2019"
    assert carol.decision_date == datetime.date(2020, 1, 15)
    assert (carol.issuer, carol.source_document) == (ISSUER, "Sổ theo dõi khen thưởng")
    assert AwardRecord.objects.get(unit=org.technical).award.code == "TTLDTT"
    dave = AwardRecord.objects.get(person=org.dave.person)
    assert dave.decision_date == datetime.date(2018, 12, 20)
    # One event per record, on the nominee and naming the record, and one for the import.
    recorded = Event.objects.filter(verb="award_recorded")
    assert recorded.count() == 3
    assert {e.data["record"] for e in recorded} == set(
        AwardRecord.objects.values_list("pk", flat=True)
    )
    assert recorded.get(data__award="CSTDCS").target_id == str(org.carol.person.pk)
    event = Event.objects.get(verb="award_history_imported")
    assert event.actor == org.alice.user
    assert event.data == {"people": 2, "units": 1}


def test_the_import_costs_the_same_queries_for_5_and_for_40_rows(org, login):
    """Checked and written in bulk: 40 rows cost what 5 cost (a province-wide file of 20,000
    rows must finish well inside a request's time). SQLite takes at most 41 rows of the records'
    history per statement, PostgreSQL the import's batches of 1,000."""
    people = [PersonFactory(unit=org.technical).code for _ in range(46)]

    def queries(codes):
        workbook = importer.read_award_workbook(
            io.BytesIO(xlsx([row(code, "", "LDTT", 2018) for code in codes]))
        )
        with CaptureQueriesContext(connection) as captured:
            result = services.award_history_import(actor=org.alice.user, workbook=workbook)
        assert not result.errors
        return len(captured)

    queries(people[:1])  # warms the per-process caches (content types)
    assert queries(people[1:6]) == queries(people[6:])
    assert AwardRecord.objects.filter(year=2018).count() == 46


def test_a_dry_run_writes_nothing_and_counts(org, login):
    before = snapshot()
    response = upload(login(org.alice), xlsx([row(), row("", "KT", "TTLDTT")]), dry_run=True)
    assert response.status_code == 200
    assert snapshot() == before
    page = response.content.decode()
    assert response.context["job"].title == "Award history: Excel check"
    assert 'data-testid="dry-run-result"' in page and 'data-testid="import-confirm"' in page
    assert "2 award records: 1 for people, 1 for collectives." in page


def test_english_headers_and_any_sheet_name_are_accepted(org, login):
    headers = [
        "Staff code",
        "Unit code",
        "Award code",
        "Year",
        "Decision number",
        "Decision date",
        "Issued by",
        "Source document",
    ]
    imported(upload(login(org.alice), xlsx([row()], headers=headers, title="Sheet1")))
    assert AwardRecord.objects.filter(person=org.carol.person, award__code="LDTT").exists()


def test_a_file_with_only_the_staff_code_column_imports_person_rows(org, login):
    headers = [h for h in HEADERS if h != "Mã đơn vị"]
    values = [v for h, v in zip(HEADERS, row(), strict=True) if h != "Mã đơn vị"]
    imported(upload(login(org.alice), xlsx([values], headers=headers)))
    assert AwardRecord.objects.count() == 1


def test_a_revoked_record_does_not_block_a_new_one_for_the_same_year(org, login):
    record = services.award_record_add(
        actor=org.alice.user,
        award=Award.objects.get(code="LDTT"),
        person=org.carol.person,
        year=2019,
        decision_number="1/QĐ",
        decision_date=datetime.date(2020, 1, 2),
        issuer=ISSUER,
        source=AwardRecord.Source.ENTERED,
        source_document="Bản sao",
    )
    services.award_record_revoke(
        actor=org.alice.user, record=record, reason="Sai sót", revoking_decision="2/QĐ"
    )
    imported(upload(login(org.alice), xlsx([row()])))
    assert AwardRecord.objects.filter(person=org.carol.person, status="valid").count() == 1


# --- who may import -----------------------------------------------------------------------------


def test_staff_may_not_open_the_import_or_the_template(org, login):
    client = login(org.bob)
    assert client.get(UPLOAD_URL).status_code == 403
    assert client.get(TEMPLATE_URL).status_code == 403
    before = snapshot()
    assert upload(client, xlsx([row()])).status_code == 403
    assert snapshot() == before


def test_the_template_has_the_columns_examples_and_the_award_codes(org, login):
    response = login(org.alice).get(TEMPLATE_URL)
    assert response.status_code == 200
    assert response["Content-Type"] == importer.XLSX_CONTENT_TYPE
    assert "mau-nhap-khen-thuong.xlsx" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Khen thưởng", "Hướng dẫn"]
    sheet = list(book["Khen thưởng"].values)
    assert list(sheet[0]) == HEADERS
    assert len(sheet) == 3
    guide = [cell for line in book["Hướng dẫn"].values for cell in line if cell]
    assert "CSTDCS" in guide and "GIAY_KHEN_TT" in guide
    assert "Danh hiệu thi đua" in guide and "Hình thức khen thưởng" in guide


def test_the_template_imports_once_its_codes_exist(org, login):
    from tests.factories import PersonFactory

    PersonFactory(code="CB0001", full_name="Nguyễn Văn An", unit=org.office)
    client = login(org.alice)
    template = client.get(TEMPLATE_URL).content
    imported(upload(client, template))
    assert AwardRecord.objects.count() == 2


# --- bad files: each with a clear message and the database unchanged -----------------------


def test_it_refuses_a_file_that_is_not_xlsx(org, login):
    sheet, number, column, message = only_error(login(org.alice), b"Ma can bo;Nam\nCAROL;2019\n")
    assert (sheet, number, column) == ("", None, "")
    assert message.startswith("This file is not an Excel workbook (.xlsx).")


def test_it_refuses_an_empty_file(org, login):
    _sheet, number, _column, message = only_error(login(org.alice), xlsx([]))
    assert number is None
    assert message == "The sheet “Khen thưởng” has no award rows below its headers."


def test_it_refuses_a_zero_byte_upload(org, login):
    response = upload(login(org.alice), b"")
    # Django's file field refuses an empty upload before the importer runs.
    assert response.status_code == 200
    assert "The submitted file is empty." in response.content.decode()
    assert AwardRecord.objects.count() == 0


def test_it_names_a_missing_required_column(org, login):
    headers = [h for h in HEADERS if h != "Văn bản nguồn"]
    values = row()[:-1]
    sheet, number, column, message = only_error(login(org.alice), xlsx([values], headers=headers))
    assert (sheet, number, column) == ("Khen thưởng", 1, "Văn bản nguồn")
    assert message == "The sheet “Khen thưởng” has no column “Văn bản nguồn” (required)."


def test_it_needs_a_staff_code_or_a_unit_code_column(org, login):
    headers = HEADERS[2:]
    _sheet, number, _column, message = only_error(
        login(org.alice), xlsx([row()[2:]], headers=headers)
    )
    assert number == 1
    assert "neither a column “Mã cán bộ” nor a column “Mã đơn vị”" in message


def test_it_refuses_an_unknown_staff_code(org, login):
    found = only_error(login(org.alice), xlsx([row("CB404")]))
    assert found == (
        "Khen thưởng",
        2,
        "Mã cán bộ",
        "There is no person with the staff code “CB404” in your scope.",
    )


def test_it_refuses_an_unknown_unit_code(org, login):
    found = only_error(login(org.alice), xlsx([row("", "NOWHERE", "TTLDTT")]))
    assert found == (
        "Khen thưởng",
        2,
        "Mã đơn vị",
        "There is no unit with the code “NOWHERE” in your scope.",
    )


def test_it_refuses_an_unknown_award_code(org, login):
    _sheet, number, column, message = only_error(
        login(org.alice), xlsx([row(award="HUAN_CHUONG_X")])
    )
    assert (number, column) == (2, "Mã danh hiệu/hình thức")
    assert message.startswith("There is no award with the code “HUAN_CHUONG_X” in the catalogue")


def test_it_refuses_a_collective_award_on_a_person_row(org, login):
    _sheet, number, column, message = only_error(login(org.alice), xlsx([row(award="TTLDTT")]))
    assert (number, column) == (2, "Mã danh hiệu/hình thức")
    assert "is awarded to a collective: write a unit code, not a staff code." in message


def test_it_refuses_a_person_award_on_a_unit_row(org, login):
    _sheet, number, column, message = only_error(login(org.alice), xlsx([row("", "KT", "CSTDCS")]))
    assert (number, column) == (2, "Mã danh hiệu/hình thức")
    assert "is awarded to a person: write a staff code, not a unit code." in message


def test_it_refuses_a_year_in_the_future(org, login):
    next_year = timezone.localdate().year + 1
    content = xlsx([row(year=next_year, **{"Ngày quyết định": "15/01/2020"})])
    _sheet, number, column, message = only_error(login(org.alice), content)
    assert (number, column) == (2, "Năm")
    assert message.startswith(f"{next_year} has not come yet")


def test_it_refuses_a_year_that_is_not_a_number(org, login):
    _sheet, number, column, message = only_error(
        login(org.alice), xlsx([row(**{"Năm": "năm 2019"})])
    )
    assert (number, column) == (2, "Năm")
    assert message == "“năm 2019” is not a year; write it with four digits, for example 2019."


def test_it_refuses_a_bad_date(org, login):
    content = xlsx([row(**{"Ngày quyết định": "31/02/2020"})])
    _sheet, number, column, message = only_error(login(org.alice), content)
    assert (number, column) == (2, "Ngày quyết định")
    assert message.startswith("“31/02/2020” is not a date; write it as dd/mm/yyyy")


def test_it_refuses_a_decision_before_the_year_it_rewards(org, login):
    content = xlsx([row(year=2019, **{"Ngày quyết định": datetime.date(2018, 12, 1)})])
    _sheet, number, column, message = only_error(login(org.alice), content)
    assert (number, column) == (2, "Ngày quyết định")
    assert "cannot reward the year 2019" in message


def test_it_refuses_a_row_repeated_in_the_file(org, login):
    found = refused(login(org.alice), xlsx([row(), row("", "KT", "TTLDTT"), row()]))
    assert [(e[1], e[2]) for e in found] == [(4, "Mã danh hiệu/hình thức")]
    assert found[0][3].startswith("Row 2 already gives LDTT for 2019 to CAROL")


def test_it_refuses_a_row_already_in_the_portal(org, login):
    services.award_record_add(
        actor=org.alice.user,
        award=Award.objects.get(code="LDTT"),
        person=org.carol.person,
        year=2019,
        decision_number="45/QĐ-SKHCN",
        decision_date=datetime.date(2020, 1, 10),
        issuer=ISSUER,
        source=AwardRecord.Source.ENTERED,
        source_document="Bản sao",
    )
    # The good row after it is not written either: all or nothing.
    found = refused(login(org.alice), xlsx([row(), row("DAVE")]))
    assert [(e[1], e[2]) for e in found] == [(2, "Mã danh hiệu/hình thức")]
    assert "already has" in found[0][3] and "45/QĐ-SKHCN" in found[0][3]
    assert not AwardRecord.objects.filter(person=org.dave.person).exists()


def test_it_refuses_a_row_with_both_codes_or_neither(org, login):
    found = refused(login(org.alice), xlsx([row("CAROL", "KT"), row("", "")]))
    assert [(e[1], e[2]) for e in found] == [(2, "Mã cán bộ"), (3, "Mã cán bộ")]
    assert "not both" in found[0][3]
    assert found[1][3].startswith("Write the staff code of the person or the unit code")


def test_it_refuses_people_and_units_outside_the_officers_scope(org, login):
    found = refused(login(org.alice), xlsx([row("CHARLIE"), row("", "OTHER", "TTLDTT")]))
    assert found == [
        (
            "Khen thưởng",
            2,
            "Mã cán bộ",
            "There is no person with the staff code “CHARLIE” in your scope.",
        ),
        ("Khen thưởng", 3, "Mã đơn vị", "There is no unit with the code “OTHER” in your scope."),
    ]


def test_every_problem_of_the_file_is_listed_at_once(org, login):
    content = xlsx(
        [
            row("CB404"),
            row(award="TTLDTT"),
            row(**{"Ngày quyết định": "hôm qua"}),
            row("DAVE", **{"Cơ quan ban hành": ""}),
        ]
    )
    found = refused(login(org.alice), content)
    assert [(e[1], e[2]) for e in found] == [
        (2, "Mã cán bộ"),
        (3, "Mã danh hiệu/hình thức"),
        (4, "Ngày quyết định"),
        (5, "Cơ quan ban hành"),
    ]


def test_it_refuses_a_file_above_the_size_limit(org, login, settings):
    settings.IMPORT_MAX_BYTES = 1024
    content = xlsx([row()] * 50)
    assert len(content) > 1024
    _sheet, _number, _column, message = only_error(login(org.alice), content)
    assert message.startswith("The file is ") and "up to 0" in message


def test_it_refuses_more_rows_than_the_limit(org, login, settings):
    settings.IMPORT_MAX_ROWS = 2
    content = xlsx([row(), row("DAVE"), row("BOB")])
    _sheet, _number, _column, message = only_error(login(org.alice), content)
    assert message == "The file has more than 2 data rows; split it into smaller files."


def test_problems_are_shown_in_the_users_language(org, login, client):
    """The default language is Vietnamese; the reader's messages follow it."""
    client.cookies["portal_language"] = "vi"
    with translation.override("vi"):
        response = upload(login(org.alice), xlsx([row(**{"Cơ quan ban hành": ""})]))
    ((_sheet, number, column, message),) = errors_of(response)
    assert (number, column) == (2, "Cơ quan ban hành")
    assert message == "Ô này bắt buộc nhưng đang để trống."


# --- the command --------------------------------------------------------------------------------


@pytest.fixture
def workbook_file(tmp_path):
    def write(rows):
        path = tmp_path / "khen-thuong.xlsx"
        path.write_bytes(xlsx(rows))
        return str(path)

    return write


def test_the_command_imports_for_the_officer(org, workbook_file, capsys):
    call_command("import_awards", workbook_file([row(), row("", "KT", "TTLDTT")]), actor="alice")
    assert AwardRecord.objects.filter(source="imported").count() == 2
    assert Event.objects.get(verb="award_history_imported").actor == org.alice.user
    assert "2 award records: 1 for people, 1 for collectives." in capsys.readouterr().out


def test_the_command_dry_run_saves_nothing(org, workbook_file, capsys):
    before = snapshot()
    call_command("import_awards", workbook_file([row()]), actor="alice", dry_run=True)
    assert snapshot() == before
    assert "Dry run, nothing saved." in capsys.readouterr().out


def test_the_command_lists_the_problems_and_saves_nothing(org, workbook_file, capsys):
    before = snapshot()
    with pytest.raises(CommandError, match="1 problem"):
        call_command("import_awards", workbook_file([row(), row("CHARLIE")]), actor="alice")
    assert snapshot() == before
    assert "row 3" in capsys.readouterr().err


def test_the_command_needs_an_officer(org, workbook_file):
    with pytest.raises(CommandError, match="not an emulation officer"):
        call_command("import_awards", workbook_file([row()]), actor="bob")
    with pytest.raises(CommandError, match="No active user"):
        call_command("import_awards", workbook_file([row()]), actor="nobody")
    assert AwardRecord.objects.count() == 0


def test_the_command_refuses_a_missing_file(org):
    with pytest.raises(CommandError, match="No such file"):
        call_command("import_awards", "/nonexistent/khen-thuong.xlsx", actor="alice")
