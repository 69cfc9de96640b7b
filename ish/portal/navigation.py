"""The portal's navigation: its sections, which of their items each role sees, and which item is
the page being shown (a context processor, so no template decides it)."""

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ish.accounts.models import User

ORGANISER, COORDINATOR, LAB_HOST = "organiser", "coordinator", "lab_host"
EVERYONE = (ORGANISER, COORDINATOR, LAB_HOST)


@dataclass(frozen=True)
class Item:
    label: Promise
    url_name: str
    roles: tuple[str, ...]
    # The pages this item stands for, by view name: "namespace:name", or "namespace:*" for every
    # page of an area. A page named exactly by some item is that item's, whatever the wildcards.
    covers: tuple[str, ...] = ()

    def shown_to(self, user: User) -> bool:
        # The User's role properties, as the menu used before: an inactive user has none.
        return any(getattr(user, f"is_{role}") for role in self.roles)

    def names(self, view_name: str) -> bool:
        return view_name == self.url_name or view_name in self.covers

    def holds(self, view_name: str) -> bool:
        namespace = view_name.partition(":")[0]
        return f"{namespace}:*" in self.covers


@dataclass(frozen=True)
class Section:
    label: Promise | None  # the first section, the dashboard's, has none
    items: tuple[Item, ...]
    account: bool = False  # the signed-in user's own: their name and "Sign out" go there too


SECTIONS = (
    Section(
        None,
        (
            Item(_("Dashboard"), "portal:dashboard", EVERYONE),
            Item(_("Season"), "portal:season", (ORGANISER,)),
        ),
    ),
    Section(
        _("Summer school"),
        (
            # A nomination's pages in the participants' area (edit, decide, personal data) too.
            Item(
                _("Nominations"),
                "nominations:list",
                (ORGANISER, COORDINATOR),
                ("nominations:*", "participants:*"),
            ),
            Item(_("Placements"), "placements:board", (ORGANISER,), ("placements:*",)),
            Item(_("Placements"), "placements:list", (COORDINATOR,), ("placements:*",)),
            Item(_("Offers"), "placements:offers", (LAB_HOST,), ("placements:*",)),
            Item(_("Housing"), "housing:calendar", (ORGANISER,), ("housing:*",)),
            Item(_("Housing"), "housing:mine", (COORDINATOR,), ("housing:*",)),
            Item(_("Arrivals"), "participants:arrivals", (ORGANISER,)),
            Item(_("Programme"), "programme:week", EVERYONE, ("programme:*",)),
            Item(_("Certificates"), "certificates:list", (ORGANISER,), ("certificates:*",)),
            Item(_("Exports"), "rosters:list", EVERYONE, ("rosters:*",)),
        ),
    ),
    Section(_("Exchange"), (Item(_("NYSF"), "exchange:list", (ORGANISER,), ("exchange:*",)),)),
    Section(
        _("Office"),
        (
            Item(_("Alumni"), "alumni:list", (ORGANISER,), ("alumni:*",)),
            Item(_("E-mails"), "notifications:email_list", (ORGANISER,), ("notifications:*",)),
            Item(_("Letters"), "letters:texts", (ORGANISER,), ("letters:*",)),
            Item(_("Administration"), "admin:index", (ORGANISER,)),
            Item(_("API"), "api-docs", (ORGANISER,)),
        ),
    ),
    Section(
        _("Account"),
        (
            Item(
                _("Second factor"),
                "second_factor",
                EVERYONE,
                ("second_factor_start", "second_factor_confirm"),
            ),
            Item(_("Calendar"), "programme:my_calendar", EVERYONE),
        ),
        account=True,
    ),
)


@dataclass(frozen=True)
class Link:
    label: Promise
    url: str
    current: bool


@dataclass(frozen=True)
class Shown:
    label: Promise | None
    links: list[Link]
    account: bool


def sections_for(user: User, view_name: str) -> list[Shown]:
    """Each section with the items `user` sees, empty sections left out; the item standing for
    the page `view_name` (if any) marked current."""
    visible = [
        (section, [item for item in section.items if item.shown_to(user)]) for section in SECTIONS
    ]
    items = [item for _section, shown in visible for item in shown]
    current = next((item for item in items if item.names(view_name)), None) or next(
        (item for item in items if item.holds(view_name)), None
    )
    return [
        Shown(
            section.label,
            [Link(item.label, reverse(item.url_name), item is current) for item in shown],
            section.account,
        )
        for section, shown in visible
        if shown
    ]


def navigation(request: HttpRequest) -> dict:
    """Context processor: `navigation`, the signed-in user's sections (nothing for a visitor)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"navigation": []}
    match = getattr(request, "resolver_match", None)
    return {"navigation": sections_for(user, match.view_name if match else "")}
