from django.urls import path

from ish.nominations import views

app_name = "nominations"
urlpatterns = [
    path("", views.nomination_list, name="list"),
    path("new/", views.nomination_create, name="create"),
    path("rank/", views.nomination_rank, name="rank"),
    path("import/", views.nomination_import, name="import"),
    path("import/template/", views.import_template, name="import_template"),
    path("<int:pk>/", views.nomination_detail, name="detail"),
    path("<int:pk>/edit/", views.nomination_edit, name="edit"),
    path("<int:pk>/delete/", views.nomination_delete, name="delete"),
    path("<int:pk>/action/", views.nomination_action, name="action"),
    path("<int:pk>/documents/", views.document_upload, name="document_upload"),
    path(
        "<int:pk>/documents/<int:document_pk>/",
        views.document_download,
        name="document_download",
    ),
]
