"""`python manage.py backup [--output-dir DIR] [--keep N]`: the database and the media folder in one
dated archive with its checksum; only the newest N archives are kept."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ish.backups import services
from ish.backups.archive import BackupError


class Command(BaseCommand):
    help = (
        "Back up the database (pg_dump on PostgreSQL, SQLite's online backup otherwise) and the "
        "media folder into BACKUP_DIR/ish-backup-<time>.tar with a .sha256 beside it; keeps the "
        "newest BACKUP_KEEP archives."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--output-dir", type=Path, default=None, metavar="DIR")
        parser.add_argument("--keep", type=int, default=None, metavar="N")
        parser.add_argument("--database", default="default")

    def handle(self, *args, output_dir: Path | None, keep: int | None, database: str, **options):
        try:
            backup = services.take_backup(
                output_dir or Path(settings.BACKUP_DIR),
                keep=settings.BACKUP_KEEP if keep is None else keep,
                using=database,
            )
        except BackupError as error:
            raise CommandError(str(error)) from None
        tables = backup.manifest["database"]["tables"]
        self.stdout.write(
            f"{backup.archive} ({backup.archive.stat().st_size:,} bytes): {len(tables)} tables, "
            f"{sum(tables.values()):,} rows, {backup.manifest['media']['files']} media files"
        )
        for old in backup.pruned:
            self.stdout.write(f"Deleted the older {old.name}")
