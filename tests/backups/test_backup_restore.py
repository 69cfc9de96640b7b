"""Backups on SQLite: a round trip gives back every row and every document, a database with tables
is refused, a damaged archive is detected before anything is written, only the newest N are kept.
(PostgreSQL's round trip, under load, is the restore drill: tests/drills.)"""

import hashlib
import sqlite3
import tarfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from ish.backups import services
from ish.backups.archive import BackupError
from ish.nominations.models import Document
from tests.factories import complete_nomination


@pytest.fixture
def sqlite_only():
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite round trip; PostgreSQL's is the restore drill (make drill)")


@pytest.fixture
def students(sqlite_only, reference_data):
    """Two nominations with their documents, committed (the backup reads its own copy)."""
    return [complete_nomination(), complete_nomination()]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def row_counts_of_django_database() -> dict[str, int]:
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        counts = {}
        for table in tables:
            cursor.execute(f'SELECT count(*) FROM "{table}"')
            counts[table] = cursor.fetchone()[0]
    return counts


def row_counts_of_file(path: Path) -> dict[str, int]:
    db = sqlite3.connect(path)
    try:
        tables = [
            name
            for (name,) in db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {
            table: db.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] for table in tables
        }
    finally:
        db.close()


def sqlite_database(path: Path) -> dict:
    return {"ENGINE": "django.db.backends.sqlite3", "NAME": str(path)}


def test_a_backup_restored_into_an_empty_database_has_every_row_and_document(
    students, tmp_path, settings
):
    documents = {
        document.file.name: sha256(Path(document.file.path)) for document in Document.objects.all()
    }
    assert len(documents) >= 6
    counts_before = row_counts_of_django_database()

    backup = services.take_backup(tmp_path / "backups", keep=3)

    settings.MEDIA_ROOT = tmp_path / "restored-media"
    target = tmp_path / "restored.sqlite3"
    restored = services.restore(backup.archive, database=sqlite_database(target))

    assert row_counts_of_file(target) == counts_before
    assert restored.rows == sum(counts_before.values())
    db = sqlite3.connect(target)
    names = [name for (name,) in db.execute("SELECT file FROM nominations_document")]
    db.close()
    assert sorted(names) == sorted(documents)
    for name, checksum in documents.items():
        assert sha256(tmp_path / "restored-media" / name) == checksum


def test_the_archive_has_a_checksum_file_that_sha256sum_reads(students, tmp_path):
    backup = services.take_backup(tmp_path, keep=1)

    checksum, name = backup.checksum.read_text().split()
    assert name == backup.archive.name
    assert checksum == sha256(backup.archive)
    with tarfile.open(backup.archive) as tar:
        names = tar.getnames()
    assert "manifest.json" in names
    assert "database.sqlite3" in names
    assert sum(name.startswith("media/") for name in names) == Document.objects.count()


def test_restore_refuses_a_database_that_has_tables(students, tmp_path):
    backup = services.take_backup(tmp_path / "backups", keep=1)
    target = tmp_path / "used.sqlite3"
    db = sqlite3.connect(target)
    db.execute("CREATE TABLE something (id integer)")
    db.execute("INSERT INTO something VALUES (1)")
    db.commit()
    db.close()

    with pytest.raises(BackupError, match="is not empty"):
        services.restore(backup.archive, database=sqlite_database(target))
    assert row_counts_of_file(target) == {"something": 1}


def test_the_restore_command_refuses_the_running_database(students, tmp_path):
    backup = services.take_backup(tmp_path / "backups", keep=1)

    with pytest.raises(CommandError):
        call_command("restore", str(backup.archive))
    assert Document.objects.count() == 6


def test_an_archive_changed_after_it_was_written_is_refused_before_anything_is_restored(
    students, tmp_path
):
    backup = services.take_backup(tmp_path / "backups", keep=1)
    data = bytearray(backup.archive.read_bytes())
    data[len(data) // 2] ^= 0xFF
    backup.archive.write_bytes(bytes(data))
    target = tmp_path / "restored.sqlite3"

    with pytest.raises(BackupError, match="does not match its checksum"):
        services.restore(backup.archive, database=sqlite_database(target))
    assert not target.exists()


def test_a_damaged_member_is_found_even_when_the_archive_checksum_was_rewritten(
    students, tmp_path, settings
):
    backup = services.take_backup(tmp_path / "backups", keep=1)
    with tarfile.open(backup.archive) as tar:
        member = next(m for m in tar.getmembers() if m.name.startswith("media/"))
    data = bytearray(backup.archive.read_bytes())
    data[member.offset_data] ^= 0xFF  # the member's first byte
    backup.archive.write_bytes(bytes(data))
    digest = sha256(backup.archive)
    backup.checksum.write_text(f"{digest}  {backup.archive.name}\n")
    settings.MEDIA_ROOT = tmp_path / "restored-media"
    target = tmp_path / "restored.sqlite3"

    with pytest.raises(BackupError, match=f"{member.name} does not match its checksum"):
        services.restore(backup.archive, database=sqlite_database(target))
    assert not target.exists()
    assert not (tmp_path / "restored-media").exists()


def test_an_archive_without_its_checksum_file_is_refused(students, tmp_path):
    backup = services.take_backup(tmp_path / "backups", keep=1)
    backup.checksum.unlink()

    with pytest.raises(BackupError, match="is missing"):
        services.restore(backup.archive, database=sqlite_database(tmp_path / "new.sqlite3"))


def test_only_the_newest_n_archives_are_kept(students, tmp_path):
    taken = [services.take_backup(tmp_path / "backups", keep=2) for _ in range(4)]

    left = sorted(path.name for path in (tmp_path / "backups").iterdir())
    newest = [backup.archive.name for backup in taken[-2:]]
    assert left == sorted([*newest, *(f"{name}.sha256" for name in newest)])
    assert taken[-1].pruned == [taken[-3].archive]


def test_the_backup_command_keeps_backup_keep_archives_unless_told(
    students, tmp_path, settings, capsys
):
    settings.BACKUP_KEEP = 1
    call_command("backup", "--output-dir", str(tmp_path))
    call_command("backup", "--output-dir", str(tmp_path))
    assert len(list(tmp_path.glob("*.tar"))) == 1

    call_command("backup", "--output-dir", str(tmp_path), "--keep", "3")
    call_command("backup", "--output-dir", str(tmp_path), "--keep", "3")
    assert len(list(tmp_path.glob("*.tar"))) == 3
    assert "media files" in capsys.readouterr().out
