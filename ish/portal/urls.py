from django.urls import path

from ish.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("season/", views.season_figures, name="season"),
    path("status-colours.css", views.status_colours, name="status_colours"),
]
