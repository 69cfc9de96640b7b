"""The calendar pages: a user's secret feed (read by calendar apps, no sign-in) and the page
where the user finds its address and resets it."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from ish.accounts.decorators import role_required
from ish.programme import calendars

EVERY_ROLE = ("coordinator", "lab_host")  # organisers always pass


@require_GET
def calendar_feed(request: HttpRequest, secret: str) -> HttpResponse:
    """The secret is the key: an unknown or reset one, or a deactivated user's, is 404."""
    if not calendars.feed_allowed(request):
        return calendars.too_many_requests()
    user = calendars.user_of_feed(secret)
    if user is None:
        raise Http404
    return calendars.calendar_response(calendars.feed_events_of(user), language=user.language)


@never_cache
@role_required(*EVERY_ROLE)
def my_calendar(request: HttpRequest) -> HttpResponse:
    feed_url = calendars.feed_url(request.user)
    context = {"feed_url": feed_url, "webcal_url": calendars.webcal(feed_url)}
    return render(request, "programme/my_calendar.html", context)


@require_POST
@role_required(*EVERY_ROLE)
def reset_my_calendar(request: HttpRequest) -> HttpResponse:
    calendars.reset_feed(request.user)
    messages.success(
        request,
        _(
            "Your calendar has a new address; the old one no longer works. Subscribe to the new "
            "one in your calendar app."
        ),
    )
    return redirect("programme:my_calendar")
