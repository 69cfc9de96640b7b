"""Portal pages of the accommodations: the office's list of host families and residences, and the
form to add or change one (fewer beds or a shorter window must still hold every guest)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Sum
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from ish.accounts.decorators import organiser_required
from ish.bidi import isolated
from ish.errors import RuleViolation
from ish.housing import services
from ish.housing.forms import AccommodationForm
from ish.housing.selectors import accommodations_visible_to
from ish.pagination import page_of
from ish.sorting import Sorting

PAGE_SIZE = 50
# The column headers' sorts; unless one is asked for, host families, then residences, each by
# name ("kind" has no header of its own: the kind is written under each name).
SORTING = Sorting(
    {
        "kind": ("kind", "name"),
        "name": ("name",),
        "beds": ("beds", "name"),
        "available": ("available_from", "available_until", "name"),
    },
    default="kind",
)


@organiser_required
def accommodation_list(request: HttpRequest) -> HttpResponse:
    places = accommodations_visible_to(request.user)
    total = places.aggregate(places=Count("pk"), beds=Coalesce(Sum("beds"), 0))
    ordered, sorted_ = SORTING.apply(places, request.GET)
    return render(
        request,
        "housing/accommodation_list.html",
        {
            "places": page_of(ordered, PAGE_SIZE, request.GET, count=total["places"]),
            "total_beds": total["beds"],
            "sorted": sorted_,
        },
    )


@organiser_required
def accommodation_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    place = None
    if pk is not None:
        place = get_object_or_404(accommodations_visible_to(request.user), pk=pk)
    form = AccommodationForm(request.POST or None, instance=place)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                if place is None:
                    saved = form.save()
                else:  # fewer beds or a shorter window must still hold every guest
                    fields = {
                        name: form.cleaned_data[name] for name in AccommodationForm.Meta.fields
                    }
                    saved = services.update_accommodation(place, actor=request.user, **fields)
            except ValidationError as error:
                form.add_service_errors(error)
            except RuleViolation as refused:
                form.add_error(None, refused.message)
                status = 409
            else:
                messages.success(
                    request, _("%(place)s is saved.") % {"place": isolated(saved.name)}
                )
                return redirect("housing:accommodations")
    if place is not None:
        place.refresh_from_db()  # the form changed it in memory; the heading shows what is stored
    return render(
        request, "housing/accommodation_form.html", {"form": form, "place": place}, status=status
    )
