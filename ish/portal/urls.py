from django.urls import path

from ish.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("season/", views.season_figures, name="season"),
]
