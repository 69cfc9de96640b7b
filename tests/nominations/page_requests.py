"""Paths, an upload and the readers of flash messages and form errors, shared by the nominations
page tests."""

import datetime as dt
import re

from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.factories import BERLIN, PDF_BYTES

LIST = reverse("nominations:list")
CREATE = reverse("nominations:create")
IMPORT = reverse("nominations:import")
RANK = reverse("nominations:rank")
AFTER_THE_DEADLINE = dt.datetime(2027, 4, 2, 10, 0, tzinfo=BERLIN)
# The pages that change a student's lifecycle are served by ish.participants.
URL_NAMES = {"edit": "participants:nomination_edit", "action": "participants:nomination_action"}


def url_name(name: str) -> str:
    return URL_NAMES.get(name, f"nominations:{name}")


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def error_on(response, field: str) -> str:
    """The error text shown beside a form field (django-bootstrap5's `id_<field>_error`)."""
    html = response.content.decode()
    match = re.search(rf'<div id="id_{field}_error"[^>]*>(.*?)</div>\s*</div>', html, re.S)
    assert match, f"no error shown beside {field}"
    assert re.search(rf'<[^>]+aria-invalid="true"[^>]*id="id_{field}"', html)
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(1)).split())


def pdf(name: str = "cv.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")
