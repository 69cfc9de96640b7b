"""The letters' pages: the public verification page, a student's letters, and the office's texts
and previews."""

from django.urls import path

from ish.letters import views

app_name = "letters"
urlpatterns = [
    path("verify/<str:token>/", views.verify, name="verify"),
    path("texts/", views.texts, name="texts"),
    path("texts/<str:kind>/<str:language>/", views.text_edit, name="text_edit"),
    path("texts/<str:kind>/<str:language>/reset/", views.text_reset, name="text_reset"),
    path("texts/<str:kind>/<str:language>/preview/", views.text_preview, name="text_preview"),
    path("nominations/<int:pk>/<str:kind>/", views.student_letter, name="student_letter"),
    path("issued/<int:pk>/revoke/", views.revoke, name="revoke"),
]
