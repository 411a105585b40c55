"""Import units and staff from an .xlsx file in the import format, as the upload page does."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from organizations import importer, services
from organizations.actors import SYSTEM


class Command(BaseCommand):
    help = "Import units and staff from an Excel workbook (sheets “Đơn vị” and “Cán bộ”)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path to the .xlsx file.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check the file and print what would change, without saving anything.",
        )

    def handle(self, *args, file, dry_run, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(_("No such file: %(path)s") % {"path": path})
        with path.open("rb") as handle:
            workbook = importer.read_workbook(handle)
            # The command line acts as the portal itself: every unit, recorded as the system.
            result = services.staff_import(actor=SYSTEM, workbook=workbook, dry_run=dry_run)
        if not result.ok:
            for error in result.errors:
                self.stderr.write(str(error))
            raise CommandError(
                _("%(count)d problem(s) found in %(path)s; nothing has been saved.")
                % {"count": len(result.errors), "path": path}
            )
        prefix = _("Dry run, nothing saved.") if dry_run else _("Imported.")
        self.stdout.write(self.style.SUCCESS(f"{prefix} {result.summary()}"))
