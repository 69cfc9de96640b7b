"""The programme's portal pages."""

from django.urls import path

from ish.programme import views

app_name = "programme"

urlpatterns: list = [
    # Each part of the programme adds its pages here.
    path("", views.week, name="week"),
    path("day/", views.day, name="day"),
    path("events/new/", views.event_add, name="event_add"),
    path("events/<int:pk>/edit/", views.event_edit, name="event_edit"),
    path("events/<int:pk>/cancel/", views.event_cancel, name="event_cancel"),
    path("events/<int:pk>/delete/", views.event_delete, name="event_delete"),
    path("copy-day/", views.copy_day, name="copy_day"),
    path("copy-season/", views.copy_season, name="copy_season"),
]
