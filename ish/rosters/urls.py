from django.urls import path

from ish.rosters import views

app_name = "rosters"
urlpatterns = [
    path("", views.export_list, name="list"),
    path("<int:pk>/row/", views.export_row, name="row"),
    path("<int:pk>/download/", views.export_download, name="download"),
    path("<int:pk>/retry/", views.export_retry, name="retry"),
]
