"""What every portal page with a season picker shares: the season it shows, and links to it."""

from django.http import HttpRequest
from django.urls import reverse

from ish.seasons.models import Season
from ish.seasons.selectors import current_season, seasons_visible_to


def chosen_season(request: HttpRequest) -> tuple[Season | None, list[Season]]:
    """The season a page asks for by `?season=` (or a form's `season`) among those the user may
    see, else the current one; and those seasons, newest first, for the page's season picker."""
    seasons = list(seasons_visible_to(request.user))
    wanted = request.POST.get("season") or request.GET.get("season")
    by_pk = {str(season.pk): season for season in seasons}
    return by_pk.get(wanted) or current_season(), seasons


def season_url(name: str, season: Season | None, anchor: str = "") -> str:
    """The page `name` showing `season` (if any), at `anchor` (if any)."""
    url = reverse(name)
    if season is not None:
        url += f"?season={season.pk}"
    return url + (f"#{anchor}" if anchor else "")
