"""Read the award-history workbook, and write it, its template and the list exports.

The award history of the years before the portal (quá trình khen thưởng) comes in one .xlsx with
one sheet, Vietnamese headers in row 1 (English headers are accepted too) and one award per row.
`read_award_workbook` parses a file into plain rows and collects every problem it can find
without the database; `awards.services.history_import.award_history_import` checks the codes against
the portal and writes all or nothing.

The file limits, the cell readers and the sheet writers are the staff import's
(`organizations.importer`), so both imports refuse and report the same way.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from awards.models import Award, AwardRecord, Initiative
from organizations.importer import (
    GUIDE_SHEET,
    XLSX_CONTENT_TYPE,
    Column,
    RowError,
    data_sheet,
    read_checked,
    sheet_rows,
    workbook_bytes,
)
from organizations.models import FIRST_RECORD_YEAR, Person, Unit
from organizations.vietnamese import fold

__all__ = [
    "COLUMNS",
    "SHEET",
    "TEMPLATE_FILENAME",
    "XLSX_CONTENT_TYPE",
    "AwardImportResult",
    "AwardRow",
    "AwardWorkbook",
    "build_history_export",
    "build_initiative_export",
    "build_template",
    "read_award_workbook",
]

SHEET = "Khen thưởng"
SHEET_NAMES = {fold(SHEET), fold("Quá trình khen thưởng"), "award history", "awards"}
TEMPLATE_FILENAME = "mau-nhap-khen-thuong.xlsx"


def _max_length(model, name: str) -> int:
    return model._meta.get_field(name).max_length


COLUMNS = (
    Column("person_code", "Mã cán bộ", "Staff code", False, _max_length(Person, "code"), 14),
    Column("unit_code", "Mã đơn vị", "Unit code", False, _max_length(Unit, "code"), 14),
    Column(
        "award_code",
        "Mã danh hiệu/hình thức",
        "Award code",
        True,
        _max_length(Award, "code"),
        24,
    ),
    Column("year", "Năm", "Year", True, width=8),
    Column(
        "decision_number",
        "Số quyết định",
        "Decision number",
        True,
        _max_length(AwardRecord, "decision_number"),
        20,
    ),
    Column("decision_date", "Ngày quyết định", "Decision date", True, width=16),
    Column("issuer", "Cơ quan ban hành", "Issued by", True, _max_length(AwardRecord, "issuer"), 36),
    Column(
        "source_document",
        "Văn bản nguồn",
        "Source document",
        True,
        _max_length(AwardRecord, "source_document"),
        36,
    ),
)
_HEADERS = {column.key: column.header for column in COLUMNS}

# The model field a service error names -> the column that holds its value.
_FIELD_COLUMNS = {
    "person": "person_code",
    "unit": "unit_code",
    "award": "award_code",
    "year": "year",
    "decision_number": "decision_number",
    "decision_date": "decision_date",
    "issuer": "issuer",
    "source_document": "source_document",
}


@dataclass
class AwardRow:
    """An award as written on one row: exactly one of `person_code` and `unit_code` is set."""

    row: int
    person_code: str
    unit_code: str
    award_code: str
    year: int | None
    decision_number: str
    decision_date: datetime.date | None
    issuer: str
    source_document: str


@dataclass
class AwardWorkbook:
    """The rows read from a workbook, the columns it has, and the problems found so far.

    `complete` is False when the file could not be read to the end (not a workbook, too large,
    too many rows): nothing may then be written.
    """

    rows: list[AwardRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    sheet: str = SHEET
    # Column key -> the header as written in the file, for the columns the file has.
    headers: dict[str, str] = field(default_factory=dict)
    complete: bool = True

    def discard_rows(self) -> None:
        self.rows = []

    def file_error(self, message: str) -> "AwardWorkbook":
        self.errors.append(RowError("", None, "", message))
        self.complete = False
        return self

    def header(self, key: str) -> str:
        return self.headers.get(key) or _HEADERS[key]

    def header_of_field(self, name: str) -> str:
        """Return the column header for a model field named in a service's error."""
        key = _FIELD_COLUMNS.get(name)
        return self.header(key) if key else ""


