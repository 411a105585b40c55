"""The officer's desk as an Excel workbook: the dossiers the page lists, filtered the same way,
with Vietnamese headers, labels and dd/mm/yyyy dates (the writers of organizations.importer)."""

from collections.abc import Iterable

from django.utils import timezone, translation
from openpyxl import Workbook

from awards.models import Nomination
from organizations.importer import Column, data_sheet, workbook_bytes

SHEET_TITLE = "Hồ sơ đề nghị khen thưởng"

COLUMNS = (
    Column("year", "Năm", "Year", True, width=8),
    Column("unit", "Đơn vị", "Unit", True, width=34),
    Column("name", "Họ và tên / Tập thể", "Nominee", True, width=30),
    Column("code", "Mã cán bộ", "Staff code", False, width=12),
    Column("award", "Danh hiệu / hình thức khen thưởng", "Award", True, width=32),
    Column("award_kind", "Loại", "Kind of award", True, width=22),
    Column("kind", "Loại hình khen thưởng", "Kind of commendation", True, width=26),
    Column("status", "Trạng thái", "Stage", True, width=22),
    Column("verdict", "Kết quả xét điều kiện", "Verdict", True, width=22),
    Column("justification", "Lý do đề nghị", "Justification", False, width=40),
    Column("submitted_on", "Ngày gửi", "Sent on", False, width=12),
    Column("review_comment", "Ý kiến của cơ quan thi đua", "Review comment", False, width=40),
)


def row_values(nomination: Nomination) -> list:
    """Return one dossier's cells, in the order of COLUMNS."""
    submitted = nomination.submitted_at
    return [
        nomination.year,
        nomination.nomination_list.unit.name,
        nomination.nominee_name,
        nomination.person.code if nomination.person_id else "",
        nomination.award.name_vi,
        str(nomination.award.get_kind_display()),
        str(nomination.get_kind_display()),
        str(nomination.get_status_display()),
        str(nomination.get_verdict_display()) if nomination.verdict else "",
        nomination.justification,
        timezone.localdate(submitted) if submitted else None,
        nomination.review_comment,
    ]


def build_workbook(nominations: Iterable[Nomination]) -> bytes:
    """Return the .xlsx of dossiers loaded as the desk loads them, in their order."""
    book = Workbook(write_only=True)
    with translation.override("vi"):
        data_sheet(book, SHEET_TITLE, COLUMNS, (row_values(n) for n in nominations))
    return workbook_bytes(book)
