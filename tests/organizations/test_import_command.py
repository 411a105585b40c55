"""The import_staff command: the same checks and service as the upload page, for scripts."""

import io

import pytest
from django.core.management import CommandError, call_command

from organizations.models import Event, Person, Unit
from tests.organizations.test_import import database_unchanged, staff_row, xlsx

pytestmark = pytest.mark.usefixtures("english")


def run(*args):
    stdout, stderr = io.StringIO(), io.StringIO()
    call_command("import_staff", *map(str, args), stdout=stdout, stderr=stderr)
    return stdout.getvalue(), stderr.getvalue()


@pytest.fixture
def good_file(tmp_path):
    path = tmp_path / "can-bo.xlsx"
    path.write_bytes(
        xlsx(
            units=[["PKH", "Phòng Kế hoạch", "Phòng", "SKHCN"]],
            staff=[staff_row("CB100", "PKH"), staff_row("BOB", "VP")],
        )
    )
    return path


def test_it_imports_and_prints_the_counts(org, good_file):
    stdout, stderr = run(good_file)
    assert "Imported. Units: 1 created, 0 updated, 0 unchanged." in stdout
    assert "People: 1 created, 1 updated, 0 unchanged." in stdout
    assert stderr == ""
    assert Person.objects.get(code="CB100").unit.code == "PKH"
    event = Event.objects.get(verb="staff_imported")
    assert event.actor is None
    assert event.data["people_created"] == 1


def test_dry_run_writes_nothing(org, good_file):
    with database_unchanged():
        stdout, _ = run(good_file, "--dry-run")
    assert "Dry run, nothing saved. Units: 1 created" in stdout
    assert not Unit.objects.filter(code="PKH").exists()


def test_it_prints_each_problem_and_fails(org, tmp_path):
    path = tmp_path / "sai.xlsx"
    path.write_bytes(
        xlsx(
            units=[["PKH", "Phòng Kế hoạch", "Phòng", "KHONGCO"]],
            staff=[staff_row("CB100", **{"Ngày bắt đầu": "hôm qua"})],
        )
    )
    stderr = io.StringIO()
    with database_unchanged(), pytest.raises(CommandError, match="2 problem"):
        call_command("import_staff", str(path), stdout=io.StringIO(), stderr=stderr)
    assert stderr.getvalue().splitlines() == [
        "Đơn vị, row 2, Mã đơn vị cấp trên: There is no unit with the code “KHONGCO” in this "
        "file or in your scope.",
        "Cán bộ, row 2, Ngày bắt đầu: “hôm qua” is not a date; write it as dd/mm/yyyy, "
        "for example 15/05/1985.",
    ]


def test_it_refuses_a_file_that_is_not_xlsx(org, tmp_path):
    path = tmp_path / "can-bo.xlsx"
    path.write_text("Mã cán bộ;Họ và tên\n")
    stderr = io.StringIO()
    with database_unchanged(), pytest.raises(CommandError):
        call_command("import_staff", str(path), stdout=io.StringIO(), stderr=stderr)
    assert stderr.getvalue().startswith("This file is not an Excel workbook (.xlsx).")


def test_it_refuses_a_file_over_the_size_limit(org, tmp_path, settings):
    settings.IMPORT_MAX_BYTES = 1024 * 1024
    path = tmp_path / "lon.xlsx"
    path.write_bytes(b"\x00" * (2 * 1024 * 1024))
    stderr = io.StringIO()
    with database_unchanged(), pytest.raises(CommandError):
        call_command("import_staff", str(path), stdout=io.StringIO(), stderr=stderr)
    assert "The file is 2 MB; the import accepts files up to 1 MB." in stderr.getvalue()


def test_it_says_when_the_file_is_missing(db, tmp_path):
    with pytest.raises(CommandError, match="No such file: .*khong-co.xlsx"):
        run(tmp_path / "khong-co.xlsx")
