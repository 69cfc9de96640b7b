"""The lifecycle's pages keep the addresses the office knows (a nomination's decisions under
/nominations/, the arrivals and a new link under /housing/arrivals/); the student's own page is
/p/<token>/."""

from django.urls import path

from ish.participants import bulk_views, views

app_name = "participants"
urlpatterns = [
    path("nominations/bulk/", bulk_views.nomination_bulk, name="nomination_bulk"),
    path("nominations/<int:pk>/action/", views.nomination_action, name="nomination_action"),
    path("nominations/<int:pk>/edit/", views.nomination_edit, name="nomination_edit"),
    path("housing/arrivals/", views.arrivals, name="arrivals"),
    path(
        "nominations/<int:pk>/personal-data/",
        views.nomination_personal_data,
        name="personal_data",
    ),
    path("housing/arrivals/<int:pk>/resend-link/", views.resend_link, name="resend_link"),
    path("p/<str:token>/", views.self_service, name="self_service"),
    path("p/<str:token>/calendar.ics", views.participant_calendar, name="calendar"),
]
