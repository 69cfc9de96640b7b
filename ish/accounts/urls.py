from django.contrib.auth import urls as django_auth_urls
from django.urls import path

from ish.accounts import second_factor_views, views
from ish.accounts.decorators import second_factor_exempt

# Signing in and out, the password pages and the second factor's own pages stay open to an
# organiser who must still set up a second factor; every other page refuses them.
urlpatterns = [
    path("login/", second_factor_exempt(views.LoginView.as_view()), name="login"),
    path("login/code/", views.login_code, name="login_code"),
    path("language/", second_factor_exempt(views.switch_language), name="switch_language"),
    path(
        "password_reset/",
        second_factor_exempt(views.PasswordResetView.as_view()),
        name="password_reset",
    ),
    path("second-factor/", second_factor_views.overview, name="second_factor"),
    path("second-factor/start/", second_factor_views.start, name="second_factor_start"),
    path("second-factor/confirm/", second_factor_views.confirm, name="second_factor_confirm"),
    # Django's own: signing out, changing the password, the rest of the reset.
    *(
        path(str(page.pattern), second_factor_exempt(page.callback), name=page.name)
        for page in django_auth_urls.urlpatterns
        if page.name not in {"login", "password_reset"}
    ),
]
