"""Finding 7 of the security review: the 5 MB limit checked the compressed size only, and a
553 KB workbook cost 514 MB of memory once openpyxl opened it. The unzipped size and the cells a
sheet declares are now checked before openpyxl reads anything."""

import io
import re
import zipfile

import pytest

from organizations import importer
from tests.organizations.test_import import database_unchanged, errors_of, staff_row, upload, xlsx

pytestmark = pytest.mark.usefixtures("english")


def rewritten(content: bytes, part: str, change) -> bytes:
    """Return the workbook with one of its XML parts passed through `change`."""
    source = zipfile.ZipFile(io.BytesIO(content))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == part:
                data = change(data)
            archive.writestr(item, data, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def inflated(content: bytes, *, part: str, pad: int) -> bytes:
    """Return the workbook with `pad` bytes of blanks added to one of its XML parts: a few KB
    zipped, megabytes unzipped."""
    return rewritten(
        content, part, lambda data: data.replace(b"</worksheet>", b" " * pad + b"</worksheet>", 1)
    )


def sheet_part(content: bytes) -> str:
    names = zipfile.ZipFile(io.BytesIO(content)).namelist()
    return next(name for name in names if re.match(r"xl/worksheets/sheet\d+\.xml", name))


def test_a_workbook_that_unzips_beyond_the_limit_is_refused_before_openpyxl_opens_it(
    org, login, settings, monkeypatch
):
    settings.IMPORT_MAX_UNZIPPED_BYTES = 4 * 1024 * 1024
    content = xlsx(staff=[staff_row("CB1")])
    bomb = inflated(content, part=sheet_part(content), pad=8 * 1024 * 1024)
    assert len(bomb) < 100 * 1024  # far under the 5 MB upload limit

    def never(*args, **kwargs):
        raise AssertionError("openpyxl must not open a workbook that unzips beyond the limit")

    monkeypatch.setattr(importer, "load_workbook", never)
    with database_unchanged():
        response = upload(login(org.alice), bomb)
    [(_, _, _, message)] = errors_of(response)
    assert message.startswith("This workbook holds far more than an import needs once opened")


def test_a_sheet_that_declares_millions_of_cells_is_refused_before_its_rows_are_read(org, login):
    content = xlsx(staff=[staff_row("CB1")])
    whole_sheet = rewritten(
        content,
        sheet_part(content),
        lambda data: re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', data),
    )
    with database_unchanged():
        response = upload(login(org.alice), whole_sheet)
    [(_, _, _, message)] = errors_of(response)
    assert message.startswith("This workbook holds far more than an import needs once opened")


def test_an_ordinary_workbook_still_imports(org, login):
    response = upload(login(org.alice), xlsx(staff=[staff_row("CB1")]), dry_run=True)
    assert errors_of(response) == []
