"""The nominations list (the coordinator's ranking, the organiser's filtered table) and the
ranking it changes."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, F
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ish.list_pages import render_list
from ish.nominations import services
from ish.nominations.filters import NominationFilter
from ish.nominations.forms import RankForm
from ish.nominations.quotas import QuotaUse
from ish.nominations.selectors import nomination_rows, nominations_visible_to
from ish.nominations.views.common import (
    REFUSALS,
    Status,
    allowed,
    nominating_staff,
    refuse,
)
from ish.pagination import page_of
from ish.seasons.pages import chosen_season, season_url
from ish.seasons.selectors import (
    cities_visible_to,
    current_season,
    quotas_visible_to,
)
from ish.sorting import Sorting

ORGANISER_PAGE_SIZE = 50
COORDINATOR_PAGE_SIZE = 50  # the ranking's page: dragging reorders within it, the arrows across
# The organiser's table; the coordinator's list is their ranking, in the order they rank.
ORGANISER_SORTING = Sorting(
    {
        "name": ("family_name", "given_name"),
        "city": ("city__name", "rank", "family_name", "given_name"),
        "rank": ("rank", "family_name", "given_name"),
        "status": ("status", "family_name", "given_name"),
        "season": ("season__year", "city__name", "rank", "family_name"),
    },
    default="city",
)


@nominating_staff
def nomination_list(request: HttpRequest) -> HttpResponse:
    if request.user.is_organiser:
        return _organiser_list(request)
    return _coordinator_list(request)


def _coordinator_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    season, seasons = chosen_season(request)
    context = {"season": season, "seasons": seasons, "city": user.city}
    if season is not None:
        nominations = (
            nominations_visible_to(user)
            .filter(season=season)
            .order_by(F("rank").asc(nulls_last=True), "family_name", "given_name")
        )
        quota = quotas_visible_to(user).filter(season=season).first()
        deadline = services.deadline_for(season, user.city)
        page = page_of(nominations, COORDINATOR_PAGE_SIZE, request.GET)
        context |= {
            "page": page,
            "nominations": nomination_rows(page.object_list),
            "quota": quota,
            "use": QuotaUse.of(quota) if quota else None,
            "deadline": deadline,
            "may_edit": allowed(services.ensure_may_edit, user, season, user.city),
        }
    return render(request, "nominations/list.html", context)


def _organiser_list(request: HttpRequest) -> HttpResponse:
    data = request.GET.copy()
    if "season" not in data and (season := current_season()):
        data["season"] = str(season.pk)
    visible = nominations_visible_to(request.user)
    nomination_filter = NominationFilter(data, queryset=visible, request=request)
    nominations, sorted_ = ORGANISER_SORTING.apply(nomination_filter.qs, data)
    page = page_of(nominations, ORGANISER_PAGE_SIZE, data)

    # Counts per status within the other filters, so each links to its share of the list.
    without_status = data.copy()
    without_status.pop("status", None)
    without_status.pop("page", None)
    counted = NominationFilter(without_status, queryset=visible, request=request).qs
    counts = dict(
        counted.prefetch_related(None).order_by().values_list("status").annotate(count=Count("pk"))
    )
    return render_list(
        request,
        "nominations/list.html",
        "nominations/_results_organiser.html",
        {
            "filter": nomination_filter,
            "season": nomination_filter.form.cleaned_data.get("season"),
            "page": page,
            "sorted": sorted_,
            "rows": nomination_rows(page.object_list),
            "status_query": without_status.urlencode(),
            "chosen_status": data.getlist("status"),
            "status_counts": [
                (value, label, counts.get(value, 0)) for value, label in Status.choices
            ],
            "total": sum(counts.values()),
        },
    )


@require_POST
@nominating_staff
def nomination_rank(request: HttpRequest) -> HttpResponse:
    """Up/down buttons move one nomination; dragging posts the whole order."""
    user = request.user
    season, _seasons = chosen_season(request)
    city = user.city or cities_visible_to(user).filter(slug=request.POST.get("city")).first()
    form = RankForm(request.POST)
    if season is None or city is None or not form.is_valid():
        messages.error(request, _("The ranking could not be changed: the request was incomplete."))
        return redirect(season_url("nominations:list", season))
    current = list(
        nominations_visible_to(user)
        .filter(season=season, city=city)
        .order_by(F("rank").asc(nulls_last=True), "family_name", "given_name")
        .values_list("pk", flat=True)
    )
    try:
        services.rank_nominations(
            actor=user,
            season=season,
            city=city,
            order=form.new_order(current, COORDINATOR_PAGE_SIZE),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except REFUSALS as refused:
        refuse(request, refused)
    else:
        messages.success(request, _("The ranking is saved."))
    back = season_url("nominations:list", season)
    if (page := form.cleaned_data.get("page")) and page > 1:
        back += f"{'&' if '?' in back else '?'}page={page}"
    return redirect(back)
