"""Drill: a backup taken while coordinators add nominations and documents through the API is
restored into a fresh PostgreSQL database; every table and every document comes back as it was
at the moment of the backup."""

import hashlib
import json
import os
import tarfile
import threading

import pytest

from tests.drills.stack import postgres_bin
from tests.factories import PDF_BYTES

pytestmark = pytest.mark.drill
WRITERS = ["kumamoto", "bautzen", "kumamoto"]


def write_until(stop: threading.Event, session, app, year: int, season: int, written: list):
    """One coordinator adding nominations, each with a CV, as fast as the API answers."""
    while not stop.is_set():
        answer = session.post(
            app.url("/api/v1/nominations/"),
            json={
                "season": season, "given_name": "Load", "family_name": f"Writer {len(written)}",
                "date_of_birth": f"{year - 18}-09-01", "gender": "female",
                "email": f"load{threading.get_ident()}-{len(written)}@example.org",
                "nationality": "JP", "school": "Drill School", "graduation_year": year,
                "english_level": "C1", "german_level": "none",
                "research_interests": ["physics"], "motivation": "Load.", "language": "en",
            },
        )  # fmt: skip
        assert answer.status_code == 201, answer.text
        nomination = answer.json()["id"]
        stored = session.post(
            app.url(f"/api/v1/nominations/{nomination}/documents/"),
            data={"kind": "cv"},
            files={"file": ("cv.pdf", PDF_BYTES + os.urandom(64), "application/pdf")},
        )
        assert stored.status_code == 201, stored.text
        written.append(nomination)


def table_rows(postgres, database: str) -> dict[str, set[str]]:
    """Every row of every table, each as the MD5 of its text form."""
    tables = [
        name for (name,) in postgres.sql(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public'", database=database
        )
    ]  # fmt: skip
    return {
        table: {
            digest
            for (digest,) in postgres.sql(
                f'SELECT md5(t::text) FROM "{table}" t', database=database
            )
        }
        for table in tables
    }


def sha256(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_backup_taken_under_load_restores_into_a_fresh_postgresql_with_every_row_and_document(
    stack,
):
    app, postgres = stack.app, stack.postgres
    app.env["PATH"] = f"{postgres_bin()}:{app.env['PATH']}"  # pg_dump and pg_restore
    app.start_web()
    ((season, year),) = postgres.sql(
        "SELECT id, year FROM seasons_season ORDER BY year DESC LIMIT 1"
    )
    sessions = [app.token(login) for login in WRITERS]
    before = {table: len(rows) for table, rows in table_rows(postgres, "ish").items()}
    stop, written = threading.Event(), []
    writers = [
        threading.Thread(target=write_until, args=(stop, session, app, year, season, written))
        for session in sessions
    ]
    for writer in writers:
        writer.start()
    try:
        while len(written) < 6:  # the load is on before the backup starts
            stop.wait(0.1)
        backup = app.manage("backup", "--output-dir", str(app.home / "backups"), "--keep", "2")
        written_during_backup = len(written)
        stop.wait(1)  # and still on after it
    finally:
        stop.set()
        for writer in writers:
            writer.join(30)
    assert len(written) > written_during_backup > 6, "the writers kept writing"
    (archive,) = (app.home / "backups").glob("ish-backup-*.tar")
    assert str(archive) in backup.stdout

    postgres.sql("CREATE DATABASE restored", database="postgres")
    restored_media = app.home / "restored-media"
    restore_env = app.env | {
        "DATABASE_URL": postgres.url("restored"),
        "MEDIA_ROOT": str(restored_media),
    }
    app_env, app.env = app.env, restore_env
    try:
        app.manage("restore", str(archive))
    finally:
        app.env = app_env

    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
    source, restored = table_rows(postgres, "ish"), table_rows(postgres, "restored")
    assert set(restored) == set(source)
    for table, rows in restored.items():
        # Exactly what the backup's snapshot held: every restored row is unchanged in the source
        # (the load only adds rows), and there are as many as the manifest counted.
        assert rows <= source[table], f"{table}: rows differ from the source's"
        assert len(rows) == manifest["database"]["tables"][table], table
        assert before[table] <= len(rows) <= len(source[table]), table
    assert len(restored["nominations_nomination"]) > before["nominations_nomination"]

    documents = postgres.sql("SELECT file FROM nominations_document", database="restored")
    assert len(documents) == len(restored["nominations_document"])
    for (name,) in documents:
        assert sha256(restored_media / name) == sha256(app.media / name), name
