from django.contrib.auth import views as auth_views
from django.urls import include, path

from ish.accounts import views
from ish.accounts.forms import PasswordResetForm

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("language/", views.switch_language, name="switch_language"),
    path(
        "password_reset/",
        auth_views.PasswordResetView.as_view(form_class=PasswordResetForm),
        name="password_reset",
    ),
    path("", include("django.contrib.auth.urls")),
]
