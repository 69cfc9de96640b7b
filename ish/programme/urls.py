"""The programme's portal pages."""

from django.urls import path

from ish.programme import calendar_views

app_name = "programme"

urlpatterns: list = [
    # Each part of the programme adds its pages here.
    path("calendar/", calendar_views.my_calendar, name="my_calendar"),
    path("calendar/reset/", calendar_views.reset_my_calendar, name="reset_my_calendar"),
    path("calendar/<str:secret>.ics", calendar_views.calendar_feed, name="calendar_feed"),
]
