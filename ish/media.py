"""Media files on the local disk written whole or not at all, and a full disk answered with a
message that names it (507) instead of a server error."""

import errno
import logging
import os
import tempfile

from django.core.files.storage import FileSystemStorage
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

# No space left, or the disk quota of the user the app runs as is used up.
FULL = {errno.ENOSPC, errno.EDQUOT}


def is_storage_full(error: BaseException) -> bool:
    return isinstance(error, OSError) and error.errno in FULL


def storage_full_message() -> str:
    return _(
        "The server's storage is full, so the file was not saved and nothing was changed. "
        "Please tell the ISH office; try again once they have made room."
    )


class LocalMediaStorage(FileSystemStorage):
    """Django's file storage, but each file is written under a hidden temporary name in its
    folder and linked to its real name only once it is complete: a full disk or a crash midway
    leaves no half-written file under a name a row could point to (the temporary one is deleted,
    and backups skip hidden files)."""

    def _save(self, name: str, content) -> str:
        full_path = self.path(name)
        directory = os.path.dirname(full_path)
        self._ensure_directory(directory)
        descriptor, partial = tempfile.mkstemp(dir=directory, prefix=".partial-")
        try:
            with os.fdopen(descriptor, "wb") as out:
                for chunk in content.chunks():
                    out.write(chunk.encode() if isinstance(chunk, str) else chunk)
            if self.file_permissions_mode is not None:
                os.chmod(partial, self.file_permissions_mode)
            while True:
                try:
                    os.link(partial, full_path)  # fails, unlike a rename, if the name is taken
                    break
                except FileExistsError:
                    name = self.get_available_name(name)
                    full_path = self.path(name)
        finally:
            os.unlink(partial)
        return str(name).replace("\\", "/")

    def _ensure_directory(self, directory: str) -> None:
        if self.directory_permissions_mode is None:
            os.makedirs(directory, exist_ok=True)
            return
        old_umask = os.umask(0o777 & ~self.directory_permissions_mode)
        try:
            os.makedirs(directory, self.directory_permissions_mode, exist_ok=True)
        finally:
            os.umask(old_umask)


class StorageFullMiddleware:
    """Turns a full disk met while a page or the API writes a file into 507 Insufficient Storage
    with a message that says so; the request's transaction has been rolled back by then."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not is_storage_full(exception):
            return None
        logger.error(
            "Storage full while answering %s %s: %s", request.method, request.path, exception
        )
        message = storage_full_message()
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": message}, status=507)
        return render(request, "507.html", {"message": message}, status=507)
