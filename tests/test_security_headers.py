"""What every response tells the browser: a strict Content-Security-Policy (pages that need more
get exactly that much), a Permissions-Policy, and cookies that are Secure in production."""

import base64
import hashlib
import json
import re
from pathlib import Path

import pytest
from django.urls import reverse

from ish.notifications.models import OutboundEmail
from ish.notifications.services import Recipient, notify
from tests.test_settings import _run

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def policy(response) -> dict[str, list[str]]:
    """A Content-Security-Policy header as its directives and their sources."""
    directives = [part.split() for part in response["Content-Security-Policy"].split(";")]
    return {name: sources for name, *sources in directives}


# --- Content-Security-Policy --------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/accounts/login/", "/nysf/apply/", "/nominations/"])
def test_every_page_allows_scripts_and_styles_from_the_site_itself_and_nothing_inline(
    client_as, path
):
    directives = policy(client_as("organiser").get(path))

    assert directives["default-src"] == ["'none'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["img-src"] == ["'self'", "data:"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'none'"]
    assert directives["form-action"] == ["'self'"]
    sources = {source for values in directives.values() for source in values}
    assert not sources & {"'unsafe-inline'", "'unsafe-eval'", "*", "https:", "http:"}


def test_the_api_docs_allow_their_one_inline_script_and_style_by_the_requests_nonce(client):
    response = client.get("/api/docs/")

    directives = policy(response)
    (nonce,) = re.findall(r"'nonce-([^']+)'", " ".join(directives["script-src"]))
    assert directives["script-src"] == ["'self'", f"'nonce-{nonce}'"]
    assert directives["style-src"] == ["'self'", f"'nonce-{nonce}'"]
    html = response.content.decode()
    inline_scripts = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
    assert inline_scripts == [f' nonce="{nonce}"']
    assert re.findall(r"<style([^>]*)>", html) == [f' nonce="{nonce}"']
    assert policy(client.get("/api/docs/"))["script-src"][-1] != f"'nonce-{nonce}'"


def test_an_emails_preview_may_use_exactly_the_style_attributes_of_that_email(client_as, quota):
    (email,) = notify(
        "nomination_accepted",
        about=quota,
        recipients=[Recipient("alice@example.org", "en", "Alice")],
        context={"student": "Aiko", "city": "Kumamoto", "season": "2027", "comment": "", "url": ""},
    )
    OutboundEmail.objects.filter(pk=email.pk).update(
        body_html='<p style="color:#1f2933;">Hello</p><td style="padding:24px;">x</td>'
        '<td style="padding:24px;">y</td>'
    )

    response = client_as("organiser").get(reverse("notifications:email_detail", args=[email.pk]))

    directives = policy(response)
    hashes = [
        "'sha256-" + base64.b64encode(hashlib.sha256(style.encode()).digest()).decode() + "'"
        for style in ["color:#1f2933;", "padding:24px;"]
    ]
    assert directives["style-src-attr"] == ["'unsafe-hashes'", *hashes]
    assert directives["style-src"] == ["'self'"]


def test_no_template_writes_an_inline_script_style_or_event_handler():
    """Inline code would be blocked by the policy; e-mails are no pages (and are shown in a
    sandboxed frame whose style attributes the e-mail page allows by hash)."""
    offending = []
    for template in TEMPLATES.rglob("*.html"):
        if template.parts[-2] == "emails":
            continue
        html = template.read_text()
        for pattern in [
            r"\sstyle=",
            r"<style(?![^>]*\bnonce=)",
            r"<script(?![^>]*\bsrc=)(?![^>]*\bnonce=)",
            r"\son[a-z]+=",
            r"javascript:",
        ]:
            offending += [f"{template.relative_to(TEMPLATES)}: {found}"
                          for found in re.findall(pattern, html)]  # fmt: skip
    assert offending == []


# --- Permissions-Policy -------------------------------------------------------------------------


def test_no_page_may_use_a_camera_microphone_location_or_payment(client):
    header = client.get("/accounts/login/")["Permissions-Policy"]

    features = dict(part.strip().split("=") for part in header.split(","))
    for feature in ["camera", "microphone", "geolocation", "payment", "usb", "display-capture"]:
        assert features[feature] == "()", feature
    assert features["fullscreen"] == "(self)"


# --- cookies ------------------------------------------------------------------------------------

PRINT_COOKIE_SETTINGS = """
import json
from django.conf import settings

print(json.dumps({
    f"{cookie}_COOKIE_{flag}": getattr(settings, f"{cookie}_COOKIE_{flag}")
    for cookie in ["SESSION", "CSRF", "LANGUAGE"]
    for flag in ["SECURE", "HTTPONLY", "SAMESITE"]
}))
"""


def test_in_production_every_cookie_is_secure_out_of_scripts_reach_and_same_site():
    from django.core.management.utils import get_random_secret_key

    result = _run("-c", PRINT_COOKIE_SETTINGS, DEBUG="false", SECRET_KEY=get_random_secret_key())

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        f"{cookie}_COOKIE_{flag}": value
        for cookie in ["SESSION", "CSRF", "LANGUAGE"]
        for flag, value in [("SECURE", True), ("HTTPONLY", True), ("SAMESITE", "Lax")]
    }


@pytest.fixture
def production_cookies(settings):
    """The cookie settings of production, which the test settings turn off for plain HTTP."""
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    settings.LANGUAGE_COOKIE_SECURE = True


def test_the_language_cookie_set_at_sign_in_follows_the_cookie_settings(
    client, coordinator, production_cookies
):
    coordinator.set_password("a long enough password 42")
    coordinator.language = "de"
    coordinator.save()

    response = client.post(
        reverse("login"),
        {"username": coordinator.username, "password": "a long enough password 42"},
    )

    assert response.status_code == 302
    language = response.cookies["django_language"]
    assert language.value == "de"
    assert language["secure"] is True
    assert language["httponly"] is True
    assert language["samesite"] == "Lax"
    assert response.cookies["sessionid"]["secure"] is True


def test_the_language_cookie_of_the_switcher_follows_the_cookie_settings(
    client, production_cookies
):
    response = client.post(reverse("switch_language"), {"language": "de", "next": "/"})

    language = response.cookies["django_language"]
    assert (language.value, language["secure"], language["httponly"]) == ("de", True, True)
    assert language["samesite"] == "Lax"
