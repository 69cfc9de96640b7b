"""The programme's portal pages."""

from django.urls import path

from ish.programme import presentation_views

app_name = "programme"

urlpatterns: list = [
    # Each part of the programme adds its pages here.
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
