from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.routers import DefaultRouter

from api import (
    accounts,
    exchange,
    housing,
    labs,
    nominations,
    notifications,
    placements,
    rosters,
    seasons,
)
from api.parsers import DepthLimitedJSONParser
from ish.portal.views import page_not_found

# DRF's token view names its own parsers; the JSON one is the API's, with its depth limit.
obtain_auth_token = ObtainAuthToken.as_view(
    parser_classes=[FormParser, MultiPartParser, DepthLimitedJSONParser]
)

router = DefaultRouter()
router.register("users", accounts.UserViewSet, basename="user")
router.register("cities", seasons.CityViewSet, basename="city")
router.register("fields", seasons.ResearchFieldViewSet, basename="field")
router.register("seasons", seasons.SeasonViewSet, basename="season")
router.register("quotas", seasons.QuotaViewSet, basename="quota")
router.register("institutes", labs.InstituteViewSet, basename="institute")
router.register("labs", labs.LabViewSet, basename="lab")
router.register("emails", notifications.EmailViewSet, basename="email")
router.register("nominations", nominations.NominationViewSet, basename="nomination")
router.register("placements", placements.PlacementViewSet, basename="placement")
router.register("accommodations", housing.AccommodationViewSet, basename="accommodation")
router.register(
    "housing-assignments", housing.HousingAssignmentViewSet, basename="housing-assignment"
)
router.register(
    "exchange-applications", exchange.ApplicationViewSet, basename="exchange-application"
)
router.register("exports", rosters.ExportViewSet, basename="export")

urlpatterns = [
    path("auth/token/", obtain_auth_token, name="api-token"),
    path("v1/me/", accounts.MeView.as_view(), name="me"),
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
    # Unknown API paths (line breaks included) answer in JSON even with DEBUG on.
    re_path(r"^[\s\S]*$", page_not_found, {"exception": None}),
]
