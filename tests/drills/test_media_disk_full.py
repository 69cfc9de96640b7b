"""Drill: the media disk is full (a real 1 MB tmpfs, filled up); uploads and exports fail with a
message naming the problem, no half-written file is left or served, and all works once there is
room again."""

import contextlib
import os
import subprocess

import pytest

from tests.conftest import service_missing
from tests.drills.stack import wait_until
from tests.factories import PDF_BYTES

pytestmark = pytest.mark.drill
STORAGE_FULL = (
    "The server's storage is full, so the file was not saved and nothing was changed. "
    "Please tell the ISH office; try again once they have made room."
)
EXPORT_STORAGE_FULL = (
    "The export could not be saved because the server's storage is full. Please tell the ISH "
    "office; try again once they have made room."
)


@pytest.fixture
def tiny_media_disk(stack):
    """The drill's media folder on a 1 MB tmpfs holding the demo's documents."""
    if os.geteuid() != 0:
        service_missing("mounting a tmpfs as the media disk needs root")
    media = stack.app.media
    saved = media.with_name("media-before")
    media.rename(saved)
    media.mkdir()
    subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m,mode=0755", "tmpfs", str(media)], check=True
    )
    try:
        subprocess.run(["cp", "-a", f"{saved}/.", str(media)], check=True)
        yield media
    finally:
        subprocess.run(["umount", "--lazy", str(media)], check=False)


def fill(folder) -> None:
    """Write a filler file until the disk refuses another byte (unbuffered, so nothing is left
    to fail on close)."""
    descriptor = os.open(folder / "filler", os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        for block in (4096, 1):
            with contextlib.suppress(OSError):
                while os.write(descriptor, b"\0" * block):
                    pass
    finally:
        os.close(descriptor)
    assert os.statvfs(folder).f_bavail == 0


def files_in(folder) -> set[str]:
    return {str(path.relative_to(folder)) for path in folder.rglob("*") if path.is_file()}


def test_a_full_media_disk_gives_a_clear_error_and_leaves_no_half_written_file(
    stack, tiny_media_disk
):
    app, postgres = stack.app, stack.postgres
    app.start_web_and_worker()
    kumamoto, office = app.token("kumamoto"), app.token("office")
    ((draft,),) = postgres.sql(
        "SELECT n.id FROM nominations_nomination n JOIN seasons_city c ON c.id = n.city_id "
        "WHERE n.status = 'draft' AND c.slug = 'kumamoto' ORDER BY n.id LIMIT 1"
    )
    ((season,),) = postgres.sql("SELECT id FROM seasons_season ORDER BY year DESC LIMIT 1")
    documents = "SELECT count(*) FROM nominations_document"
    ((documents_before,),) = postgres.sql(documents)
    upload = {"file": ("cv.pdf", PDF_BYTES * 20, "application/pdf")}
    fill(tiny_media_disk)
    files_before = files_in(tiny_media_disk)

    answer = kumamoto.post(
        app.url(f"/api/v1/nominations/{draft}/documents/"), data={"kind": "cv"}, files=upload
    )
    assert (answer.status_code, answer.json()) == (507, {"detail": STORAGE_FULL})
    assert postgres.sql(documents) == [(documents_before,)]

    export = office.post(app.url("/api/v1/exports/"), json={"kind": "roster", "season": season})
    job = export.json()["id"]
    failed = wait_until(
        lambda: (
            (shown := office.get(app.url(f"/api/v1/exports/{job}/")).json())["status"] == "failed"
            and shown
        ),
        60,
        "the export fails on the full disk",
    )
    assert failed["error"] == EXPORT_STORAGE_FULL
    assert failed["download_url"] is None

    # Nothing half-written anywhere, not even under a temporary name.
    assert files_in(tiny_media_disk) == files_before
    assert "Traceback" not in app.log("web")

    (tiny_media_disk / "filler").unlink()
    stored = kumamoto.post(
        app.url(f"/api/v1/nominations/{draft}/documents/"), data={"kind": "cv"}, files=upload
    )
    assert stored.status_code == 201, stored.text
    link = stored.json()["download_url"]
    download = kumamoto.get(link if link.startswith("http") else app.url(link))
    assert download.content == PDF_BYTES * 20
    assert office.post(app.url(f"/api/v1/exports/{job}/retry/")).status_code in {200, 202}
    wait_until(
        lambda: office.get(app.url(f"/api/v1/exports/{job}/")).json()["status"] == "done",
        60,
        "the retried export is built once there is room",
    )
