"""The programme's portal pages."""

from django.urls import path

from ish.programme import calendar_views, catering_views

app_name = "programme"

urlpatterns: list = [
    # Each part of the programme adds its pages here.
    path("events/<int:pk>/catering/", catering_views.event_catering, name="event_catering"),
    path("events/<int:pk>/export/", catering_views.event_export, name="event_export"),
    path("catering/", catering_views.day_catering, name="day_catering"),
    path("who-is-where/", catering_views.day_whereabouts, name="day_whereabouts"),
    path("calendar/", calendar_views.my_calendar, name="my_calendar"),
    path("calendar/reset/", calendar_views.reset_my_calendar, name="reset_my_calendar"),
    path("calendar/<str:secret>.ics", calendar_views.calendar_feed, name="calendar_feed"),
]
