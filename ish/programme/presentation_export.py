"""The schedule of final presentations as an Excel workbook, downloaded at once (a season has
some dozens of slots): one row per slot, within the downloader's scope, through the one
formula-safe writer."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ish.accounts.models import User
from ish.programme.presentation_schedule import slots_of
from ish.programme.presentations import presentations_visible_to
from ish.seasons.models import Season
from ish.spreadsheets import Column, Sheet, local_time, write_workbook


def schedule_sheet(user: User, season: Season) -> Sheet:
    slots = {slot.pk: slot for slot in slots_of(user, season)}
    rows = (
        presentations_visible_to(user)
        .filter(season=season)
        .only("pk", "room", "starts_at", "title", "supervisor")
        .order_by("starts_at", "room", "pk")
    )

    def joined(row, values) -> str:
        slot = slots.get(row.pk)  # None: added since the presenters were read
        return ", ".join(values(slot)) if slot else ""

    return Sheet(
        gettext_lazy("Presentations"),
        [
            Column(gettext_lazy("Time"), 18, lambda row: local_time(row.starts_at)),
            Column(gettext_lazy("Room"), 16, lambda row: row.room),
            Column(
                gettext_lazy("Participants"),
                36,
                lambda row: joined(row, lambda slot: [p.name for p in slot.presenters]),
            ),
            Column(gettext_lazy("City"), 18, lambda row: joined(row, lambda slot: slot.cities)),
            Column(gettext_lazy("Lab"), 30, lambda row: joined(row, lambda slot: slot.labs)),
            Column(gettext_lazy("Title"), 40, lambda row: row.title),
            Column(gettext_lazy("Supervisor"), 24, lambda row: row.supervisor),
        ],
        rows,
    )


def write_schedule(user: User, season: Season, target) -> int:
    """Write the user's schedule of `season` to `target` (a path or file); returns the rows."""
    return write_workbook(
        [schedule_sheet(user, season)],
        target,
        title=_("Final presentations %(year)s") % {"year": season.year},
    )
