"""What every portal page with a season picker shares: the season it shows, links to it, and
the one answer while no season has been set up yet."""

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ish.seasons.models import Season
from ish.seasons.selectors import current_season, seasons_visible_to

# What a page says, and an action answers, while there is no season to show or act on.
NO_SEASON = _("No season has been set up yet.")


def chosen_season(request: HttpRequest) -> tuple[Season | None, list[Season]]:
    """The season a page asks for by `?season=` (or a form's `season`) among those the user may
    see, else the current one; and those seasons, newest first, for the page's season picker."""
    seasons = list(seasons_visible_to(request.user))
    wanted = request.POST.get("season") or request.GET.get("season")
    by_pk = {str(season.pk): season for season in seasons}
    return by_pk.get(wanted) or current_season(), seasons


def season_required(fallback: str) -> Callable:
    """For a page that acts on a season: the view gets the chosen season (`chosen_season`) as
    its `season` argument; while there is none, the reader is sent to the page `fallback` with
    the one message that says so. Put it below the role decorator, which decides first."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            season, _seasons = chosen_season(request)
            if season is None:
                messages.error(request, NO_SEASON)
                return redirect(fallback)
            return view(request, *args, season=season, **kwargs)

        return wrapper

    return decorator


def season_url(name: str, season: Season | None, anchor: str = "") -> str:
    """The page `name` showing `season` (if any), at `anchor` (if any)."""
    url = reverse(name)
    if season is not None:
        url += f"?season={season.pk}"
    return url + (f"#{anchor}" if anchor else "")
