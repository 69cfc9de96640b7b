"""A backup taken while uploads live in the bucket holds them, and a restore puts them back into
the bucket under their own names (SQLite round trip; PostgreSQL's is the restore drill)."""

import hashlib
import tarfile

import pytest
from django.db import connection

from ish.backups import services
from ish.nominations.models import Document
from tests.factories import complete_nomination
from tests.object_storage.conftest import objects_in


@pytest.fixture
def sqlite_only():
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite round trip; PostgreSQL's is the restore drill (make drill)")


def test_a_backup_holds_the_buckets_files_and_a_restore_puts_them_back(
    sqlite_only, bucket, reference_data, tmp_path
):
    complete_nomination()
    stored = objects_in(bucket)
    names = set(Document.objects.values_list("file", flat=True))
    assert names
    assert names <= set(stored)

    backup = services.take_backup(tmp_path / "backups", keep=1)

    with tarfile.open(backup.archive) as tar:
        archived = {name.removeprefix("media/") for name in tar.getnames()}
    assert set(stored) <= archived
    for key in stored:
        bucket.client.delete_object(Bucket=bucket.name, Key=key)
    assert objects_in(bucket) == {}

    restored = services.restore(
        backup.archive,
        database={"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "new.sqlite3")},
    )

    assert restored.media_files == len(stored)
    back = objects_in(bucket)
    assert set(back) == set(stored)
    for key, content in stored.items():
        assert hashlib.sha256(back[key]).hexdigest() == hashlib.sha256(content).hexdigest()
