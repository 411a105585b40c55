"""The consolidated registrations table as an Excel workbook: the rows the page shows, filtered
the same way, with Vietnamese headers and dates as dd/mm/yyyy.

The sheet layout reuses the staff workbook's writers (organizations.importer: `Column`,
`data_sheet`, `workbook_bytes`), so every export of the portal looks alike.
"""

from collections.abc import Iterable

from django.utils import timezone
from openpyxl import Workbook

from awards.models import Award, Registration, RegistrationList
from organizations.importer import XLSX_CONTENT_TYPE, Column, data_sheet, workbook_bytes

__all__ = ["COLUMNS", "SHEET_TITLE", "XLSX_CONTENT_TYPE", "build_workbook", "row_values"]

SHEET_TITLE = "Đăng ký thi đua"

COLUMNS = (
    Column("year", "Năm", "Year", True, width=8),
    Column("unit", "Đơn vị", "Unit", True, width=34),
    Column("subject", "Đối tượng", "Registrant", True, width=11),
    Column("name", "Họ và tên / Tập thể", "Name", True, width=30),
    Column("code", "Mã cán bộ", "Staff code", False, width=12),
    Column("award", "Danh hiệu đăng ký", "Title", True, width=30),
    Column("campaign", "Phong trào thi đua", "Campaign", False, width=40),
    Column("status", "Trạng thái danh sách", "List status", True, width=16),
    Column("registered_on", "Ngày đăng ký", "Registered on", True, width=13),
    Column("registered_by", "Người đăng ký", "Registered by", False, width=24),
    Column("note", "Ghi chú", "Note", False, width=30),
)

# The words the workbook uses, in Vietnamese whatever language the reader uses on screen.
SUBJECT_WORDS = {Award.Subject.PERSON: "Cá nhân", Award.Subject.COLLECTIVE: "Tập thể"}
STATUS_WORDS = {
    RegistrationList.Status.DRAFT: "Dự thảo",
    RegistrationList.Status.SUBMITTED: "Đã gửi, chờ duyệt",
    RegistrationList.Status.APPROVED: "Đã duyệt",
    RegistrationList.Status.RETURNED: "Trả lại",
}


def _registered_by(registration: Registration) -> str:
    user = registration.registered_by
    if user is None:
        return ""
    person = getattr(user, "person", None)
    return person.full_name if person is not None else user.get_username()


def row_values(registration: Registration) -> list:
    """Return one registration's cells, in the order of COLUMNS."""
    registration_list = registration.registration_list
    is_person = registration.person_id is not None
    return [
        registration.year,
        registration_list.unit.name,
        SUBJECT_WORDS[Award.Subject.PERSON if is_person else Award.Subject.COLLECTIVE],
        registration.registrant_name,
        registration.person.code if is_person else "",
        registration.award.name_vi,
        registration_list.campaign.name if registration_list.campaign_id else "",
        STATUS_WORDS[RegistrationList.Status(registration_list.status)],
        timezone.localdate(registration.created_at),
        _registered_by(registration),
        registration.note,
    ]


def build_workbook(registrations: Iterable[Registration]) -> bytes:
    """Return the .xlsx of registrations loaded as `registration_table_rows` loads them, in
    their order."""
    # Write-only mode streams rows to the file instead of keeping every cell in memory.
    book = Workbook(write_only=True)
    data_sheet(book, SHEET_TITLE, COLUMNS, (row_values(r) for r in registrations))
    return workbook_bytes(book)
