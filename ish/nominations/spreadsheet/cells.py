"""Cell values of an uploaded template turned into nomination fields, with messages a
coordinator can act on."""

import datetime as dt

from django.utils.translation import gettext as _
from django_countries import countries


class CellError(Exception):
    """A cell's value cannot be read as what its column holds; the message says why."""


def text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a number typed into a cell not formatted as text
    if isinstance(value, dt.datetime | dt.date):
        value = value.isoformat()
    return str(value).strip()


def date(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.datetime.strptime(text(value), "%Y-%m-%d").date()
    except ValueError:
        raise CellError(
            _("Enter a date as YYYY-MM-DD, e.g. 2008-05-14, not “%(value)s”.")
            % {"value": text(value)}
        ) from None


def integer(value) -> int:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    raise CellError(_("Enter a whole number, not “%(value)s”.") % {"value": text(value)})


def country(value) -> str:
    code = text(value).upper()
    if len(code) == 2 and countries.alpha2(code) == code:
        return code
    raise CellError(
        _(
            "“%(value)s” is not an ISO country code: enter two letters such as DE or JP (see the "
            "sheet Lists)."
        )
        % {"value": text(value)}
    )


CONVERTERS = {"text": text, "date": date, "integer": integer, "country": country}


def lookup(value: str, allowed: dict, names: list[str]):
    """The choice `value` stands for, or a CellError listing the allowed `names`."""
    if value in allowed:
        return allowed[value]
    raise CellError(
        _("“%(value)s” is not allowed; choose one of: %(allowed)s.")
        % {"value": value, "allowed": ", ".join(names)}
    )
