"""Portal pages for nominations."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from ish.nominations.selectors import history_of, nominations_visible_to


@login_required
def nomination_list(request: HttpRequest) -> HttpResponse:
    nominations = nominations_visible_to(request.user)
    return render(request, "nominations/list.html", {"nominations": nominations})


@login_required
def nomination_detail(request: HttpRequest, pk: int) -> HttpResponse:
    nomination = get_object_or_404(nominations_visible_to(request.user), pk=pk)
    return render(
        request,
        "nominations/detail.html",
        {"nomination": nomination, "history": history_of(nomination)},
    )
