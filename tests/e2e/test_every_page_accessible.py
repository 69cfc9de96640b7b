"""axe-core's WCAG 2.2 A and AA rules on every page of the portal, as each role that may open it
sees it (organiser, coordinator, lab host, and signed out: the public pages and a student's own
page), in English and in Hebrew, at a laptop's and a phone's width; the admin's pages, as the
office sees them; and the page around the API's documentation.

The pages come from the URL resolver, not from a list kept here: a new page is checked the day it
is added, and a page whose address this test cannot fill in fails it by its name until it is
filled in below or named, with the reason, among the addresses that are no page."""

import datetime as dt
from collections.abc import Callable, Iterator
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.tokens import default_token_generator
from django.test import Client, RequestFactory
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve, reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import get_language_info

from ish.accounts.models import User
from ish.alumni.links import page_token, unsubscribe_token
from ish.alumni.models import Alumnus
from ish.alumni.selectors import surveys_visible_to
from ish.demo.season import load_demo_season
from ish.exchange.models import Application, OutboundProgramme
from ish.exchange.selectors import (
    applications_visible_to,
    programmes_visible_to,
    schools_visible_to,
)
from ish.exchange.services import nominator_token
from ish.housing.selectors import accommodations_visible_to, assignments_visible_to
from ish.letters import services as letters
from ish.letters.models import Kind as LetterKind
from ish.nominations.models import Nomination
from ish.nominations.selectors import nominations_visible_to
from ish.notifications.selectors import emails_visible_to
from ish.participants.links import token_for
from ish.participants.models import ParticipantLink
from ish.placements.selectors import placements_visible_to
from ish.programme.attendance import events_run_by
from ish.programme.models import Event
from ish.programme.presentations import presentations_visible_to
from ish.programme.selectors import events_visible_to, expected_at
from ish.seasons.selectors import current_season
from tests.e2e.accessibility import axe_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),  # the live server reads committed rows only
]

