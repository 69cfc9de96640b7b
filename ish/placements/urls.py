from django.urls import path

from ish.placements import bulk_views, views

app_name = "placements"
urlpatterns = [
    path("", views.placement_list, name="list"),
    path("board/", views.board, name="board"),
    path("board/match/", views.match, name="match"),
    path("board/offer-all/", views.offer_all, name="offer_all"),
    path("board/propose/", views.propose, name="propose"),
    path("board/offer-selected/", bulk_views.offer_selected, name="offer_selected"),
    path("offers/", views.offers, name="offers"),
    path("<int:pk>/", views.placement_detail, name="detail"),
    path("<int:pk>/action/", views.placement_action, name="action"),
    path(
        "<int:pk>/documents/<int:document_pk>/",
        views.document_download,
        name="document_download",
    ),
]
