"""The letters' pages: the public verification page, and the office's texts and previews."""

from django.urls import path

from ish.letters import views

app_name = "letters"
urlpatterns = [
    path("verify/<str:token>/", views.verify, name="verify"),
]
