"""The registry of decisions as an Excel workbook: one row per award a decision granted, with
the decision's number, date and signer, Vietnamese headers and dd/mm/yyyy dates."""

from collections.abc import Iterable

from django.utils import translation
from openpyxl import Workbook

from awards.models import AwardRecord
from organizations.importer import Column, data_sheet, workbook_bytes

SHEET_TITLE = "Sổ quyết định khen thưởng"

COLUMNS = (
    Column("decision", "Số quyết định", "Decision", True, width=18),
    Column("signed_on", "Ngày ký", "Date signed", True, width=12),
    Column("signer", "Người ký", "Signer", True, width=24),
    Column("year", "Năm thành tích", "For the year", True, width=10),
    Column("award", "Danh hiệu / hình thức khen thưởng", "Award", True, width=32),
    Column("award_kind", "Loại", "Kind of award", True, width=22),
    Column("name", "Họ và tên / Tập thể", "Awardee", True, width=30),
    Column("code", "Mã cán bộ", "Staff code", False, width=12),
    Column("unit", "Đơn vị", "Unit", True, width=34),
    Column("amount", "Tiền thưởng (đồng)", "Reward (VND)", False, width=14),
    Column("book_number", "Số vào sổ", "Honour book entry", False, width=10),
    Column("status", "Trạng thái", "Status", True, width=14),
    Column("revocation", "Hủy bỏ", "Revocation", False, width=36),
)


def row_values(record: AwardRecord) -> list:
    decision = record.decision
    revocation = ""
    if record.state.revoked:
        day = f" ({record.revoked_on:%d/%m/%Y})" if record.revoked_on else ""
        revocation = f"{record.revoking_decision}{day}: {record.revocation_reason}"
    return [
        record.decision_number,
        record.decision_date,
        decision.signer_name if decision else "",
        record.year,
        record.award.name_vi,
        str(record.award.get_kind_display()),
        record.person.full_name if record.person_id else record.unit.name,
        record.person.code if record.person_id else "",
        record.person.unit.name if record.person_id else record.unit.name,
        int(record.amount) if record.amount is not None else None,
        record.book_number,
        str(record.get_status_display()),
        revocation,
    ]


def build_workbook(records: Iterable[AwardRecord]) -> bytes:
    book = Workbook(write_only=True)
    with translation.override("vi"):
        data_sheet(book, SHEET_TITLE, COLUMNS, (row_values(record) for record in records))
    return workbook_bytes(book)
