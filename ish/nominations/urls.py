from django.urls import path

from ish.nominations import views

app_name = "nominations"
urlpatterns = [
    path("", views.nomination_list, name="list"),
    path("<int:pk>/", views.nomination_detail, name="detail"),
]
