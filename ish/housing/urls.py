from django.urls import path

from ish.housing import accommodation_views, views

app_name = "housing"
urlpatterns = [
    path("", views.calendar, name="calendar"),
    path("assign/", views.assign, name="assign"),
    path("suggest/", views.suggest, name="suggest"),
    path("confirm-all/", views.confirm_all, name="confirm_all"),
    path("assignments/<int:pk>/", views.assignment_action, name="assignment_action"),
    path("assignments/<int:pk>/edit/", views.assignment_edit, name="assignment_edit"),
    path("accommodations/", accommodation_views.accommodation_list, name="accommodations"),
    path("accommodations/new/", accommodation_views.accommodation_form, name="accommodation_add"),
    path(
        "accommodations/<int:pk>/",
        accommodation_views.accommodation_form,
        name="accommodation_edit",
    ),
    path("city/", views.city_housing, name="mine"),
]
