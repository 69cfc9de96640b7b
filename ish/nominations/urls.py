from django.urls import path

from ish.nominations.views import editing, excel, files, listing, review, selection

app_name = "nominations"
urlpatterns = [
    path("", listing.nomination_list, name="list"),
    path("new/", editing.nomination_create, name="create"),
    path("rank/", listing.nomination_rank, name="rank"),
    path("export-selection/", selection.export_selection, name="export_selection"),
    path("import/", excel.nomination_import, name="import"),
    path("import/template/", excel.import_template, name="import_template"),
    path("<int:pk>/", review.nomination_detail, name="detail"),
    path("<int:pk>/delete/", editing.nomination_delete, name="delete"),
    path("<int:pk>/documents/", files.document_upload, name="document_upload"),
    path(
        "<int:pk>/documents/<int:document_pk>/",
        files.document_download,
        name="document_download",
    ),
]