@dataclass
class AwardImportResult:
    """What an import did (or, on a dry run, would do), or the problems that stopped it."""

    dry_run: bool = False
    errors: list[RowError] = field(default_factory=list)
    added_for_people: int = 0
    added_for_units: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def added(self) -> int:
        return self.added_for_people + self.added_for_units

    def summary(self) -> str:
        """Return one sentence with the counts, for a message or the command's output."""
        return ngettext(
            "%(count)d award record: %(people)d for people, %(units)d for collectives.",
            "%(count)d award records: %(people)d for people, %(units)d for collectives.",
            self.added,
        ) % {"count": self.added, "people": self.added_for_people, "units": self.added_for_units}


def read_award_workbook(file) -> AwardWorkbook:
    """Parse an uploaded or opened .xlsx into award rows, collecting every problem in the file."""
    result = AwardWorkbook()
    if read_checked(file, result, _read_book) and result.complete:
        _check_duplicates(result)
    return result


def _find_sheet(book, result: AwardWorkbook):
    """Return the award sheet: the one named for it, else the first sheet that is not a guide."""
    named = [title for title in book.sheetnames if fold(title) in SHEET_NAMES]
    if len(named) > 1:
        result.errors.append(
            RowError(
                named[1],
                None,
                "",
                _("The workbook has more than one award sheet (%(sheets)s); keep only one.")
                % {"sheets": ", ".join(f"“{title}”" for title in named)},
            )
        )
    if named:
        return book[named[0]]
    others = [title for title in book.sheetnames if fold(title) != fold(GUIDE_SHEET)]
    return book[others[0]] if others else None


def _read_book(book, result: AwardWorkbook) -> None:
    sheet = _find_sheet(book, result)
    if sheet is None:
        result.file_error(_("The workbook has no sheet of awards. Start from the template."))
        return
    result.sheet = sheet.title
    budget = [settings.IMPORT_MAX_ROWS]
    for cells in sheet_rows(sheet, COLUMNS, result, result.headers, budget):
        if "person_code" not in result.headers and "unit_code" not in result.headers:
            result.errors.append(
                RowError(
                    sheet.title,
                    1,
                    "",
                    _(
                        "The sheet “%(sheet)s” has neither a column “%(person)s” nor a column "
                        "“%(unit)s”: each row needs one of them."
                    )
                    % {
                        "sheet": sheet.title,
                        "person": _HEADERS["person_code"],
                        "unit": _HEADERS["unit_code"],
                    },
                )
            )
            return
        result.rows.append(_row_from(cells))
    if result.complete and not result.rows and not result.errors:
        result.file_error(
            _("The sheet “%(sheet)s” has no award rows below its headers.") % {"sheet": sheet.title}
        )


def _year(cells) -> int | None:
    raw = cells.text("year")
    if not raw:
        return None
    try:
        year = int(raw)
    except ValueError:
        cells.error(
            "year",
            _("“%(value)s” is not a year; write it with four digits, for example 2019.")
            % {"value": raw},
        )
        return None
    this_year = timezone.localdate().year
    if year > this_year:
        cells.error(
            "year",
            _("%(year)s has not come yet; the award history holds years up to %(this_year)s.")
            % {"year": year, "this_year": this_year},
        )
        return None
    if year < FIRST_RECORD_YEAR:
        cells.error(
            "year",
            _("%(year)s is too far in the past; the portal records years from %(first)s.")
            % {"year": year, "first": FIRST_RECORD_YEAR},
        )
        return None
    return year


def _row_from(cells) -> AwardRow:
    row = AwardRow(
        row=cells.number,
        person_code=cells.text("person_code"),
        unit_code=cells.text("unit_code"),
        award_code=cells.text("award_code").upper(),
        year=_year(cells),
        decision_number=cells.text("decision_number"),
        decision_date=cells.date("decision_date"),
        issuer=cells.text("issuer"),
        source_document=cells.text("source_document"),
    )
    # Report on a column the file has: the staff code's, unless only the unit code's exists.
    key = "person_code" if "person_code" in cells.headers else "unit_code"
    if row.person_code and row.unit_code:
        cells.error(
            key,
            _(
                "Write either a staff code (an award to a person) or a unit code (an award to a "
                "collective), not both."
            ),
        )
    elif not row.person_code and not row.unit_code:
        cells.error(
            key,
            _(
                "Write the staff code of the person or the unit code of the collective that "
                "received the award."
            ),
        )
    # Catches swapped or mistyped cells: a decision rewards a year from within it or after it.
    date = row.decision_date
    if date and date > timezone.localdate():
        cells.error(
            "decision_date",
            _("%(date)s is in the future; give the date the decision was signed.")
            % {"date": date.strftime("%d/%m/%Y")},
        )
    elif date and row.year and date.year < row.year:
        cells.error(
            "decision_date",
            _("A decision of %(date)s cannot reward the year %(year)s, which came after it.")
            % {"date": date.strftime("%d/%m/%Y"), "year": row.year},
        )
    return row


