"""The names of the partner cities and research fields the product ships, in the reader's
language: the rows keep the name as stored (the API's stable value), and every page, export,
chart and e-mail shows it through `city_name` / `field_name`.

The names are catalogue messages with a context of their own, so a name the office gives a row
later (a new partner city, a renamed field) is never mistaken for a message of the portal with
the same words ("Open", "Other"): it is shown as stored.
"""

from collections.abc import Sequence

from django.utils.functional import lazy
from django.utils.translation import pgettext, pgettext_lazy

CITY = "city"
FIELD = "research field"

# The names ish/seasons/migrations/0002_reference_data.py loads, marked for the catalogue
# (tests/seasons/test_names.py holds the two lists together).
SHIPPED_CITIES = [
    pgettext_lazy("city", "Hangzhou"),
    pgettext_lazy("city", "Palo Alto"),
    pgettext_lazy("city", "Montpellier"),
    pgettext_lazy("city", "Cambridge"),
    pgettext_lazy("city", "Rehovot"),
    pgettext_lazy("city", "Bautzen"),
    pgettext_lazy("city", "Simferopol"),
    pgettext_lazy("city", "Kumamoto"),
    pgettext_lazy("city", "Mostar"),
    pgettext_lazy("city", "Jelenia Góra"),
    pgettext_lazy("city", "Heidelberg (Gauteng)"),
    pgettext_lazy("city", "National Youth Science Forum"),
]
SHIPPED_FIELDS = [
    pgettext_lazy("research field", "Biology"),
    pgettext_lazy("research field", "Chemistry"),
    pgettext_lazy("research field", "Physics"),
    pgettext_lazy("research field", "Medicine"),
    pgettext_lazy("research field", "Computer science"),
    pgettext_lazy("research field", "Mathematics"),
    pgettext_lazy("research field", "Earth sciences"),
    pgettext_lazy("research field", "Astronomy"),
    pgettext_lazy("research field", "Engineering"),
    pgettext_lazy("research field", "Neuroscience"),
]


def city_name(stored: str) -> str:
    """A city's name in the active language; a name the product does not ship, as stored."""
    return pgettext(CITY, stored) if stored else stored


def field_name(stored: str) -> str:
    """A research field's name in the active language; one the product does not ship, as
    stored."""
    return pgettext(FIELD, stored) if stored else stored


def field_names_lazy(stored: Sequence[str]) -> str:
    """Research fields' names joined by commas, translated when read: for an e-mail's context,
    which is rendered in its recipient's language."""
    return lazy(lambda: ", ".join(map(field_name, stored)), str)()
