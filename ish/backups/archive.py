"""The backup archive's format: one tar of the database dump, the media files and a manifest
holding each member's SHA-256 and the database's row counts, with the archive's own checksum in a
`.sha256` file beside it (the format `sha256sum --check` reads)."""

import hashlib
import io
import json
import os
import tarfile
import time
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from django.core.files.storage import Storage

FORMAT = 1
PREFIX = "ish-backup-"
MANIFEST = "manifest.json"
MEDIA = "media"
CHUNK = 1024 * 1024


class BackupError(Exception):
    """What the operator must know: the message says what is wrong and what to do."""


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        while chunk := file.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def checksum_path(archive: Path) -> Path:
    return archive.with_name(f"{archive.name}.sha256")


def write_checksum(archive: Path) -> Path:
    """The archive's checksum beside it, written under a temporary name and then renamed."""
    target = checksum_path(archive)
    partial = target.with_name(f".{target.name}.partial")
    partial.write_text(f"{sha256_of(archive)}  {archive.name}\n")
    os.replace(partial, target)
    return target


class _Hashing:
    """A file read by tarfile while its SHA-256 is computed, so each member is read once."""

    def __init__(self, file: BinaryIO):
        self.file, self.digest = file, hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self.file.read(size)
        self.digest.update(data)
        return data


def add_file(tar: tarfile.TarFile, path: Path, name: str) -> str:
    """Add `path` as member `name`; returns the SHA-256 of exactly the bytes stored."""
    with open(path, "rb") as file:
        return add_stream(tar, file, name, size=os.fstat(file.fileno()).st_size)


def add_stream(tar: tarfile.TarFile, file: BinaryIO, name: str, *, size: int) -> str:
    """Add `size` bytes read from `file` as member `name` (a file of any storage, the bucket's
    included); returns the SHA-256 of exactly the bytes stored."""
    info = tarfile.TarInfo(name)
    info.size, info.mode, info.mtime = size, 0o640, int(time.time())
    hashing = _Hashing(file)
    tar.addfile(info, hashing)
    return hashing.digest.hexdigest()


def add_manifest(tar: tarfile.TarFile, manifest: dict) -> None:
    data = json.dumps(manifest, indent=2, sort_keys=True).encode()
    info = tarfile.TarInfo(MANIFEST)
    info.size, info.mtime, info.mode = len(data), int(manifest["created_at_epoch"]), 0o640
    tar.addfile(info, io.BytesIO(data))


def stored_files(storage: Storage, folder: str = "") -> Iterator[str]:
    """The name of every file in a storage (the local media folder or the bucket), folder by
    folder in name order; hidden files (an upload still being written under a temporary name)
    are left out."""
    folders, files = storage.listdir(folder)
    for name in sorted(files):
        if not name.startswith("."):
            yield f"{folder}/{name}" if folder else name
    for name in sorted(folders):
        if not name.startswith("."):
            yield from stored_files(storage, f"{folder}/{name}" if folder else name)


def verify(archive: Path) -> dict:
    """The archive's manifest, once the archive matches its `.sha256` file and every member its
    checksum in the manifest; a BackupError names the first thing that does not."""
    if not archive.is_file():
        raise BackupError(f"{archive} does not exist.")
    side = checksum_path(archive)
    if not side.is_file():
        raise BackupError(
            f"{side.name} is missing: the archive's checksum must lie beside it "
            "(backup writes both; copy them together)."
        )
    expected = (side.read_text().split() or [""])[0]
    if sha256_of(archive) != expected:
        raise BackupError(
            f"{archive.name} does not match its checksum in {side.name}: the archive is damaged "
            "or incomplete. Restore another one."
        )
    try:
        with tarfile.open(archive, "r:") as tar:
            manifest = _read_manifest(tar)
            listed = manifest["members"]
            for member in tar.getmembers():
                if member.name == MANIFEST:
                    continue
                if member.name not in listed:
                    raise BackupError(f"{member.name} is in the archive but not in its manifest.")
                safe_member(member)
                if _member_sha256(tar, member) != listed[member.name]:
                    raise BackupError(f"{member.name} does not match its checksum.")
            missing = set(listed) - set(tar.getnames())
            if missing:
                raise BackupError(f"The archive lacks {sorted(missing)[0]} listed in its manifest.")
    except (tarfile.TarError, KeyError, ValueError) as error:
        raise BackupError(f"{archive.name} is not a readable backup archive: {error}") from error
    return manifest


def safe_member(member: tarfile.TarInfo) -> PurePosixPath:
    """A regular file under a relative path without `..`: nothing is written outside the target."""
    path = PurePosixPath(member.name)
    if not member.isfile() or path.is_absolute() or ".." in path.parts:
        raise BackupError(f"{member.name} is not a file that a backup would hold.")
    return path


def _read_manifest(tar: tarfile.TarFile) -> dict:
    manifest = json.load(tar.extractfile(MANIFEST))
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Unknown backup format {manifest.get('format')!r}; expected {FORMAT}.")
    return manifest


def _member_sha256(tar: tarfile.TarFile, member: tarfile.TarInfo) -> str:
    digest = hashlib.sha256()
    source = tar.extractfile(member)
    while chunk := source.read(CHUNK):
        digest.update(chunk)
    return digest.hexdigest()


def extract(tar: tarfile.TarFile, name: str, target: Path) -> None:
    """Write one member to `target` under a temporary name first, so no half-written file is
    ever found under the real one."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    try:
        with tar.extractfile(name) as source, open(partial, "wb") as out:
            while chunk := source.read(CHUNK):
                out.write(chunk)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