def _check_duplicates(result: AwardWorkbook) -> None:
    """Refuse a row that repeats an earlier row: the same award, nominee and year."""
    seen: dict[tuple, list[int]] = defaultdict(list)
    for row in result.rows:
        if row.year is None or not row.award_code or bool(row.person_code) == bool(row.unit_code):
            continue
        seen[(row.person_code, row.unit_code, row.award_code, row.year)].append(row.row)
    for (person_code, unit_code, award_code, year), numbers in seen.items():
        for number in numbers[1:]:
            result.errors.append(
                RowError(
                    result.sheet,
                    number,
                    result.header("award_code"),
                    _(
                        "Row %(first)s already gives %(award)s for %(year)s to %(nominee)s; "
                        "each award may appear once per nominee and year."
                    )
                    % {
                        "first": numbers[0],
                        "award": award_code,
                        "year": year,
                        "nominee": person_code or unit_code,
                    },
                )
            )


def sort_errors(workbook: AwardWorkbook, errors: list[RowError]) -> list[RowError]:
    """Return the errors file-wide first, then by row and by column in the sheet's order."""
    order = {workbook.header(column.key): index for index, column in enumerate(COLUMNS)}
    return sorted(errors, key=lambda error: (error.row or 0, order.get(error.column, -1)))


# Writing: the template, and the exports of the history and the initiatives.
# The history export starts with the import's columns, so a list can be read back by anyone
# who knows the format; the columns after them are for reading and are ignored on import.

KIND_WORDS = {Award.Kind.TITLE: "Danh hiệu thi đua", Award.Kind.FORM: "Hình thức khen thưởng"}
SUBJECT_WORDS = {Award.Subject.PERSON: "Cá nhân", Award.Subject.COLLECTIVE: "Tập thể"}
STATUS_WORDS = {AwardRecord.Status.VALID: "Còn hiệu lực", AwardRecord.Status.REVOKED: "Đã hủy bỏ"}
SOURCE_WORDS = {
    AwardRecord.Source.PORTAL: "Quyết định ban hành trên cổng thông tin",
    AwardRecord.Source.ENTERED: "Nhập thủ công",
    AwardRecord.Source.IMPORTED: "Nhập từ Excel",
}
SCOPE_WORDS = {
    Initiative.Scope.UNIT: "Cấp cơ sở",
    Initiative.Scope.PROVINCE: "Cấp tỉnh",
    Initiative.Scope.NATION: "Toàn quốc",
}

HISTORY_EXPORT_COLUMNS = (
    *COLUMNS,
    Column("nominee", "Cá nhân/tập thể", "Nominee", False, width=32),
    Column("award_name", "Danh hiệu/hình thức", "Award", False, width=36),
    Column("kind", "Loại", "Kind", False, width=22),
    Column("status", "Trạng thái", "Status", False, width=14),
    Column("revocation_reason", "Lý do hủy bỏ", "Reason for revocation", False, width=30),
    Column("revoking_decision", "Quyết định hủy bỏ", "Revoking decision", False, width=20),
    Column("source", "Nguồn", "Source", False, width=20),
)
INITIATIVE_EXPORT_COLUMNS = (
    Column("title", "Tên sáng kiến", "Title", True, width=48),
    Column("authors", "Tác giả (tỷ lệ đóng góp)", "Authors (shares)", True, width=40),
    Column("unit", "Đơn vị", "Unit", False, width=28),
    Column("recognised_by", "Cơ quan công nhận", "Recognised by", True, width=32),
    Column("decision_number", "Số quyết định", "Decision number", True, width=18),
    Column("decision_date", "Ngày quyết định", "Decision date", True, width=16),
    Column("scope", "Phạm vi ảnh hưởng", "Scope of effect", True, width=18),
    Column("used_for", "Đã dùng để đề nghị", "Used for", False, width=32),
    Column("used_for_year", "Năm sử dụng", "Year of use", False, width=12),
    Column("summary", "Tóm tắt", "Summary", False, width=48),
)


