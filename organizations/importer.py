"""Read and write the staff workbook, the Excel format units and people are imported in.

One .xlsx with a sheet "Đơn vị" (units) and a sheet "Cán bộ" (staff), Vietnamese headers in row 1
(English headers and sheet names are accepted too). `read_workbook` parses a file into plain rows
and collects every problem it can find without the database; `check_references` adds the checks
that need the units already in the portal. `organizations.services.staff_import` writes.
"""

import datetime
import io
import zipfile
import zlib
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from functools import cache

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import validate_email
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.datavalidation import DataValidation

from organizations.downloads import XLSX_CONTENT_TYPE  # noqa: F401 (importers use it)
from organizations.models import Person, Unit
from organizations.vietnamese import fold

UNITS_SHEET = "Đơn vị"
STAFF_SHEET = "Cán bộ"
GUIDE_SHEET = "Hướng dẫn"
TEMPLATE_FILENAME = "mau-nhap-can-bo.xlsx"
EXCEL_DATE_FORMAT = "DD/MM/YYYY"
TEXT_DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d")

# A header row wider than this is not a staff sheet; reading further would only cost memory.
MAX_COLUMNS = 64

# openpyxl reports a malformed file with whatever the layer below raised: zipfile, zlib, the XML
# parser (ParseError is a SyntaxError), or KeyError/OSError/ValueError for a zip that is not a
# workbook. Only calls into openpyxl are wrapped with this tuple.
UNREADABLE = (
    zipfile.BadZipFile,
    zlib.error,
    InvalidFileException,
    SyntaxError,
    KeyError,
    IndexError,
    OSError,
    ValueError,
    TypeError,
    EOFError,
    NotImplementedError,
    RuntimeError,
)


@dataclass(frozen=True)
class Column:
    """One column of a sheet: its key, its Vietnamese and English headers, and how to read it."""

    key: str
    header: str
    english: str
    required: bool
    max_length: int | None = None
    width: int = 16


def _max_length(model, name: str) -> int:
    return model._meta.get_field(name).max_length


UNIT_COLUMNS = (
    Column("code", "Mã đơn vị", "Code", True, _max_length(Unit, "code"), 14),
    Column("name", "Tên đơn vị", "Name", True, _max_length(Unit, "name"), 40),
    Column("kind", "Loại", "Kind", True, width=20),
    Column(
        "parent_code", "Mã đơn vị cấp trên", "Parent code", False, _max_length(Unit, "code"), 20
    ),
)
PERSON_COLUMNS = (
    Column("code", "Mã cán bộ", "Staff code", True, _max_length(Person, "code"), 14),
    Column("full_name", "Họ và tên", "Full name", True, _max_length(Person, "full_name"), 28),
    Column("gender", "Giới tính", "Gender", True, width=10),
    Column("date_of_birth", "Ngày sinh", "Date of birth", False, width=12),
    Column("employment_type", "Loại hình", "Employment type", True, width=16),
    Column("position", "Chức vụ", "Position", False, _max_length(Person, "position"), 24),
    Column("unit_code", "Mã đơn vị", "Unit code", True, _max_length(Unit, "code"), 14),
    Column("start_date", "Ngày bắt đầu", "Start date", True, width=14),
    Column("end_date", "Ngày kết thúc", "End date", False, width=14),
    Column("email", "Email", "Email", False, _max_length(Person, "email"), 28),
)
UNIT_SHEET_NAMES = {fold(UNITS_SHEET), "units"}
STAFF_SHEET_NAMES = {fold(STAFF_SHEET), "staff"}

