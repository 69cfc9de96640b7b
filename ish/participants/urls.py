from django.urls import path

from ish.participants import views

app_name = "participants"
urlpatterns = [
    path("<str:token>/", views.self_service, name="self_service"),
]