SIZES = {"laptop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
LANGUAGES = ["en", "he"]
FIRST_LOAD_MS = 30_000
LOGINS = {"organiser": "office", "coordinator": "kumamoto", "lab_host": "dkfz-genome"}
SIGNED_OUT = "signed out"  # the role of the public pages and of a student's own page
RESETTING = "bautzen"  # a demo user who resets their password

# Whole parts of the URLconf walked elsewhere: by their route's start.
WALKED_ELSEWHERE = {
    "admin/": "the admin's pages: test_the_admin_pages_the_office_uses_pass_axe",
    "api/": "the API answers JSON; its documentation page: test_the_api_documentation_passes_axe",
}
# Named addresses that are no page to check, each with the reason.
NOT_PAGES = {
    "healthz": "the health check answers JSON",
    "portal:status_colours": "a stylesheet",
    "login_code": "reached only halfway through signing in: checked in test_second_factor.py",
    "second_factor_start": "POST only: its answer is checked in test_second_factor.py",
    "second_factor_confirm": "POST only: its answer is checked in test_second_factor.py",
    "switch_language": "POST only",
    "logout": "POST only",
    "notifications:email_resend": "POST only",
    "housing:assign": "POST only",
    "housing:suggest": "POST only",
    "housing:confirm_all": "POST only",
    "housing:assignment_action": "POST only",
    "nominations:rank": "POST only",
    "nominations:export_selection": "POST only (a download)",
    "nominations:import_template": "a download",
    "nominations:delete": "POST only",
    "nominations:document_upload": "POST only",
    "nominations:document_download": "a download",
    "participants:nomination_bulk": "POST only",
    "participants:nomination_action": "POST only",
    "participants:personal_data": "a download",
    "participants:resend_link": "POST only",
    "exchange:score": "POST only",
    "exchange:interview": "POST only",
    "exchange:action": "POST only",
    "exchange:personal_data": "a download",
    "exchange:document_download": "a download",
    "exchange:travel_update": "POST only",
    "exchange:tick_selected": "POST only",
    "exchange:call_deadline": "POST only",
    "rosters:row": "a row of the exports page, which htmx swaps in: checked within that page",
    "rosters:download": "a download",
    "rosters:retry": "POST only",
    "placements:match": "POST only",
    "placements:offer_all": "POST only",
    "placements:propose": "POST only",
    "placements:offer_selected": "POST only",
    "placements:action": "POST only",
    "placements:document_download": "a download",
    "programme:event_export": "POST only",
    "programme:reset_my_calendar": "POST only",
    "programme:calendar_feed": "a calendar file (text/calendar), read by calendar apps",
    "participants:calendar": "a calendar file (text/calendar), read by calendar apps",
    "programme:presentation_delete": "POST only",
    "programme:presentation_move": "POST only",
    "programme:presentations_export": "a download",
    "programme:event_cancel": "POST only",
    "programme:event_delete": "POST only",
    "programme:attendance_mark": "POST only (htmx swaps its answer into the attendance page)",
    "certificates:generate": "POST only",
    "certificates:completion": "POST only",
    "certificates:download": "a download (a PDF)",
    "letters:student_letter": "a download (PDF)",
    "letters:text_preview": "a PDF, opened in a new tab",
    "letters:text_reset": "POST only",
    "letters:revoke": "POST only",
    "alumni:ask": "POST only",
    "alumni:survey_state": "POST only",
    "alumni:survey_announce": "POST only",
    "alumni:survey_export": "POST only",
}
# How to fill in the address of a page with arguments, for a user (None: signed out); None for a
# user who can see nothing to open there.
Fill = Callable[[User | None], dict | None]


def _first(selector) -> Fill:
    def fill(user: User | None) -> dict | None:
        pk = selector(user).values_list("pk", flat=True).first() if user else None
        return None if pk is None else {"pk": pk}

    return fill


def _draft(user: User | None) -> dict | None:
    nominations = nominations_visible_to(user) if user else Nomination.objects.none()
    pk = nominations.filter(status=Nomination.Status.DRAFT).values_list("pk", flat=True).first()
    return None if pk is None else {"pk": pk}


def _password_reset(user: User | None) -> dict | None:
    """The link of a reset mail, followed signed out; sent to a demo user none of the walks signs
    in, as signing in changes what the link's token is made of (and so invalidates it)."""
    if user is not None:
        return None
    someone = User.objects.get(username=RESETTING)
    return {
        "uidb64": urlsafe_base64_encode(force_bytes(someone.pk)),
        "token": default_token_generator.make_token(someone),
    }


def _students_link(user: User | None) -> dict | None:
    link = ParticipantLink.objects.filter(revoked_at=None).first()
    return {"token": token_for(link)} if user is None else None


def _catered_event(user: User | None) -> dict | None:
    """An event with a meal that the user sees. Until the demo season has a programme of its
    own (ish/demo/programme.py, from the events work), a lunch for everyone is added here."""
    if user is None:
        return None
    if not Event.objects.exclude(meal=Event.Meal.NONE).exists():
        season = current_season()
        starts = dt.datetime.combine(season.starts_on, dt.time(12), ZoneInfo(settings.TIME_ZONE))
        Event.objects.create(
            season=season,
            title="Welcome lunch",
            kind=Event.Kind.WELCOME,
            starts_at=starts,
            ends_at=starts + dt.timedelta(hours=1),
            meal=Event.Meal.LUNCH,
        )
    events = events_visible_to(user).exclude(meal=Event.Meal.NONE)
    pk = events.values_list("pk", flat=True).first()
    return None if pk is None else {"pk": pk}


def _nominators_link(user: User | None) -> dict | None:
    application = Application.objects.filter(season=current_season()).first()
    return {"token": nominator_token(application)} if user is None else None


def _programme(user: User | None) -> dict | None:
    slug = programmes_visible_to(user).values_list("slug", flat=True).first() if user else None
    return None if slug is None else {"slug": slug}


def _outbound_form(user: User | None) -> dict | None:
    """The public form of a programme other than the NYSF (the demo's ISSI)."""
    slug = OutboundProgramme.objects.exclude(slug="nysf").values_list("slug", flat=True).first()
    return None if slug is None else {"slug": slug}


def _attendance_contact(user: User | None) -> dict | None:
    """A participant's emergency contact (the office's only), at the first event expecting any."""
    if user is None or not user.is_organiser:
        return None
    for event in events_run_by(user):
        nomination = expected_at(event).values_list("pk", flat=True).first()
        if nomination is not None:
            return {"pk": event.pk, "nomination_pk": nomination}
    return None


def _letter_to_verify(user: User | None) -> dict | None:
    """The verification link printed in a letter, followed signed out (the demo issues none: one
    is issued here for an accepted student)."""
    if user is not None:
        return None
    nomination = Nomination.objects.filter(status__in=Nomination.HOLDS_A_PLACE).first()
    letter = letters.issue(LetterKind.INVITATION, nomination, "en", None)
    return {"token": letters.verification_token(letter)}


def _letter_text(user: User | None) -> dict | None:
    return {"kind": LetterKind.INVITATION.value, "language": "de"} if user else None


def _alumnus_link(token_for_alumnus: Callable[[Alumnus], str]) -> Fill:
    """An alumnus's own link (the demo's alumni of the season before), followed signed out."""

    def fill(user: User | None) -> dict | None:
        alumnus = Alumnus.objects.filter(consented_at__isnull=False).first()
        return {"token": token_for_alumnus(alumnus)} if user is None and alumnus else None

    return fill


FILL: dict[str, Fill] = {
    "password_reset_confirm": _password_reset,
    "participants:self_service": _students_link,
    "exchange:confirm_nomination": _nominators_link,
    "notifications:email_detail": _first(emails_visible_to),
    "housing:assignment_edit": _first(assignments_visible_to),
    "housing:accommodation_edit": _first(accommodations_visible_to),
    "nominations:detail": _first(nominations_visible_to),
    "participants:nomination_edit": _draft,
    "exchange:detail": _first(applications_visible_to),
    "exchange:school_edit": _first(schools_visible_to),
    "exchange:programme_edit": _programme,
    "exchange:apply_to": _outbound_form,
    "placements:detail": _first(placements_visible_to),
    "programme:event_catering": _catered_event,
    "programme:presentation_edit": _first(presentations_visible_to),
    "programme:event_edit": _first(events_visible_to),
    "programme:attendance": _first(events_run_by),
    "programme:attendance_contact": _attendance_contact,
    "letters:verify": _letter_to_verify,
    "letters:text_edit": _letter_text,
    "alumni:survey": _first(surveys_visible_to),
    "alumni:survey_edit": _first(surveys_visible_to),
    "alumni:page": _alumnus_link(page_token),
    "alumni:unsubscribe": _alumnus_link(unsubscribe_token),
}
# Error pages are pages too: what a role sees at an address that is not there.
NOT_FOUND = "/this-page-does-not-exist/"


def named_patterns(
    patterns=None, route: str = "", namespace: str = ""
) -> Iterator[tuple[str, str, set[str]]]:
    """Every named URL pattern outside WALKED_ELSEWHERE: its name, route and arguments."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        here = route + str(pattern.pattern)
        if any(here.startswith(start) for start in WALKED_ELSEWHERE):
            continue
        if isinstance(pattern, URLResolver):
            prefix = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from named_patterns(pattern.url_patterns, here, prefix)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}", here, set(pattern.pattern.regex.groupindex)


def portal_pages() -> dict[str, set[str]]:
    """Every page to check, by name, with its arguments; fails naming each pattern it cannot
    fill in that is not listed among NOT_PAGES."""
    pages = {name: arguments for name, _route, arguments in named_patterns()}
    unknown = set(NOT_PAGES) - set(pages)
    assert not unknown, f"NOT_PAGES names addresses that no longer exist: {sorted(unknown)}"
    pages = {name: arguments for name, arguments in pages.items() if name not in NOT_PAGES}
    unfillable = sorted(name for name, arguments in pages.items() if arguments and name not in FILL)
    assert not unfillable, (
        f"Pages whose address this test cannot fill in: {unfillable}. Add each to FILL (how to "
        "fill in its arguments from the demo season) or to NOT_PAGES (why it is no page)."
    )
    return pages


def answer(client: Client, name: str, url: str) -> int | None:
    """The status with which the client gets the page itself, None when it is sent elsewhere or
    gets no HTML; a reset link leading on to its own set-password address is still its page."""
    response = client.get(url, follow=True)
    try:
        landed = resolve(response.request["PATH_INFO"]).view_name
    except Resolver404:
        return None
    if landed != name or not response["Content-Type"].startswith("text/html"):
        return None
    return response.status_code


def addresses_by_role(users: dict[str, User | None]) -> dict[str, list[tuple[str, int]]]:
    """Each role's pages to check, with the status each must answer: every page the role opens,
    and an error page (signed in: the refusal of the first page the role may not open). A page
    open to everyone is checked signed out only: signed in, it differs by the navigation alone,
    which every other page shows."""
    pages = portal_pages()
    addresses: dict[str, list[tuple[str, int]]] = {}
    public, opened = set(), set()
    for role, user in users.items():
        client = Client()
        if user is not None:
            client.force_login(user)
        addresses[role], refusal = [], None
        for name, arguments in pages.items():
            kwargs = FILL[name](user) if arguments else {}
            if kwargs is None or (user is not None and name in public):
                continue
            url = reverse(name, kwargs=kwargs)
            status = answer(client, name, url)
            if status == 200:
                addresses[role].append((url, 200))
                opened.add(name)
            elif status == 403 and refusal is None:
                refusal = (url, 403)
        if user is None:
            public = set(opened)
        # The error pages' layouts: signed out (404), and signed in with the menu (403).
        addresses[role] += [(NOT_FOUND, 404)] if user is None else [*filter(None, [refusal])]
    never = sorted(set(pages) - opened)
    assert not never, f"No role opens these pages (each answered other than 200 with HTML): {never}"
    return addresses


@pytest.fixture
def demo(live_server, reference_data) -> dict[str, User | None]:
    """The demo season; each role's demo user, signed out first."""
    load_demo_season()
    users = {role: User.objects.get(username=username) for role, username in LOGINS.items()}
    return {SIGNED_OUT: None, **users}


@pytest.fixture
def open_as(open_page, live_server):
    """A page of a new browser context in the given language, signed in as the user (the
    session's cookie from Django's test client: signing in through the form is tested
    elsewhere, and here would cost a page load per context)."""

    def open_page_as(user: User | None, language: str):
        page = open_page(viewport=SIZES["laptop"])
        cookies = {settings.LANGUAGE_COOKIE_NAME: language}
        if user is not None:
            client = Client()
            client.force_login(user)
            session = client.cookies[settings.SESSION_COOKIE_NAME].value
            cookies[settings.SESSION_COOKIE_NAME] = session
        page.context.add_cookies(
            [{"name": name, "value": v, "url": live_server.url} for name, v in cookies.items()]
        )
        return page

    return open_page_as


def problems_of(page, url: str, status: int, language: str, sizes=tuple(SIZES)) -> list[str]:
    """What is wrong on the page at `url` at each width (of `sizes`): its answer, its language,
    axe's finds."""
    response = page.goto(url)
    if response.status != status:
        return [f"{url}: answered {response.status}, not {status}"]
    problems = []
    lang = page.locator("html").get_attribute("lang")
    if lang != language:
        problems.append(f"{url}: <html lang={lang!r}>, not {language!r}")
    for size in sizes:
        page.set_viewport_size(SIZES[size])
        problems += [f"{url} at {size} width: {found}" for found in axe_violations(page)]
    page.set_viewport_size(SIZES["laptop"])
    return problems


def test_every_portal_page_passes_axe_for_every_role_that_opens_it(open_as, demo):
    problems = []
    for role, addresses in addresses_by_role(demo).items():
        for language in LANGUAGES:
            page = open_as(demo[role], language)
            for url, status in addresses:
                found = problems_of(page, url, status, language)
                problems += [f"{role}, {language}: {problem}" for problem in found]
            page.context.close()
    assert problems == [], "\n".join(problems)


def test_the_api_documentation_passes_axe_but_for_swagger_ui_itself(open_as, organiser):
    """Swagger UI, as drf-spectacular bundles it, is not ours to fix (README, Accessibility):
    the page around it is checked, Swagger UI's own markup left out."""
    page = open_as(organiser, "en")
    page.goto(reverse("api-docs"))
    # Swagger UI draws the schema once the server has generated it: seconds on a busy machine.
    page.locator(".swagger-ui .opblock").first.wait_for(timeout=FIRST_LOAD_MS)
    assert page.locator("html").get_attribute("lang") == "en"
    assert axe_violations(page, within={"exclude": ["#swagger-ui"]}) == []


def admin_pages() -> list[str]:
    """The admin's index and password form; for each model registered in the admin (a new one is
    checked the day it is registered) its list, its add form if the office may add one, and its
    first object's form; and the pages every object has, for one user: the history, the delete
    confirmation and the form that sets a password."""
    office = RequestFactory().get(reverse("admin:index"))
    office.user = User.objects.get(username=LOGINS["organiser"])
    pages = [reverse("admin:index"), reverse("admin:password_change")]
    for model, model_admin in admin.site._registry.items():
        info = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        pages.append(reverse(f"{info}_changelist"))
        if model_admin.has_add_permission(office):
            pages.append(reverse(f"{info}_add"))
        pk = model._default_manager.order_by("pk").values_list("pk", flat=True).first()
        if pk is not None:
            pages.append(reverse(f"{info}_change", args=[pk]))
    pk = office.user.pk
    pages += [reverse(f"admin:accounts_user_{view}", args=[pk]) for view in ["history", "delete"]]
    # Named by Django's UserAdmin as for its own user model, whichever model it is given.
    pages.append(reverse("admin:auth_user_password_change", args=[pk]))
    return pages


def narrowed(page) -> str | None:
    """The list on the page as its first filter's second choice and a search narrow it (the
    counts, "clear all filters", the search's result): None if it has neither."""
    if not page.locator("#changelist").count():
        return None
    choice = page.locator("#changelist-filter li:not(.selected) a[href^='?']").first
    query = [choice.get_attribute("href")[1:]] if choice.count() else []
    if page.locator("#changelist-search").count():
        query.append("q=a")
    return f"{page.url.split('?')[0]}?{'&'.join(query)}" if query else None


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_admin_pages_the_office_uses_pass_axe(open_as, demo, language):
    """Every admin page at both widths; the admin's dark theme on each kind of page (its index,
    a list narrowed, an add form, a form with inlines: one model's), at a laptop's width."""
    signed_out = open_as(None, language)
    problems = problems_of(signed_out, reverse("admin:login"), 200, language)
    direction = "rtl" if get_language_info(language)["bidi"] else "ltr"
    if (found := signed_out.locator("html").get_attribute("dir")) != direction:
        problems.append(f"the admin's <html dir={found!r}>, not {direction!r}")
    signed_out.context.close()
    page = open_as(demo["organiser"], language)
    for url in admin_pages():
        problems += problems_of(page, url, 200, language)
        # Narrowing changes a list's content, not its layout (checked at both widths above):
        # at a phone's width its words wrap most, where a link in them stands out least.
        if narrowed_url := narrowed(page):
            problems += problems_of(page, narrowed_url, 200, language, sizes=["phone"])
    page.emulate_media(color_scheme="dark")
    nomination = Nomination.objects.order_by("pk").first().pk
    for url in [
        reverse("admin:index"),
        reverse("admin:nominations_nomination_changelist") + "?status__exact=draft&q=a",
        reverse("admin:nominations_nomination_add"),
        reverse("admin:nominations_nomination_change", args=[nomination]),
    ]:
        page.goto(url)
        problems += [f"{url} in the dark theme: {found}" for found in axe_violations(page)]
    page.context.close()
    assert problems == [], "\n".join(problems)
