"""The programme's portal pages."""

from django.urls import path

from ish.programme import calendar_views, catering_views, presentation_views

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
]
