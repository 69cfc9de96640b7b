"""An e-mail to a recipient who reads Hebrew is written right to left, and the names in it (typed
in Latin letters) are isolated so that they read in their own order. No Hebrew wording is
assumed: only direction and structure."""

import re

import pytest

from ish.notifications import services
from ish.notifications.catalogue import EVENTS_BY_NAME
from ish.notifications.services import Recipient

pytestmark = pytest.mark.django_db

FSI, PDI = "\u2068", "\u2069"
CONTEXT = {
    "lab": "Optical Nanoscopy (DKFZ)",
    "student": "Aiko Tanaka",
    "city": "Kumamoto",
    "season": "2027",
    "comment": "",
    "url": "http://testserver/placements/1/",
}


def rendered(language: str) -> tuple[str, str, str]:
    recipient = Recipient("lab@example.org", language, "Dr. Lena Hoffmann")
    return services.render(EVENTS_BY_NAME["placement_declined"], CONTEXT, recipient)


def test_an_email_in_hebrew_is_right_to_left_in_its_html():
    _, _, html = rendered("he")

    assert re.search(r"<html[^>]*>", html).group(0) == '<html lang="he" dir="rtl">'
    # Again on the message itself, for mail programs that drop the <html> element's attributes.
    assert re.search(r'<table role="presentation" dir="rtl"', html)
    assert 'dir="ltr"' not in html


def test_an_email_in_english_is_left_to_right():
    _, _, html = rendered("en")

    assert re.search(r"<html[^>]*>", html).group(0) == '<html lang="en" dir="ltr">'
    assert 'dir="rtl"' not in html


def test_names_in_a_hebrew_email_are_isolated_but_its_link_is_left_whole():
    subject, text, html = rendered("he")

    for name in ("Optical Nanoscopy (DKFZ)", "Aiko Tanaka", "Dr. Lena Hoffmann"):
        assert f"{FSI}{name}{PDI}" in text
        assert f"{FSI}{name}{PDI}" in html
    assert f"{FSI}Aiko Tanaka{PDI}" in subject
    assert f'href="{CONTEXT["url"]}"' in html


def test_names_in_an_english_or_german_email_are_left_as_they_are():
    for language in ("en", "de"):
        subject, text, html = rendered(language)

        assert FSI not in subject + text + html
        assert "Aiko Tanaka" in subject


def test_a_city_given_as_the_object_is_isolated_by_its_name(db):
    from tests.factories import CityFactory

    city = CityFactory(name="Testville", slug="testville")
    recipient = Recipient("lab@example.org", "he", "Dr. Lena Hoffmann")
    _, text, _ = services.render(
        EVENTS_BY_NAME["nomination_declined"], {**CONTEXT, "city": city}, recipient
    )

    assert f"{FSI}Testville{PDI}" in text
