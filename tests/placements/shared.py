"""What several placement test modules share: the roles they play, the addresses of the pages and
the API, the programme's days, and how they read a placement's status, the outbox and a page."""

import datetime as dt
import html

from django.urls import reverse
from rest_framework.test import APIClient

from ish.notifications.models import OutboundEmail
from ish.placements.models import Placement

ROLES = ["organiser", "coordinator", "other_coordinator", "lab_host", "other_lab_host", "anonymous"]
LOGIN = "login"  # an expected outcome: redirected to the sign-in page
BOARD = reverse("placements:board")
OFFERS = reverse("placements:offers")
LIST = reverse("placements:list")
FIRST_DAY, LAST_DAY = dt.date(2027, 7, 17), dt.date(2027, 8, 13)  # of SeasonFactory's 2027


def status_of(placement: Placement) -> str:
    placement.refresh_from_db()
    return placement.status


def mails(event: str) -> dict[str, OutboundEmail]:
    return {email.to: email for email in OutboundEmail.objects.filter(event=event)}


def text_of(response) -> str:
    """What a reader sees of a page or a download, entities resolved."""
    if response.streaming:
        return b"".join(response.streaming_content).decode("latin-1")
    return html.unescape(response.content.decode())


def assert_outcome(response, expected) -> None:
    if expected == LOGIN:
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))
    else:
        assert response.status_code == expected


def document_url(placement: Placement, kind: str) -> str:
    document = placement.nomination.documents.get(kind=kind, replaced_at__isnull=True)
    return reverse("placements:document_download", args=[placement.pk, document.pk])


def client(world, role: str) -> APIClient:
    """An API client signed in as the role of the `world` fixture (anonymous: not signed in)."""
    api = APIClient()
    if role != "anonymous":
        api.force_authenticate(world.users[role])
    return api


def ids(response) -> set[int]:
    return {row["id"] for row in response.json()["results"]}


def url(name: str, *args) -> str:
    return reverse(f"placement-{name}", args=args)
