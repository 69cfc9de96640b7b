"""Moments as the reader needs them beyond Django's named formats: a deadline in Heidelberg time
and, for a partner city, in the city's own time beside it."""

import datetime as dt
import zoneinfo

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# Every city's zone is one of these names; a new city starts in Heidelberg's.
DEFAULT_TIME_ZONE = "Europe/Berlin"


def validate_time_zone(name: str) -> None:
    """An IANA time zone name that this machine's zone data knows (Asia/Tokyo, Europe/Paris)."""
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValidationError(
            gettext_lazy("“%(name)s” is not a time zone name such as Asia/Tokyo or Europe/Paris."),
            code="invalid_time_zone",
            params={"name": name},
        ) from None


def deadline_label(moment: dt.datetime, zone: str = "", place: str = "") -> str:
    """'31 March 2027, 23:59 (Heidelberg) · 1 April 2027, 07:59 (Kumamoto)': the moment in
    Heidelberg time, and in `place`'s zone beside it when its clock shows another time."""
    home = timezone.localtime(moment)
    heidelberg = _("%(moment)s (Heidelberg)") % {"moment": date_format(home, "DATETIME_FORMAT")}
    if not zone or not place:
        return heidelberg
    there = moment.astimezone(zoneinfo.ZoneInfo(zone))
    if there.utcoffset() == home.utcoffset():
        return heidelberg
    return _("%(heidelberg)s · %(moment)s (%(place)s)") % {
        "heidelberg": heidelberg,
        "moment": date_format(there, "DATETIME_FORMAT"),
        "place": place,
    }
