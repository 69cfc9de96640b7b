from django.contrib.auth import views as auth_views
from django.urls import path

from ish.accounts import second_factor_views, views
from ish.accounts.decorators import second_factor_exempt

# Signing in and out, the password pages and the second factor's own pages stay open to an
# organiser who must still set up a second factor; every other page refuses them.
urlpatterns = [
    path("login/", second_factor_exempt(views.LoginView.as_view()), name="login"),
    path("login/code/", views.login_code, name="login_code"),
    path("logout/", second_factor_exempt(auth_views.LogoutView.as_view()), name="logout"),
    path("language/", second_factor_exempt(views.switch_language), name="switch_language"),
    path("second-factor/", second_factor_views.overview, name="second_factor"),
    path("second-factor/start/", second_factor_views.start, name="second_factor_start"),
    path("second-factor/confirm/", second_factor_views.confirm, name="second_factor_confirm"),
    path(
        "password_change/",
        second_factor_exempt(auth_views.PasswordChangeView.as_view()),
        name="password_change",
    ),
    path(
        "password_change/done/",
        second_factor_exempt(auth_views.PasswordChangeDoneView.as_view()),
        name="password_change_done",
    ),
    path(
        "password_reset/",
        second_factor_exempt(views.PasswordResetView.as_view()),
        name="password_reset",
    ),
    path(
        "password_reset/done/",
        second_factor_exempt(auth_views.PasswordResetDoneView.as_view()),
        name="password_reset_done",
    ),
    path(
        "reset/<uidb64>/<token>/",
        second_factor_exempt(auth_views.PasswordResetConfirmView.as_view()),
        name="password_reset_confirm",
    ),
    path(
        "reset/done/",
        second_factor_exempt(auth_views.PasswordResetCompleteView.as_view()),
        name="password_reset_complete",
    ),
]