# The words officers write for each choice. The first one is what exports and the template write;
# the English label and the code value are accepted as well (see `_choice_table`).
KIND_WORDS = {
    Unit.Kind.AGENCY: ("Cơ quan", "Sở"),
    Unit.Kind.LEADERSHIP_BOARD: ("Ban lãnh đạo",),
    Unit.Kind.DIVISION: ("Phòng", "Phòng chuyên môn"),
    Unit.Kind.SUBORDINATE_UNIT: ("Đơn vị trực thuộc",),
    Unit.Kind.TRADE_UNION: ("Công đoàn",),
    Unit.Kind.YOUTH_UNION: ("Đoàn thanh niên",),
    Unit.Kind.PARTY_CELL: ("Chi bộ",),
}
EMPLOYMENT_WORDS = {
    Person.EmploymentType.CADRE: ("Cán bộ",),
    Person.EmploymentType.CIVIL_SERVANT: ("Công chức",),
    Person.EmploymentType.PUBLIC_EMPLOYEE: ("Viên chức",),
    Person.EmploymentType.CONTRACT: ("Người lao động", "Hợp đồng", "Lao động hợp đồng"),
}
GENDER_WORDS = {
    Person.Gender.MALE: ("Nam",),
    Person.Gender.FEMALE: ("Nữ",),
}
CHOICE_WORDS = {
    Unit.Kind: KIND_WORDS,
    Person.EmploymentType: EMPLOYMENT_WORDS,
    Person.Gender: GENDER_WORDS,
}


@cache
def _choice_table(choices) -> dict[str, str]:
    """Map every accepted spelling of a choice, folded, to its code value."""
    table: dict[str, str] = {}
    # The listed words and the codes win over the labels, should a translation reuse a word.
    for member, words in CHOICE_WORDS[choices].items():
        for spelling in (member.value, *words):
            table.setdefault(fold(spelling), member.value)
    for member in choices:
        with translation.override("en"):
            english = str(member.label)
        with translation.override("vi"):
            vietnamese = str(member.label)
        # "Civil servant (công chức)" is also accepted as "Civil servant".
        for spelling in (english, english.split(" (")[0], vietnamese):
            table.setdefault(fold(spelling), member.value)
    return table


def choice_word(choices, value: str) -> str:
    """Return the Vietnamese word the workbook uses for a choice value ("division" -> "Phòng")."""
    return CHOICE_WORDS[choices][choices(value)][0]


def accepted_words(choices) -> list[str]:
    """Return the Vietnamese words accepted for a choice, in the model's order."""
    return [choice_word(choices, member.value) for member in choices]


@dataclass(frozen=True)
class RowError:
    """A problem found in the file: where it is (sheet, Excel row, column header) and what it is."""

    sheet: str
    row: int | None
    column: str
    message: str

    @property
    def is_file_level(self) -> bool:
        return self.row is None and not self.column

    def __str__(self) -> str:
        where = [self.sheet] if self.sheet else []
        if self.row is not None:
            where.append(_("row %(row)s") % {"row": self.row})
        if self.column:
            where.append(self.column)
        return f"{', '.join(where)}: {self.message}" if where else self.message


@dataclass
class UnitRow:
    """A unit as written on one row of the units sheet."""

    row: int
    code: str
    name: str
    kind: str
    parent_code: str


@dataclass
class PersonRow:
    """A person as written on one row of the staff sheet."""

    row: int
    code: str
    full_name: str
    gender: str
    date_of_birth: datetime.date | None
    employment_type: str
    position: str
    unit_code: str
    start_date: datetime.date | None
    end_date: datetime.date | None
    email: str


