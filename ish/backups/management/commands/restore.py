"""`python manage.py restore ARCHIVE`: a backup put back into a new, empty database and the media
folder, after every checksum has been verified."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from ish.backups import services
from ish.backups.archive import BackupError


class Command(BaseCommand):
    help = (
        "Restore an archive written by `backup` into an empty database (it refuses one with "
        "tables) and the media folder. The archive's .sha256 must lie beside it."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("archive", type=Path)
        parser.add_argument("--database", default="default")

    def handle(self, *args, archive: Path, database: str, **options) -> None:
        try:
            # Django's own connection stays out of the way: SQLite's file is replaced under it.
            connections[database].close()
            restored = services.restore(archive, database=connections[database].settings_dict)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Restored {archive.name}: {restored.tables} tables, {restored.rows:,} rows "
            f"(as counted when it was taken), {restored.media_files} media files."
        )
