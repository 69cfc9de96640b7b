"""The one colour of every status, shared by the status badges and the organiser's charts.

Badges take their colours from a stylesheet generated from this module (`stylesheet`, served by
ish.portal.views.status_colours), as a class per colour: the Content-Security-Policy allows no
style attributes. Charts are SVG and fill their shapes with the colour itself.

It lives in the portal package, the top layer, because it names the statuses of every area: it
imports their models (downwards), and no area imports it. Area templates reach it through the
`components` template tag library (`{% load components %}` is no Python import), so a status
has the same colour wherever it is shown.
"""

import hashlib
from dataclasses import dataclass
from functools import cache

from django.db.models import TextChoices

from ish.exchange.models import Application
from ish.housing.models import HousingAssignment
from ish.nominations.models import Nomination
from ish.notifications.models import OutboundEmail
from ish.placements.models import Placement
from ish.programme.models import Attendance


@dataclass(frozen=True)
class Tone:
    """A colour to fill a badge or a chart's bar with, and the text colour that reads on it
    (WCAG AA: a contrast of at least 4.5:1 even for a badge's small print); `name` names its
    class in the stylesheet."""

    name: str
    background: str
    text: str

    @property
    def css_class(self) -> str:
        return f"tone-{self.name}"


# From Bootstrap 5.3's palette, so badges match the rest of the page.
GREY = Tone("grey", "#6c757d", "#fff")
BLUE = Tone("blue", "#0d6efd", "#fff")
CYAN = Tone("cyan", "#0dcaf0", "#000")
GREEN = Tone("green", "#198754", "#fff")
DARK_GREEN = Tone("dark-green", "#0a3622", "#fff")
YELLOW = Tone("yellow", "#ffc107", "#000")
RED = Tone("red", "#dc3545", "#fff")
LIGHT_GREY = Tone("light-grey", "#ced4da", "#000")

# The same word has the same colour in every area, and within one area every status has its
# own colour, so the stacked bars of a chart can be told apart: not sent yet is grey, waiting for
# an answer blue, a yes green (dark green once it is final), a maybe yellow, a no red, and
# withdrawn or cancelled light grey.
COLOURS: dict[type[TextChoices], dict[TextChoices, Tone]] = {
    Nomination.Status: {
        Nomination.Status.DRAFT: GREY,
        Nomination.Status.SUBMITTED: BLUE,
        Nomination.Status.ACCEPTED: GREEN,
        Nomination.Status.WAITLISTED: YELLOW,
        Nomination.Status.DECLINED: RED,
        Nomination.Status.CONFIRMED: DARK_GREEN,
        Nomination.Status.WITHDRAWN: LIGHT_GREY,
    },
    Placement.Status: {
        Placement.Status.PROPOSED: GREY,
        Placement.Status.OFFERED: BLUE,
        Placement.Status.ACCEPTED: GREEN,
        Placement.Status.DECLINED: RED,
        Placement.Status.CANCELLED: LIGHT_GREY,
    },
    HousingAssignment.Status: {
        HousingAssignment.Status.PROPOSED: GREY,
        HousingAssignment.Status.CONFIRMED: DARK_GREEN,
        HousingAssignment.Status.CANCELLED: LIGHT_GREY,
    },
    Application.Status: {
        Application.Status.SUBMITTED: BLUE,
        Application.Status.SHORTLISTED: CYAN,
        Application.Status.SELECTED: GREEN,
        Application.Status.RESERVE: YELLOW,
        Application.Status.REJECTED: RED,
        Application.Status.CONFIRMED: DARK_GREEN,
        Application.Status.WITHDRAWN: LIGHT_GREY,
    },
    OutboundEmail.Status: {
        OutboundEmail.Status.PENDING: YELLOW,
        OutboundEmail.Status.SENT: GREEN,
        OutboundEmail.Status.FAILED: RED,
    },
    Attendance.Status: {
        Attendance.Status.EXPECTED: GREY,
        Attendance.Status.PRESENT: GREEN,
        Attendance.Status.EXCUSED: YELLOW,
        Attendance.Status.ABSENT: RED,
    },
}

# Something a page expects and has not got yet, such as a student the board has no lab for.
MISSING = YELLOW


def colour_of(status: TextChoices) -> Tone:
    """The colour of `status`, a member of a model's `Status` (not its bare value: "accepted"
    is a nomination's and a placement's)."""
    return COLOURS[type(status)][status]


@cache
def stylesheet() -> str:
    """A class per colour a badge may have: its background and the text colour that reads on
    it."""
    tones = {MISSING, *(tone for colours in COLOURS.values() for tone in colours.values())}
    rules = [
        f".{tone.css_class} {{ background-color: {tone.background}; color: {tone.text}; }}"
        for tone in sorted(tones, key=lambda tone: tone.name)
    ]
    return "/* Generated from ish/portal/status_colours.py. */\n" + "\n".join(rules) + "\n"


@cache
def stylesheet_version() -> str:
    """Changes with the stylesheet: its address carries it, so browsers may keep it for good."""
    return hashlib.sha256(stylesheet().encode()).hexdigest()[:12]
