from django.urls import path

from ish.exchange import bulk_views, call_views, programme_views, public_views, views

app_name = "exchange"
urlpatterns = [
    # without an account
    path("apply/", public_views.apply, name="apply"),
    path("apply/thank-you/", public_views.applied, name="applied"),
    path("apply/<slug:slug>/", public_views.apply, name="apply_to"),
    path("nomination/<str:token>/", public_views.confirm_nomination, name="confirm_nomination"),
    # the ISH office
    path("applications/", views.application_list, name="list"),
    path("applications/<int:pk>/", views.application_detail, name="detail"),
    path("applications/<int:pk>/score/", views.application_score, name="score"),
    path("applications/<int:pk>/interview/", views.application_interview, name="interview"),
    path("applications/<int:pk>/action/", views.application_action, name="action"),
    path(
        "applications/<int:pk>/personal-data/",
        views.application_personal_data,
        name="personal_data",
    ),
    path(
        "applications/<int:pk>/documents/<int:document_pk>/",
        views.document_download,
        name="document_download",
    ),
    path("departures/", views.departures, name="departures"),
    path("departures/<int:pk>/", views.travel_update, name="travel_update"),
    path("departures/tick/", bulk_views.tick_selected, name="tick_selected"),
    path("call/", call_views.call, name="call"),
    path("call/<int:season_pk>/deadline/", call_views.call_deadline, name="call_deadline"),
    path("schools/new/", call_views.school_form, name="school_add"),
    path("schools/<int:pk>/", call_views.school_form, name="school_edit"),
    path("programmes/", programme_views.programme_list, name="programmes"),
    path("programmes/new/", programme_views.programme_form, name="programme_add"),
    path("programmes/<slug:slug>/", programme_views.programme_form, name="programme_edit"),
]