def _record_values(record: AwardRecord) -> list:
    person, unit = record.person, record.unit
    return [
        person.code if person else "",
        unit.code if unit else "",
        record.award.code,
        record.year,
        record.decision_number,
        record.decision_date,
        record.issuer,
        record.source_document,
        person.full_name if person else unit.name,
        record.award.name_vi,
        KIND_WORDS[record.award.kind],
        STATUS_WORDS[record.status],
        record.revocation_reason,
        record.revoking_decision,
        SOURCE_WORDS[record.source],
    ]


def _share(value) -> str:
    return format(value.normalize(), "f")


def _initiative_values(initiative: Initiative) -> list:
    authors = "; ".join(
        f"{author.person.full_name} ({_share(author.share)} %)"
        for author in initiative.authors.all()
    )
    used = initiative.used_for_award
    return [
        initiative.title,
        authors,
        initiative.unit.name if initiative.unit_id else "",
        initiative.recognised_by,
        initiative.decision_number,
        initiative.decision_date,
        SCOPE_WORDS[initiative.scope],
        f"{used.name_vi} ({used.code})" if used else "",
        initiative.used_for_year,
        initiative.summary,
    ]


def build_history_export(records: Iterable[AwardRecord]) -> bytes:
    """Return an .xlsx of award records (with award, person and unit loaded)."""
    book = Workbook(write_only=True)
    data_sheet(book, SHEET, HISTORY_EXPORT_COLUMNS, (_record_values(r) for r in records))
    return workbook_bytes(book)


def build_initiative_export(initiatives: Iterable[Initiative]) -> bytes:
    """Return an .xlsx of initiatives (with unit, use and authors loaded)."""
    book = Workbook(write_only=True)
    data_sheet(
        book, "Sáng kiến", INITIATIVE_EXPORT_COLUMNS, (_initiative_values(i) for i in initiatives)
    )
    return workbook_bytes(book)


def build_template() -> bytes:
    """Return the empty import workbook: the sheet with two example rows, and a guide sheet."""
    book = Workbook(write_only=True)
    data_sheet(
        book,
        SHEET,
        COLUMNS,
        [
            [
                "CB0001",
                "",
                "CSTDCS",
                2019,
                "12/QĐ-SKHCN",
                datetime.date(2020, 1, 15),
                "Giám đốc Sở Khoa học và Công nghệ",
                "Sổ theo dõi khen thưởng 2019, trang 4",
            ],
            [
                "",
                "KT",
                "TTLDTT",
                2019,
                "12/QĐ-SKHCN",
                datetime.date(2020, 1, 15),
                "Giám đốc Sở Khoa học và Công nghệ",
                "Bản sao Quyết định 12/QĐ-SKHCN",
            ],
        ],
    )
    guide = book.create_sheet(GUIDE_SHEET)
    guide.column_dimensions["A"].width = 26
    guide.column_dimensions["B"].width = 50
    guide.column_dimensions["C"].width = 24
    guide.column_dimensions["D"].width = 14

    def heading(*texts):
        cells = []
        for text in texts:
            cell = WriteOnlyCell(guide, value=text)
            cell.font = Font(bold=True)
            cells.append(cell)
        guide.append(cells)

    heading(_("How to fill in this workbook"))
    guide.append([_("Keep the headers in row 1; write one award of one person or unit per row.")])
    guide.append(
        [
            _(
                "Write the staff code for an award to a person, or the unit code for an award "
                "to a collective: exactly one of the two."
            )
        ]
    )
    guide.append(
        [
            _(
                "Dates are written dd/mm/yyyy (for example 15/01/2020); the year is the year "
                "the award rewards."
            )
        ]
    )
    guide.append(
        [_("The whole file is checked first; if any row has a problem, nothing is saved.")]
    )
    guide.append([])
    heading(_("Column"), _("Required"))
    for column in COLUMNS:
        required = _("required") if column.required else _("one of the two codes")
        guide.append([column.header, required])
    guide.append([])
    heading(_("Award code"), _("Name"), _("Kind"), _("Awarded to"))
    for award in Award.objects.order_by("kind", "subject", "rank", "code"):
        guide.append(
            [award.code, award.name_vi, KIND_WORDS[award.kind], SUBJECT_WORDS[award.subject]]
        )
    return workbook_bytes(book)
