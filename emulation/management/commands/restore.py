"""Bring a backup archive back into an empty database (docs/deployment.md, Backups)."""

from django.core.management.base import BaseCommand, CommandError

from emulation.backup import (
    OBJECT_STORAGE_NOTICE,
    BackupError,
    backup_restore,
    files_outside_media_root,
    human_size,
)


class Command(BaseCommand):
    help = (
        "Restore an archive written by `manage.py backup` into an EMPTY database (created and "
        "migrated to the archive's migrations) and MEDIA_ROOT. Refuses a database that holds "
        "data, an archive of other migrations, a damaged archive and any existing file; on any "
        "failure nothing is kept."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="The archive to restore (.tar.gz).")

    def handle(self, *args, archive, **options):
        try:
            summary = backup_restore(path=archive)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored from {summary.archive} ({human_size(summary.archive_bytes)}): "
                f"{summary.rows} rows of {summary.models} models, {summary.files} media files "
                f"({human_size(summary.media_bytes)})."
            )
        )
        if files_outside_media_root():
            self.stderr.write(self.style.WARNING(OBJECT_STORAGE_NOTICE))
