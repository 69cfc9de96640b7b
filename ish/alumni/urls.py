"""The office's alumni pages under /alumni/ (the list, asking, mails, /alumni/surveys/), and an
alumnus's own pages by their signed link
(/alumni/me/<token>/, /alumni/unsubscribe/<token>/), which need no account."""

from django.urls import path

from ish.alumni import views

app_name = "alumni"
urlpatterns = [
    path("", views.alumni_list, name="list"),
    path("ask/", views.ask, name="ask"),
    path("mail/", views.group_mail, name="mail"),
    path("surveys/", views.survey_list, name="surveys"),
    path("surveys/new/", views.survey_edit, name="survey_new"),
    path("surveys/<int:pk>/", views.survey_results, name="survey"),
    path("surveys/<int:pk>/change/", views.survey_edit, name="survey_edit"),
    path("surveys/<int:pk>/state/", views.survey_state, name="survey_state"),
    path("surveys/<int:pk>/announce/", views.survey_announce, name="survey_announce"),
    path("surveys/<int:pk>/export/", views.survey_export, name="survey_export"),
    path("me/<str:token>/", views.alumnus_page, name="page"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
