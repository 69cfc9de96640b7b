from django.urls import path

from ish.exchange import public_views

app_name = "exchange"
urlpatterns = [
    path("apply/", public_views.apply, name="apply"),
    path("apply/thank-you/", public_views.applied, name="applied"),
    path("nomination/<str:token>/", public_views.confirm_nomination, name="confirm_nomination"),
]
