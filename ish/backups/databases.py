"""Dumping a database with its row counts taken in the same snapshot, checking that a database is
empty, restoring a dump into it and counting its rows: pg_dump and pg_restore on PostgreSQL,
SQLite's online backup API otherwise."""

import os
import shutil
import sqlite3
import subprocess
from contextlib import closing
from pathlib import Path

from django.db import transaction
from django.db.backends.base.base import BaseDatabaseWrapper

from ish.backups.archive import BackupError

POSTGRESQL, SQLITE = "postgresql", "sqlite"
MEMBER = {POSTGRESQL: "database.pgdump", SQLITE: "database.sqlite3"}


def vendor_of(settings_dict: dict) -> str:
    engine = settings_dict["ENGINE"]
    if "postgresql" in engine:
        return POSTGRESQL
    if "sqlite3" in engine:
        return SQLITE
    raise BackupError(f"Backups support PostgreSQL and SQLite, not {engine}.")


def dump(connection: BaseDatabaseWrapper, target: Path) -> dict[str, int]:
    """Write the database to `target`; returns each table's row count in the dumped state."""
    if vendor_of(connection.settings_dict) == POSTGRESQL:
        return _pg_dump(connection, target)
    return _sqlite_dump(connection, target)


def _pg_dump(connection: BaseDatabaseWrapper, target: Path) -> dict[str, int]:
    # The counts and pg_dump read one exported snapshot, so the manifest says exactly what the
    # dump holds, however many requests write meanwhile.
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        counts = _pg_counts(cursor)
        _run(
            [_binary("pg_dump"), "--format=custom", f"--snapshot={snapshot}", f"--file={target}"],
            connection.settings_dict,
        )
    return counts


def _sqlite_dump(connection: BaseDatabaseWrapper, target: Path) -> dict[str, int]:
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)
        return sqlite_counts(copy)
    finally:
        copy.close()


def is_empty(settings_dict: dict) -> bool:
    """True when the database has no tables at all (not even Django's migration table)."""
    if vendor_of(settings_dict) == POSTGRESQL:
        with _pg_connect(settings_dict) as pg, pg.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_catalog.pg_tables "
                "WHERE schemaname NOT IN ('pg_catalog', 'information_schema')"
            )
            return cursor.fetchone()[0] == 0
    path = Path(settings_dict["NAME"])
    if "mode=memory" in str(path) or str(path) == ":memory:":
        raise BackupError("An in-memory SQLite database cannot be restored into; name a file.")
    if not path.exists() or path.stat().st_size == 0:
        return True
    with _sqlite_open(path) as db:
        return not sqlite_counts(db)


def load(dump_file: Path, settings_dict: dict) -> None:
    """Put a dump into the (empty) database: pg_restore in one transaction, or the file itself."""
    if vendor_of(settings_dict) == POSTGRESQL:
        _run(
            [
                _binary("pg_restore"),
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--single-transaction",
                f"--dbname={settings_dict['NAME']}",
                str(dump_file),
            ],
            settings_dict,
        )
        return
    path = Path(settings_dict["NAME"])
    path.parent.mkdir(parents=True, exist_ok=True)
    # An empty database's journal must not be replayed over the restored file.
    for journal in ("-wal", "-shm", "-journal"):
        Path(f"{path}{journal}").unlink(missing_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    shutil.copyfile(dump_file, partial)
    os.replace(partial, path)


def counts(settings_dict: dict) -> dict[str, int]:
    """Each table's row count, read through a connection of its own."""
    if vendor_of(settings_dict) == POSTGRESQL:
        with _pg_connect(settings_dict) as pg, pg.cursor() as cursor:
            return _pg_counts(cursor)
    with _sqlite_open(Path(settings_dict["NAME"])) as db:
        return sqlite_counts(db)


def sqlite_counts(db: sqlite3.Connection) -> dict[str, int]:
    tables = [
        name
        for (name,) in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name"
        )
    ]
    return {table: db.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] for table in tables}


def _pg_counts(cursor) -> dict[str, int]:
    cursor.execute(
        "SELECT schemaname, tablename FROM pg_catalog.pg_tables "
        "WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2"
    )
    found = {}
    for schema, table in cursor.fetchall():
        cursor.execute(f'SELECT count(*) FROM "{schema}"."{table}"')
        name = table if schema == "public" else f"{schema}.{table}"
        found[name] = cursor.fetchone()[0]
    return found


def _sqlite_open(path: Path) -> closing[sqlite3.Connection]:
    # sqlite3's own context manager commits but does not close.
    return closing(sqlite3.connect(path))


def _pg_connect(settings_dict: dict):
    import psycopg

    return psycopg.connect(**_pg_params(settings_dict), autocommit=True)


def _pg_params(settings_dict: dict) -> dict:
    params = {
        "dbname": settings_dict["NAME"],
        "user": settings_dict.get("USER") or None,
        "password": settings_dict.get("PASSWORD") or None,
        "host": settings_dict.get("HOST") or None,
        "port": str(settings_dict["PORT"]) if settings_dict.get("PORT") else None,
    }
    return {key: value for key, value in params.items() if value is not None}


def _run(command: list[str], settings_dict: dict) -> None:
    # The password goes through the environment, never the command line (visible in `ps`).
    names = {
        "dbname": "PGDATABASE",
        "user": "PGUSER",
        "password": "PGPASSWORD",
        "host": "PGHOST",
        "port": "PGPORT",
    }
    environment = dict(os.environ)
    for key, value in _pg_params(settings_dict).items():
        if key in names:
            environment[names[key]] = value
    if "sslmode" in settings_dict.get("OPTIONS", {}):
        environment["PGSSLMODE"] = settings_dict["OPTIONS"]["sslmode"]
    result = subprocess.run(command, env=environment, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(
            f"{Path(command[0]).name} failed (exit {result.returncode}): {result.stderr.strip()}"
        )


def _binary(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(
            f"{name} is not installed or not on PATH; install PostgreSQL's client programs "
            "(their major version at least the server's)."
        )
    return found
