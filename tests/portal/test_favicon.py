"""The site's icon: at /favicon.ico, where every browser looks, and linked from every page."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

ICO_SIGNATURE = b"\x00\x00\x01\x00"  # reserved 0, type 1 (icon)
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def body_of(response) -> bytes:
    return b"".join(response.streaming_content)


def test_favicon_ico_is_an_icon_at_the_site_root(client):
    response = client.get("/favicon.ico")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    icon = body_of(response)
    assert icon.startswith(ICO_SIGNATURE)
    assert int.from_bytes(icon[4:6], "little") == 3  # 16, 32 and 48 pixels
    assert PNG_SIGNATURE in icon


@pytest.mark.parametrize("role", ["anonymous", "organiser"])
def test_every_page_links_to_icons_that_are_served(client_as, role):
    client = client_as(role)
    html = client.get(reverse("login") if role == "anonymous" else reverse("portal:dashboard"))

    links = re.findall(r'<link rel="icon" href="([^"]+)"', html.content.decode())

    assert links[0] == "/favicon.ico"
    assert links[1].endswith(".svg")
    svg = client.get(links[1])
    assert svg.status_code == 200
    assert svg["Content-Type"].startswith("image/svg+xml")
    assert body_of(svg).startswith(b"<svg ")
