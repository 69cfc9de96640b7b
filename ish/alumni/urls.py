"""The office's alumni pages under /alumni/, and an alumnus's own pages by their signed link
(/alumni/me/<token>/, /alumni/unsubscribe/<token>/), which need no account."""

from django.urls import path

from ish.alumni import views

app_name = "alumni"
urlpatterns = [
    path("", views.alumni_list, name="list"),
    path("ask/", views.ask, name="ask"),
    path("mail/", views.group_mail, name="mail"),
    path("me/<str:token>/", views.alumnus_page, name="page"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
