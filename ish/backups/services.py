"""Taking a backup (the database and the stored files — the local media folder or the bucket — in
one dated archive), keeping the newest N, and restoring an archive into an empty database."""

import datetime as dt
import logging
import os
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from django.core.files import File
from django.core.files.storage import default_storage
from django.db import connections
from django.utils import timezone

from ish.backups import archive, databases
from ish.backups.archive import MEDIA, PREFIX, BackupError

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Backup:
    archive: Path
    checksum: Path
    manifest: dict
    pruned: list[Path]


@dataclass(frozen=True)
class Restored:
    tables: int
    rows: int
    media_files: int


def take_backup(
    output_dir: Path, *, keep: int, using: str = "default", now: dt.datetime | None = None
) -> Backup:
    """Dump the database, then add the media files (taken after the dump, so every file a dumped
    row names is there), into `ish-backup-<UTC time>.tar` with its `.sha256`; then delete all
    but the newest `keep` archives."""
    if keep < 1:
        raise BackupError("--keep must be at least 1: the archive just taken is kept.")
    now = now or timezone.now()
    output_dir.mkdir(parents=True, exist_ok=True)
    name = f"{PREFIX}{now.astimezone(dt.UTC):%Y%m%d-%H%M%S-%f}.tar"
    target = output_dir / name
    partial = output_dir / f".{name}.partial"
    connection = connections[using]
    vendor = databases.vendor_of(connection.settings_dict)
    try:
        with tempfile.TemporaryDirectory(dir=output_dir, prefix=".work-") as work:
            dump_file = Path(work) / databases.MEMBER[vendor]
            tables = databases.dump(connection, dump_file)
            with tarfile.open(partial, "w:", format=tarfile.PAX_FORMAT) as tar:
                members = {dump_file.name: archive.add_file(tar, dump_file, dump_file.name)}
                media_count = 0
                for stored in archive.stored_files(default_storage):
                    member = f"{MEDIA}/{stored}"
                    try:
                        with default_storage.open(stored, "rb") as file:
                            members[member] = archive.add_stream(
                                tar, file, member, size=default_storage.size(stored)
                            )
                    except FileNotFoundError:  # an expired export deleted meanwhile
                        continue
                    media_count += 1
                manifest = {
                    "format": archive.FORMAT,
                    "created_at": now.isoformat(),
                    "created_at_epoch": now.timestamp(),
                    "database": {
                        "vendor": vendor,
                        "member": databases.MEMBER[vendor],
                        "tables": tables,
                    },
                    "media": {"files": media_count},
                    "members": members,
                }
                archive.add_manifest(tar, manifest)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    checksum = archive.write_checksum(target)
    return Backup(target, checksum, manifest, prune(output_dir, keep=keep))


def prune(output_dir: Path, *, keep: int) -> list[Path]:
    """Delete all but the newest `keep` archives (and their checksums); returns those deleted.
    Names sort by their time, so the oldest come first."""
    archives = sorted(output_dir.glob(f"{PREFIX}*.tar"))
    doomed = archives[:-keep]
    for old in doomed:
        old.unlink()
        archive.checksum_path(old).unlink(missing_ok=True)
        logger.info("Deleted the old backup %s", old.name)
    return doomed


def restore(archive_path: Path, *, database: dict) -> Restored:
    """Put an archive back into an empty database (Django's settings of it; no connection of
    Django's may be open to it) and its files into the default storage (the media folder or the
    bucket, whichever this deployment uses): checksums first, then the database, then the files;
    the restored row counts must equal the manifest's."""
    manifest = archive.verify(archive_path)
    vendor = databases.vendor_of(database)
    if manifest["database"]["vendor"] != vendor:
        raise BackupError(
            f"This archive holds a {manifest['database']['vendor']} database; "
            f"it cannot be restored into {vendor}."
        )
    if not databases.is_empty(database):
        raise BackupError(
            f"The database {database['NAME']} is not empty. Restore only into a new, empty "
            "database (do not run migrate first), so that nothing of it is mixed with the backup."
        )
    media_members = [name for name in manifest["members"] if name.startswith(f"{MEDIA}/")]
    with tarfile.open(archive_path, "r:") as tar, tempfile.TemporaryDirectory() as work:
        dump_file = Path(work) / manifest["database"]["member"]
        archive.extract(tar, manifest["database"]["member"], dump_file)
        databases.load(dump_file, database)
        restored = databases.counts(database)
        expected = manifest["database"]["tables"]
        if restored != expected:
            differing = sorted(
                table
                for table in set(restored) | set(expected)
                if restored.get(table) != expected.get(table)
            )
            raise BackupError(f"Restored row counts differ from the backup's in {differing}.")
        for name in media_members:
            stored = archive.safe_member(tar.getmember(name)).relative_to(MEDIA).as_posix()
            put_back(stored, tar.extractfile(name))
    return Restored(
        tables=len(restored), rows=sum(restored.values()), media_files=len(media_members)
    )


def put_back(name: str, content: BinaryIO) -> None:
    """Write one file of the archive under exactly its old name (the rows name it), replacing a
    file of that name: storages write a file whole or not at all (ish/media.py, the bucket)."""
    if default_storage.exists(name):
        default_storage.delete(name)
    saved = default_storage.save(name, File(content, name=name))
    if saved != name:
        raise BackupError(f"{name} could not be restored under its own name (stored as {saved}).")
