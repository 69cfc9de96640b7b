"""The programme's portal pages."""

from django.urls import path

from ish.programme import attendance_views

app_name = "programme"

urlpatterns: list = [
    # Each part of the programme adds its pages here.
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
