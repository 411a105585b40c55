"""Write the database and the uploaded files into one archive (docs/deployment.md, Backups)."""

from django.core.management.base import BaseCommand, CommandError

from emulation.backup import (
    OBJECT_STORAGE_NOTICE,
    BackupError,
    backup_create,
    files_outside_media_root,
    human_size,
)


class Command(BaseCommand):
    help = (
        "Write every row of the database and every file under MEDIA_ROOT into one .tar.gz "
        "archive, with a manifest of the migrations, the rows per model and each file's SHA-256. "
        "`manage.py restore` brings it back into an empty database."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "archive",
            nargs="?",
            help="Where to write the archive (default: emulation-backup-YYYYMMDD-HHMMSS.tar.gz "
            "in the current directory). An existing file is never overwritten.",
        )

    def handle(self, *args, archive=None, **options):
        try:
            summary = backup_create(path=archive)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Backup written to {summary.archive}: {summary.rows} rows of {summary.models} "
                f"models, {summary.files} media files ({human_size(summary.media_bytes)}); "
                f"archive {human_size(summary.archive_bytes)}."
            )
        )
        if files_outside_media_root():
            self.stderr.write(self.style.WARNING(OBJECT_STORAGE_NOTICE))
