"""Hebrew is written right to left: every layout (portal pages, sign-in, error pages) says its
direction and loads Bootstrap's right-to-left build from the site itself; English and German stay
left to right. Nothing here depends on the Hebrew wording, only on direction and structure."""

import re

import pytest
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils import translation

from tests.portal.page_reader import DASHBOARD, LANGUAGE_COOKIE, LOGIN

pytestmark = pytest.mark.django_db

RTL_STYLESHEET = static("bootstrap/css/bootstrap.rtl.min.css")
LTR_STYLESHEET = static("bootstrap/css/bootstrap.min.css")


def html_tag(html: str) -> str:
    return re.search(r"<html[^>]*>", html).group(0)


def in_language(client, language: str):
    client.cookies[LANGUAGE_COOKIE] = language
    return client


@pytest.mark.parametrize(("role", "url"), [("anonymous", LOGIN), ("organiser", DASHBOARD)])
def test_a_page_in_hebrew_is_right_to_left_with_bootstraps_right_to_left_stylesheet(
    client_as, role, url
):
    html = in_language(client_as(role), "he").get(url).content.decode()

    assert html_tag(html) == '<html lang="he" dir="rtl">'
    assert f'href="{RTL_STYLESHEET}"' in html
    assert f'href="{LTR_STYLESHEET}"' not in html


@pytest.mark.parametrize("language", ["en", "de"])
def test_a_page_in_english_or_german_is_left_to_right_with_the_normal_stylesheet(
    client_as, language
):
    html = in_language(client_as("organiser"), language).get(DASHBOARD).content.decode()

    assert html_tag(html) == f'<html lang="{language}" dir="ltr">'
    assert f'href="{LTR_STYLESHEET}"' in html
    assert f'href="{RTL_STYLESHEET}"' not in html


def test_the_right_to_left_stylesheet_is_served_from_the_site_itself(client):
    response = client.get(RTL_STYLESHEET)

    assert response.status_code == 200
    # Its logical utilities are mirrored: the start margin is the right one.
    assert b".ms-auto{margin-right:auto!important}" in b"".join(response.streaming_content)


def test_the_not_found_page_in_hebrew_is_right_to_left(settings, client):
    settings.DEBUG = False

    response = in_language(client, "he").get("/no-such-page/")

    assert response.status_code == 404
    assert html_tag(response.content.decode()) == '<html lang="he" dir="rtl">'


@pytest.mark.parametrize("template", ["400.html", "500.html", "507.html"])
def test_the_standalone_error_pages_say_the_direction_of_their_language(template):
    with translation.override("he"):
        hebrew = render_to_string(template, {"message": "-"})
    with translation.override("en"):
        english = render_to_string(template, {"message": "-"})

    assert html_tag(hebrew) == '<html lang="he" dir="rtl">'
    assert html_tag(english) == '<html lang="en" dir="ltr">'
