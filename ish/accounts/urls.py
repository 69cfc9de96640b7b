from django.urls import include, path

from ish.accounts import views

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("language/", views.switch_language, name="switch_language"),
    path("", include("django.contrib.auth.urls")),
]
