"""The emulation officer imports staff from Excel in the browser: each upload runs as a job (the
test backend runs it at once), whose page lists the problems, or what a check found with the
button that imports the same file, or the summary of the import."""

import io
import re

from openpyxl import Workbook
from playwright.sync_api import expect

from organizations.models import Person

HEADERS = ["Mã cán bộ", "Họ và tên", "Giới tính", "Loại hình", "Mã đơn vị", "Ngày bắt đầu"]


def workbook(rows) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Cán bộ"
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def choose(page, content):
    page.set_input_files(
        "input[type=file]",
        files=[
            {
                "name": "can-bo.xlsx",
                "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "buffer": content,
            }
        ],
    )


def test_officer_fixes_a_bad_row_and_imports(page, live_server, demo, sign_in, shot):
    sign_in("tdkt")
    page.get_by_role("link", name="Nhập từ Excel").first.click()
    expect(page.locator("h1")).to_have_text("Nhập đơn vị và cán bộ từ Excel")
    with page.expect_download() as download:
        page.get_by_test_id("download-template").click()
    assert download.value.suggested_filename == "mau-nhap-can-bo.xlsx"

    people_before = Person.objects.count()
    choose(page, workbook([["SKHCN900", "Hà Thị Mơ", "Nữ", "Công chức", "VP", "31/02/2020"]]))
    page.get_by_role("button", name="Tải lên").click()
    page.wait_for_url(re.compile(r"/to-chuc/viec/[0-9a-f-]+/$"))
    errors = page.get_by_test_id("import-errors")
    expect(errors).to_contain_text("Ngày bắt đầu")
    expect(errors).to_contain_text("không phải là ngày")
    expect(page.get_by_test_id("import-errors-summary")).to_contain_text("chưa lưu gì")
    shot("errors")
    assert Person.objects.count() == people_before

    # The corrected file, checked first, then imported from the job's page without uploading
    # it again.
    page.get_by_test_id("import-again").click()
    choose(page, workbook([["SKHCN900", "Hà Thị Mơ", "Nữ", "Công chức", "VP", "01/02/2020"]]))
    page.check("input[name=dry_run]")
    page.get_by_role("button", name="Tải lên").click()
    expect(page.get_by_test_id("dry-run-counts")).to_contain_text("SKHCN900")
    assert Person.objects.count() == people_before
    shot("checked")
    page.get_by_test_id("import-confirm").click()
    expect(page.get_by_test_id("import-done")).to_contain_text("Cán bộ: thêm mới 1")
    assert Person.objects.get(code="SKHCN900").unit.code == "VP"
    page.get_by_test_id("import-done-link").click()
    page.fill("input[name=q]", "ha thi mo")
    page.get_by_role("button", name="Lọc").click()
    expect(page.get_by_test_id("people-table")).to_contain_text("Hà Thị Mơ")
    shot("imported")
