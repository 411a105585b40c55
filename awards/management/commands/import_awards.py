"""Import award history from an .xlsx file in the import format, as the upload page does."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from awards import importer
from awards.services.history import AWARD_HISTORY
from awards.services.history_import import award_history_import


class Command(BaseCommand):
    help = (
        "Import the award history of the years before the portal from an Excel workbook "
        "(one sheet “Khen thưởng”), acting as an emulation officer."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path to the .xlsx file.")
        parser.add_argument(
            "--actor",
            required=True,
            help="Login name of the emulation officer the import is recorded for; "
            "the import is limited to that officer's scope.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check the file and print what would be added, without saving anything.",
        )

    def handle(self, *args, file, actor, dry_run, **options):
        user = get_user_model().objects.filter(username=actor, is_active=True).first()
        if user is None:
            raise CommandError(
                _("No active user with the login name “%(name)s”.") % {"name": actor}
            )
        # The service checks again; asking first spares reading a file that would be refused.
        if not user.has_perm(AWARD_HISTORY):
            raise CommandError(
                _("%(name)s is not an emulation officer; only an officer imports award history.")
                % {"name": actor}
            )
        path = Path(file)
        if not path.is_file():
            raise CommandError(_("No such file: %(path)s") % {"path": path})
        with path.open("rb") as handle:
            workbook = importer.read_award_workbook(handle)
            result = award_history_import(actor=user, workbook=workbook, dry_run=dry_run)
        if not result.ok:
            for error in result.errors:
                self.stderr.write(str(error))
            raise CommandError(
                _("%(count)d problem(s) found in %(path)s; nothing has been saved.")
                % {"count": len(result.errors), "path": path}
            )
        prefix = _("Dry run, nothing saved.") if dry_run else _("Imported.")
        self.stdout.write(self.style.SUCCESS(f"{prefix} {result.summary()}"))
