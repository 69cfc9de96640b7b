"""The certificates' pages: the office's list per season, and one participant's download."""

from django.urls import path

from ish.letters import certificate_views as views

app_name = "certificates"
urlpatterns = [
    path("", views.certificate_list, name="list"),
    path("generate/", views.generate_all, name="generate"),
    path("<int:pk>/", views.certificate_download, name="download"),
    path("<int:pk>/completion/", views.completion_mark, name="completion"),
]
