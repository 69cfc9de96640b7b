"""The markup every area's pages share, as inclusion tags: a figure's card, a status badge, the
season picker and the notice while there is no season (`{% load components %}`; their markup is
in templates/components/).

They live in the portal package because the badge needs every area's status colours
(ish.portal.status_colours), which only the top layer may import; templates of any area may
still load them, as loading a tag library is no Python import.
"""

from django import template
from django.db.models import Model, TextChoices
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from ish.portal.status_colours import MISSING, colour_of, stylesheet_version
from ish.seasons.models import Season
from ish.seasons.pages import NO_SEASON

register = template.Library()


@register.inclusion_tag("components/stat_card.html")
def stat_card(
    label: str, value: object, testid: str = "", of: object = None, href: str = ""
) -> dict:
    """A card with a figure under its label: `of` writes "/ of" after the figure (a limit it
    is measured against), `href` makes the label a link, `testid` marks the figure."""
    return {"label": label, "value": value, "testid": testid, "of": of, "href": href}


@register.inclusion_tag("components/status_badge.html")
def status_badge(
    subject: Model | TextChoices | None, label: str = "", count: int | None = None
) -> dict:
    """The badge of a status in its colour, with `data-status` for tests and scripts.

    `subject` is an object with a `status` (a nomination, placement, e-mail, …), a status itself
    (`Nomination.Status.ACCEPTED`), or None for something missing, such as a student without a
    lab (shown in `label`, with `data-status="none"`). `count` is written before the label."""
    if subject is None:
        return {"value": "none", "label": label, "tone": MISSING, "count": count}
    status = subject if isinstance(subject, TextChoices) else type(subject).Status(subject.status)
    return {
        "value": status.value,
        "label": label or status.label,
        "tone": colour_of(status),
        "count": count,
    }


@register.simple_tag
def status_colours_url() -> str:
    """Where the badges' colours are: base.html links it on every page."""
    return f"{reverse('portal:status_colours')}?v={stylesheet_version()}"


@register.filter
def width_class(percent: float | int | None) -> str:
    """The class of portal.css that makes an element `percent` wide (0 to 100, rounded): the
    Content-Security-Policy allows no style attribute to say so."""
    return f"w-pct-{min(100, max(0, round(percent or 0)))}"


@register.filter
def bdi(value: object) -> SafeString:
    """`value` in <bdi>: for a name inside a translated sentence (`{% blocktranslate with
    name=x|bdi %}`), so that a Latin name in a Hebrew sentence reads in its own order and takes
    no punctuation of the sentence along. Elsewhere templates write <bdi> themselves."""
    return format_html("<bdi>{}</bdi>", value)


@register.inclusion_tag("components/season_picker.html")
def season_picker(season: Season | None, seasons: list[Season]) -> dict:
    """A form to show another of `seasons` (those the reader may see); with only one there is
    nothing to pick, so it names the `season` shown."""
    return {"season": season, "seasons": seasons}


@register.inclusion_tag("components/no_season.html")
def no_season(set_up: bool = False) -> dict:
    """What a page with a season picker shows while no season has been set up yet (the same
    words as an action's answer then); `set_up` adds the link to set one up, for organisers."""
    return {"message": NO_SEASON, "set_up": set_up}


@register.inclusion_tag("components/status_filter.html")
def status_filter(
    counts: list[tuple[str, str, int]], total: int, chosen: list[str], query: str, label: str
) -> dict:
    """A list's status pills: "All" and each status with its count (`counts`: value, label,
    count), `chosen` marked; each links to the list with its other filters (`query`) kept."""
    return {"counts": counts, "total": total, "chosen": chosen, "query": query, "label": label}
