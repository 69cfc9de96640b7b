"""The programme's portal pages."""

from django.urls import path

from ish.programme import (
    attendance_views,
    calendar_views,
    catering_views,
    presentation_views,
    views,
)

app_name = "programme"

urlpatterns: list = [
    path("events/<int:pk>/catering/", catering_views.event_catering, name="event_catering"),
    path("events/<int:pk>/export/", catering_views.event_export, name="event_export"),
    path("catering/", catering_views.day_catering, name="day_catering"),
    path("who-is-where/", catering_views.day_whereabouts, name="day_whereabouts"),
    path("calendar/", calendar_views.my_calendar, name="my_calendar"),
    path("calendar/reset/", calendar_views.reset_my_calendar, name="reset_my_calendar"),
    path("calendar/<str:secret>.ics", calendar_views.calendar_feed, name="calendar_feed"),
    path("presentations/", presentation_views.schedule, name="presentations"),
    path("presentations/new/", presentation_views.slot_add, name="presentation_add"),
    path("presentations/propose/", presentation_views.propose, name="presentations_propose"),
    path("presentations/export/", presentation_views.export, name="presentations_export"),
    path("presentations/<int:pk>/", presentation_views.slot_edit, name="presentation_edit"),
    path(
        "presentations/<int:pk>/delete/",
        presentation_views.slot_delete,
        name="presentation_delete",
    ),
    path("presentations/<int:pk>/move/", presentation_views.slot_move, name="presentation_move"),
    # Each part of the programme adds its pages here.
    path("", views.week, name="week"),
    path("day/", views.day, name="day"),
    path("events/new/", views.event_add, name="event_add"),
    path("events/<int:pk>/edit/", views.event_edit, name="event_edit"),
    path("events/<int:pk>/cancel/", views.event_cancel, name="event_cancel"),
    path("events/<int:pk>/delete/", views.event_delete, name="event_delete"),
    path("copy-day/", views.copy_day, name="copy_day"),
    path("copy-season/", views.copy_season, name="copy_season"),
    path("events/<int:pk>/attendance/", attendance_views.attendance_page, name="attendance"),
    path(
        "events/<int:pk>/attendance/<int:nomination_pk>/",
        attendance_views.attendance_mark,
        name="attendance_mark",
    ),
    path(
        "events/<int:pk>/attendance/<int:nomination_pk>/contact/",
        attendance_views.attendance_contact,
        name="attendance_contact",
    ),
]