@dataclass
class StaffWorkbook:
    """The rows read from a workbook, the columns it has, and the problems found so far.

    `complete` is False when the file could not be read to the end (not a workbook, too large,
    too many rows): the rows are then partial and nothing may be written.
    """

    units: list[UnitRow] = field(default_factory=list)
    people: list[PersonRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    unit_sheet: str = UNITS_SHEET
    staff_sheet: str = STAFF_SHEET
    # Column key -> the header as written in the file, for the columns the file has.
    unit_headers: dict[str, str] = field(default_factory=dict)
    person_headers: dict[str, str] = field(default_factory=dict)
    complete: bool = True

    def discard_rows(self) -> None:
        self.units, self.people = [], []

    def file_error(self, message: str) -> "StaffWorkbook":
        self.errors.append(RowError("", None, "", message))
        self.complete = False
        return self

    def unit_header(self, key: str) -> str:
        return self.unit_headers.get(key) or _header_of(UNIT_COLUMNS, key)

    def person_header(self, key: str) -> str:
        return self.person_headers.get(key) or _header_of(PERSON_COLUMNS, key)


@dataclass
class ImportResult:
    """What an import did (or, on a dry run, would do): the codes by outcome, or the problems."""

    dry_run: bool = False
    errors: list[RowError] = field(default_factory=list)
    units_created: list[str] = field(default_factory=list)
    units_updated: list[str] = field(default_factory=list)
    units_unchanged: list[str] = field(default_factory=list)
    people_created: list[str] = field(default_factory=list)
    people_updated: list[str] = field(default_factory=list)
    people_unchanged: list[str] = field(default_factory=list)
    # What an update changes, field by field: (code, field, before, after), as shown.
    changes: list[tuple[str, str, str, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def counts(self) -> dict[str, int]:
        return {
            "units_created": len(self.units_created),
            "units_updated": len(self.units_updated),
            "units_unchanged": len(self.units_unchanged),
            "people_created": len(self.people_created),
            "people_updated": len(self.people_updated),
            "people_unchanged": len(self.people_unchanged),
        }

    def summary(self) -> str:
        """Return one sentence with the counts, for a message or the command's output."""
        return (
            _(
                "Units: %(units_created)d created, %(units_updated)d updated, "
                "%(units_unchanged)d unchanged. People: %(people_created)d created, "
                "%(people_updated)d updated, %(people_unchanged)d unchanged."
            )
            % self.counts
        )


def _header_of(columns, key: str) -> str:
    return next(column.header for column in columns if column.key == key)


# The problems an import job keeps for its page; its count says how many there were in all.
KEPT_ERRORS = 1000


def result_data(result, **details) -> dict:
    """Return what an import found, as an import job keeps it for its page (`Job.result`):
    whether it only checked, its summary, and its problems as the import pages list them
    (`file_errors`, `row_errors`: the first KEPT_ERRORS, `listed` of `error_count`). `details`
    adds what a kind's page shows."""
    kept = [
        {**asdict(error), "message": str(error.message)} for error in result.errors[:KEPT_ERRORS]
    ]
    return {
        "dry_run": result.dry_run,
        "ok": result.ok,
        "summary": result.summary() if result.ok else "",
        "error_count": len(result.errors),
        "listed": len(kept),
        "file_errors": [error for error in kept if error["row"] is None and not error["column"]],
        "row_errors": [error for error in kept if error["row"] is not None or error["column"]],
        **details,
    }


def counted(rows: Iterable, progress) -> Iterable:
    """Return the rows, each counted done on `progress` (a job's) as it is taken; the rows
    unchanged without one."""
    if progress is None:
        return rows
    return _counting(rows, progress)


def _counting(rows: Iterable, progress) -> Iterator:
    for row in rows:
        yield row
        progress.advance()


class Unreadable(Exception):
    """Raised when openpyxl fails part-way through a sheet."""


def _file_size(file) -> int:
    size = getattr(file, "size", None)
    if size is not None:
        return size
    position = file.tell()
    file.seek(0, io.SEEK_END)
    size = file.tell()
    file.seek(position)
    return size


def _unzipped_size(file) -> int | None:
    """Return what the workbook's parts add up to once unzipped, from the zip's directory (the
    sizes a reader is held to), or None when the file is not a zip at all."""
    position = file.tell()
    try:
        with zipfile.ZipFile(file) as archive:
            return sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        file.seek(position)


def _declared_cells(sheet) -> int:
    """Return how many cells a read-only sheet says it spans (its `dimension`), 0 if unsaid."""
    try:
        return (sheet.max_row or 0) * (sheet.max_column or 0)
    except (TypeError, ValueError):
        return 0


def megabytes(size: int) -> str:
    """Return a byte count in MB for messages ("5", "2.5")."""
    return f"{size / (1024 * 1024):.1f}".removesuffix(".0")


def _not_a_workbook() -> str:
    return _(
        "This file is not an Excel workbook (.xlsx). Open it in Excel and save it as "
        "“Excel Workbook (.xlsx)”, or start from the template."
    )


def _too_big() -> str:
    return _(
        "This workbook holds far more than an import needs once opened (%(size)s MB unzipped, "
        "or sheets of more than %(cells)s cells). Copy only the rows to import into the "
        "template and save it again."
    ) % {
        "size": megabytes(settings.IMPORT_MAX_UNZIPPED_BYTES),
        "cells": f"{settings.IMPORT_MAX_CELLS:,}".replace(",", "."),
    }


def upload_problem(file) -> str | None:
    """Return why a file cannot be an import's workbook, from its size and its zip directory
    alone (openpyxl is not called), or None. The upload is checked so before it is stored for
    the import's job, and the job checks it again."""
    size, limit = _file_size(file), settings.IMPORT_MAX_BYTES
    if size > limit:
        # Refused before openpyxl sees it: a large zip can expand to far more in memory.
        return _(
            "The file is %(size)s MB; the import accepts files up to %(limit)s MB. "
            "Split it into smaller files."
        ) % {"size": megabytes(size), "limit": megabytes(limit)}
    unzipped = _unzipped_size(file)
    if unzipped is None:
        return _not_a_workbook()
    if unzipped > settings.IMPORT_MAX_UNZIPPED_BYTES:
        return _too_big()
    return None


def read_checked(file, result, read_book) -> bool:
    """Open an .xlsx within the size limit and let `read_book(book, result)` read it.

    Return False when the file could not be read, the reason recorded with `result.file_error`
    and whatever rows were read dropped (`result.discard_rows()`). Shared by every Excel import.
    """
    problem = upload_problem(file)
    if problem:
        result.file_error(problem)
        return False
    not_a_workbook, too_big = _not_a_workbook(), _too_big()
    try:
        book = load_workbook(file, read_only=True, data_only=True)
    except UNREADABLE:
        result.file_error(not_a_workbook)
        return False
    try:
        if any(_declared_cells(sheet) > settings.IMPORT_MAX_CELLS for sheet in book.worksheets):
            result.file_error(too_big)
            return False
        read_book(book, result)
    except Unreadable:
        result.discard_rows()
        result.file_error(not_a_workbook)
        return False
    finally:
        book.close()
    return True


def read_workbook(file) -> StaffWorkbook:
    """Parse an uploaded or opened .xlsx into rows, collecting every problem found in the file."""
    result = StaffWorkbook()
    if read_checked(file, result, _read_book) and result.complete:
        _check_duplicates(result)
    return result


def _find_sheet(book, names: set[str], result: StaffWorkbook, what: str):
    found = [title for title in book.sheetnames if fold(title) in names]
    if len(found) > 1:
        result.errors.append(
            RowError(
                found[1],
                None,
                "",
                _("The workbook has more than one %(what)s sheet (%(sheets)s); keep only one.")
                % {"what": what, "sheets": ", ".join(f"“{title}”" for title in found)},
            )
        )
    return book[found[0]] if found else None


def _read_book(book, result: StaffWorkbook) -> None:
    unit_sheet = _find_sheet(book, UNIT_SHEET_NAMES, result, _("units"))
    staff_sheet = _find_sheet(book, STAFF_SHEET_NAMES, result, _("staff"))
    if unit_sheet is None and staff_sheet is None:
        result.file_error(
            _(
                "The workbook has neither a “%(units)s” (units) sheet nor a “%(staff)s” (staff) "
                "sheet. Start from the template."
            )
            % {"units": UNITS_SHEET, "staff": STAFF_SHEET}
        )
        return
    budget = [settings.IMPORT_MAX_ROWS]
    if unit_sheet is not None:
        result.unit_sheet = unit_sheet.title
        for reader in sheet_rows(unit_sheet, UNIT_COLUMNS, result, result.unit_headers, budget):
            result.units.append(_unit_from(reader))
    if staff_sheet is not None and result.complete:
        result.staff_sheet = staff_sheet.title
        for reader in sheet_rows(
            staff_sheet, PERSON_COLUMNS, result, result.person_headers, budget
        ):
            result.people.append(_person_from(reader))
    if result.complete and not result.units and not result.people and not result.errors:
        result.file_error(_("The workbook has no units and no staff rows."))
    # Rows whose key is missing cannot be referred to or written; their errors are recorded.
    result.units = [row for row in result.units if row.code]
    result.people = [row for row in result.people if row.code]


def _iterate(sheet) -> Iterator[tuple]:
    rows = sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True)
    while True:
        try:
            values = next(rows)
        except StopIteration:
            return
        except UNREADABLE as exc:
            raise Unreadable from exc
        yield values


def sheet_rows(sheet, columns, result: StaffWorkbook, headers: dict, budget: list[int]):
    """Yield a reader for each non-blank data row of a sheet whose header row is valid."""
    rows = _iterate(sheet)
    header_row = next(rows, None)
    if header_row is None or all(_is_blank(value) for value in header_row):
        return  # An empty sheet: the other sheet may still carry data.
    by_folded = {}
    for column in columns:
        by_folded[fold(column.header)] = column
        by_folded[fold(column.english)] = column
    positions: dict[str, int] = {}
    problems = []
    for index, value in enumerate(header_row):
        column = by_folded.get(fold(_text(value)))
        if column is None:
            continue  # Unknown columns (notes, formulas) are ignored.
        if column.key in positions:
            problems.append(
                RowError(
                    sheet.title,
                    1,
                    _text(value),
                    _("The column “%(column)s” appears twice.") % {"column": column.header},
                )
            )
            continue
        positions[column.key] = index
        headers[column.key] = _text(value)
    for column in columns:
        if column.required and column.key not in positions:
            problems.append(
                RowError(
                    sheet.title,
                    1,
                    column.header,
                    _("The sheet “%(sheet)s” has no column “%(column)s” (required).")
                    % {"sheet": sheet.title, "column": column.header},
                )
            )
    if problems:
        result.errors.extend(problems)
        return
    for number, values in enumerate(rows, start=2):
        if all(_is_blank(value) for value in values):
            continue
        budget[0] -= 1
        if budget[0] < 0:
            result.file_error(
                _("The file has more than %(max)s data rows; split it into smaller files.")
                % {"max": settings.IMPORT_MAX_ROWS}
            )
            return
        cells = {key: values[index] for key, index in positions.items()}
        yield _CellReader(sheet.title, number, cells, columns, headers, result.errors)


def _is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(value) -> str:
    """Return a cell as tidy text: numbers typed as codes lose Excel's ".0"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime | datetime.date):
        return value.strftime("%d/%m/%Y")
    return " ".join(str(value).split())


def _format_date(value: datetime.date) -> str:
    return value.strftime("%d/%m/%Y")


class _CellReader:
    """Read the cells of one row, recording a RowError for each cell that does not fit."""

    def __init__(self, sheet, number, cells, columns, headers, errors):
        self.sheet = sheet
        self.number = number
        self.cells = cells
        self.columns = {column.key: column for column in columns}
        self.headers = headers
        self.errors = errors

    def error(self, key: str, message: str) -> None:
        self.errors.append(RowError(self.sheet, self.number, self.headers[key], message))

    def text(self, key: str) -> str:
        if key not in self.cells:
            return ""
        value = _text(self.cells[key])
        column = self.columns[key]
        if not value and column.required:
            self.error(key, _("This cell is required but empty."))
        elif column.max_length and len(value) > column.max_length:
            self.error(
                key,
                _("At most %(max)d characters are allowed; this cell has %(length)d.")
                % {"max": column.max_length, "length": len(value)},
            )
            return value[: column.max_length]
        return value

    def choice(self, key: str, choices) -> str:
        raw = self.text(key)
        if not raw:
            return ""
        value = _choice_table(choices).get(fold(raw))
        if value is None:
            self.error(
                key,
                _("“%(value)s” is not accepted here. Write one of: %(accepted)s.")
                % {"value": raw, "accepted": ", ".join(accepted_words(choices))},
            )
            return ""
        return value

    def date(self, key: str) -> datetime.date | None:
        raw = self.cells.get(key)
        if _is_blank(raw):
            if self.columns[key].required and key in self.cells:
                self.error(key, _("This cell is required but empty."))
            return None
        if isinstance(raw, datetime.datetime):
            return raw.date()
        if isinstance(raw, datetime.date):
            return raw
        if isinstance(raw, str):
            for date_format in TEXT_DATE_FORMATS:
                try:
                    return datetime.datetime.strptime(raw.strip(), date_format).date()
                except ValueError:
                    continue
        self.error(
            key,
            _("“%(value)s” is not a date; write it as dd/mm/yyyy, for example 15/05/1985.")
            % {"value": _text(raw)},
        )
        return None

    def email(self, key: str) -> str:
        value = self.text(key)
        if value:
            try:
                validate_email(value)
            except ValidationError:
                self.error(key, _("“%(value)s” is not a valid e-mail address.") % {"value": value})
        return value


# The template's example rows carry codes of their own, which no unit or person may have: a
# template uploaded unchanged renamed the agency and added an employee from its examples.
EXAMPLE_PREFIX = "VIDU-"


def _not_an_example(cells: _CellReader, code: str) -> None:
    if code.upper().startswith(EXAMPLE_PREFIX):
        cells.error(
            "code",
            _("This is the template's example row (code %(code)s): delete it before importing.")
            % {"code": code},
        )


def _unit_from(cells: _CellReader) -> UnitRow:
    code = cells.text("code")
    _not_an_example(cells, code)
    if "/" in code:
        cells.error("code", _("A unit code cannot contain '/'."))
    return UnitRow(
        row=cells.number,
        code=code,
        name=cells.text("name"),
        kind=cells.choice("kind", Unit.Kind),
        parent_code=cells.text("parent_code"),
    )


def _person_from(cells: _CellReader) -> PersonRow:
    row = PersonRow(
        row=cells.number,
        code=cells.text("code"),
        full_name=cells.text("full_name"),
        gender=cells.choice("gender", Person.Gender),
        date_of_birth=cells.date("date_of_birth"),
        employment_type=cells.choice("employment_type", Person.EmploymentType),
        position=cells.text("position"),
        unit_code=cells.text("unit_code"),
        start_date=cells.date("start_date"),
        end_date=cells.date("end_date"),
        email=cells.email("email"),
    )
    _not_an_example(cells, row.code)
    if "/" in row.code:
        # The code is the person's address (can-bo/<code>/): a '/' breaks every link to them.
        cells.error("code", _("A staff code cannot contain '/'."))
    if row.start_date and row.end_date and row.end_date < row.start_date:
        cells.error(
            "end_date",
            _("The end date %(end)s is before the start date %(start)s.")
            % {"end": _format_date(row.end_date), "start": _format_date(row.start_date)},
        )
    return row


def _check_duplicates(result: StaffWorkbook) -> None:
    for rows, sheet, header, message in (
        (
            result.units,
            result.unit_sheet,
            result.unit_header("code"),
            _("The unit code “%(code)s” appears on rows %(rows)s; each unit may appear once."),
        ),
        (
            result.people,
            result.staff_sheet,
            result.person_header("code"),
            _("The staff code “%(code)s” appears on rows %(rows)s; each person may appear once."),
        ),
    ):
        seen: dict[str, list[int]] = defaultdict(list)
        for row in rows:
            seen[row.code].append(row.row)
        for code, numbers in seen.items():
            if len(numbers) > 1:
                result.errors.append(
                    RowError(
                        sheet,
                        numbers[1],
                        header,
                        message % {"code": code, "rows": ", ".join(map(str, numbers))},
                    )
                )


def parents_from_paths(paths: Iterable[str]) -> dict[str, str | None]:
    """Map each unit code on the given materialised paths to its parent's code (None at the top)."""
    parents: dict[str, str | None] = {}
    for path in paths:
        codes = path.strip("/").split("/")
        for index, code in enumerate(codes):
            parents[code] = codes[index - 1] if index else None
    return parents


def check_references(
    workbook: StaffWorkbook, known_parents: dict[str, str | None]
) -> tuple[list[UnitRow], list[RowError]]:
    """Check parent and unit codes against the file and the portal, and find cycles.

    `known_parents` maps the code of every unit already in the portal that the file refers to
    (and their ancestors) to its parent's code. Returns the unit rows in an order that saves
    every parent before its children, and the problems found.
    """
    errors: list[RowError] = []
    in_file = {}
    for row in workbook.units:
        in_file.setdefault(row.code, row)
    keeps_parent = "parent_code" not in workbook.unit_headers

    def parent_of(code: str) -> str | None:
        if code in in_file and not keeps_parent:
            return in_file[code].parent_code or None
        return known_parents.get(code)

    def is_known(code: str) -> bool:
        return code in in_file or code in known_parents

    unknown = _("There is no unit with the code “%(code)s” in this file or in your scope.")
    for row in workbook.units:
        if row.parent_code and not is_known(row.parent_code):
            errors.append(
                RowError(
                    workbook.unit_sheet,
                    row.row,
                    workbook.unit_header("parent_code"),
                    unknown % {"code": row.parent_code},
                )
            )

    depth: dict[str, int] = {}
    for row in in_file.values():
        chain = [row.code]
        code = parent_of(row.code)
        while code is not None and code not in chain and is_known(code):
            chain.append(code)
            code = parent_of(code)
        if code == row.code:
            errors.append(
                RowError(
                    workbook.unit_sheet,
                    row.row,
                    workbook.unit_header("parent_code"),
                    _("The unit “%(code)s” would sit below itself: %(chain)s.")
                    % {"code": row.code, "chain": " → ".join([*chain, row.code])},
                )
            )
        depth[row.code] = len(chain)

    for row in workbook.people:
        if row.unit_code and not is_known(row.unit_code):
            errors.append(
                RowError(
                    workbook.staff_sheet,
                    row.row,
                    workbook.person_header("unit_code"),
                    unknown % {"code": row.unit_code},
                )
            )
    ordered = sorted(in_file.values(), key=lambda row: (depth[row.code], row.row))
    return ordered, errors


def row_errors(exc: ValidationError, *, sheet: str, row: int, header_of) -> list[RowError]:
    """Turn a model's ValidationError into row errors; `header_of` maps a field to its header."""
    return [
        RowError(sheet, row, "" if name == NON_FIELD_ERRORS else header_of(name), message)
        for name, messages in exc.message_dict.items()
        for message in messages
    ]


def sort_errors(workbook: StaffWorkbook, errors: list[RowError]) -> list[RowError]:
    """Return the errors file-wide first, then by sheet (units, staff) and row."""
    rank = {"": 0, workbook.unit_sheet: 1, workbook.staff_sheet: 2}
    return sorted(errors, key=lambda error: (rank.get(error.sheet, 3), error.row or 0))


# Writing: the template and the export share the import's format, so an export can be re-imported.


def _header_cells(sheet, columns) -> list[WriteOnlyCell]:
    cells = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=column.header)
        cell.font = Font(bold=True)
        cells.append(cell)
    return cells


# openpyxl stores a string starting with "=" as a formula, which Excel then runs.
FORMULA_PREFIXES = ("=", "+", "-", "@")


def value_cell(sheet, value):
    """Return what to append to a sheet for a value: a date formatted dd/mm/yyyy, text without
    the control characters a workbook refuses, and text that starts like a formula written as
    text (openpyxl would store it as a live formula)."""
    if isinstance(value, datetime.date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = EXCEL_DATE_FORMAT
        return cell
    if isinstance(value, str):
        # Control characters (NUL, escapes) are not allowed in a workbook: left out, the rest of
        # the text kept.
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        # User text (a note, a commitment, a name) is written as text, never as a formula.
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"
        return cell
    return value


def data_sheet(book, title: str, columns, rows: Iterable[list]) -> None:
    sheet = book.create_sheet(title)
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "A2"
    sheet.append(_header_cells(sheet, columns))
    for values in rows:
        sheet.append([value_cell(sheet, value) for value in values])


# The rows of the template that offer the drop-down lists.
TEMPLATE_ROWS = 2000


def _drop_down(sheet, columns, key: str, choices, *, strict: bool = True) -> None:
    """Offer `choices` (a list of words, or a range of cells) in the column `key` of the
    template's rows; `strict` refuses another value as Excel is typed into."""
    index = next(number for number, column in enumerate(columns, start=1) if column.key == key)
    letter = get_column_letter(index)
    formula = choices if isinstance(choices, str) else '"' + ",".join(choices) + '"'
    validation = DataValidation(
        type="list", formula1=formula, allow_blank=True, showErrorMessage=strict
    )
    validation.error = _("Pick a value from the list.")
    sheet.add_data_validation(validation)
    validation.add(f"{letter}2:{letter}{TEMPLATE_ROWS}")


def _unit_values(unit: Unit) -> list:
    return [
        unit.code,
        unit.name,
        choice_word(Unit.Kind, unit.kind),
        unit.parent.code if unit.parent_id else "",
    ]


def _person_values(person: Person) -> list:
    return [
        person.code,
        person.full_name,
        choice_word(Person.Gender, person.gender),
        person.date_of_birth,
        choice_word(Person.EmploymentType, person.employment_type),
        person.position,
        person.unit.code,
        person.start_date,
        person.end_date,
        person.email,
    ]


def workbook_bytes(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def build_export(*, units: Iterable[Unit], people: Iterable[Person]) -> bytes:
    """Return an .xlsx of units (with `parent` loaded) and people (with `unit`) in import format."""
    # Write-only mode streams rows to the file instead of keeping every cell object in memory.
    book = Workbook(write_only=True)
    data_sheet(book, UNITS_SHEET, UNIT_COLUMNS, (_unit_values(unit) for unit in units))
    data_sheet(book, STAFF_SHEET, PERSON_COLUMNS, (_person_values(p) for p in people))
    return workbook_bytes(book)


def build_template() -> bytes:
    """Return the empty import workbook: both sheets with an example row that cannot be
    imported (its code begins with EXAMPLE_PREFIX), drop-down lists on the coded columns, and a
    guide sheet."""
    book = Workbook()
    book.remove(book.active)
    data_sheet(
        book,
        UNITS_SHEET,
        UNIT_COLUMNS,
        [
            [
                f"{EXAMPLE_PREFIX}PHONG",
                _("(Example, delete this row) Phòng Mẫu"),
                choice_word(Unit.Kind, Unit.Kind.DIVISION),
                "",
            ]
        ],
    )
    data_sheet(
        book,
        STAFF_SHEET,
        PERSON_COLUMNS,
        [
            [
                f"{EXAMPLE_PREFIX}CB01",
                _("(Example, delete this row) Nguyễn Văn Mẫu"),
                choice_word(Person.Gender, Person.Gender.MALE),
                datetime.date(1985, 5, 15),
                choice_word(Person.EmploymentType, Person.EmploymentType.CIVIL_SERVANT),
                "Chuyên viên",
                f"{EXAMPLE_PREFIX}PHONG",
                datetime.date(2015, 1, 1),
                None,
                "",
            ]
        ],
    )
    _drop_down(book[UNITS_SHEET], UNIT_COLUMNS, "kind", accepted_words(Unit.Kind))
    _drop_down(book[STAFF_SHEET], PERSON_COLUMNS, "gender", accepted_words(Person.Gender))
    _drop_down(
        book[STAFF_SHEET],
        PERSON_COLUMNS,
        "employment_type",
        accepted_words(Person.EmploymentType),
    )
    # A unit code picked from the codes written on the units' sheet (any other is still taken,
    # as a code the portal already has).
    codes = f"'{UNITS_SHEET}'!$A$2:$A${TEMPLATE_ROWS}"
    for sheet, columns, key in (
        (book[UNITS_SHEET], UNIT_COLUMNS, "parent_code"),
        (book[STAFF_SHEET], PERSON_COLUMNS, "unit_code"),
    ):
        _drop_down(sheet, columns, key, codes, strict=False)
    guide = book.create_sheet(GUIDE_SHEET)
    guide.column_dimensions["A"].width = 28
    guide.column_dimensions["B"].width = 90

    def heading(text):
        cell = WriteOnlyCell(guide, value=text)
        cell.font = Font(bold=True)
        guide.append([cell])

    heading(_("How to fill in this workbook"))
    guide.append([_("Keep the headers in row 1; write one unit or one person per row.")])
    guide.append(
        [
            _(
                "Row 2 of each sheet is an example: delete it before importing (its code begins "
                "with %(prefix)s, which the portal refuses)."
            )
            % {"prefix": EXAMPLE_PREFIX}
        ]
    )
    guide.append(
        [_("A code already in the portal updates that unit or person; a new code adds one.")]
    )
    guide.append([])
    for sheet, columns in ((UNITS_SHEET, UNIT_COLUMNS), (STAFF_SHEET, PERSON_COLUMNS)):
        heading(_("Sheet “%(sheet)s”") % {"sheet": sheet})
        for column in columns:
            guide.append([column.header, _("required") if column.required else _("optional")])
        guide.append([])
    heading(_("Accepted values"))
    for header, choices in (
        (_header_of(UNIT_COLUMNS, "kind"), Unit.Kind),
        (_header_of(PERSON_COLUMNS, "employment_type"), Person.EmploymentType),
        (_header_of(PERSON_COLUMNS, "gender"), Person.Gender),
    ):
        guide.append([header, ", ".join(accepted_words(choices))])
    guide.append(
        [
            _("Dates"),
            _("dd/mm/yyyy, for example 15/05/1985 (a date cell or text)."),
        ]
    )
    return workbook_bytes(book)
