from csp.constants import NONCE
from csp.decorators import csp_update
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from api import (
    accounts,
    alumni,
    attendance,
    audit,
    calendars,
    catering,
    certificates,
    events,
    exchange,
    housing,
    labs,
    letters,
    nominations,
    notifications,
    placements,
    presentations,
    rosters,
    seasons,
)
from ish.letters.models import Kind
from ish.portal.views import page_not_found

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
router.register(
    "outbound-programmes", exchange.OutboundProgrammeViewSet, basename="outbound-programme"
)
router.register("exports", rosters.ExportViewSet, basename="export")
router.register("audit", audit.AuditViewSet, basename="audit")
router.register("presentations", presentations.PresentationViewSet, basename="presentation")
router.register("events", events.EventViewSet, basename="event")
router.register("alumni", alumni.AlumnusViewSet, basename="alumnus")

urlpatterns = [
    path("auth/token/", accounts.ObtainTokenView.as_view(), name="api-token"),
    path("v1/me/", accounts.MeView.as_view(), name="me"),
    path("v1/me/second-factor/", accounts.SecondFactorView.as_view(), name="me-second-factor"),
    path(
        "v1/me/second-factor/confirm/",
        accounts.SecondFactorConfirmView.as_view(),
        name="me-second-factor-confirm",
    ),
    path("v1/me/tokens/", accounts.MyTokensView.as_view(), name="me-tokens"),
    re_path(r"^v1/me/tokens/(?P<key>[0-9a-f]+)/$", accounts.MyTokenView.as_view(), name="me-token"),
    # Before the router: a router-registered `events` viewset's detail route is
    # `events/<pk>/$` and its extra actions are named `events/<pk>/<action>/`; this path is
    # matched first, so it stays the catering endpoint whatever the viewset registers.
    path(
        "v1/events/<int:pk>/catering/",
        catering.EventCateringView.as_view(),
        name="event-catering",
    ),
    # Before the router's routes: a viewset registered as `events` would otherwise read
    # `calendar.ics` as an event `calendar` asked for in the format `ics` (its format suffixes).
    path("v1/events/calendar.ics", calendars.EventCalendarView.as_view(), name="events-calendar"),
    # Before the router: its `events` viewset's routes (`events/{id}/`) never reach this path,
    # and this one is matched first whatever that viewset declares.
    path(
        "v1/events/<int:pk>/attendance/",
        attendance.EventAttendanceView.as_view(),
        name="event-attendance",
    ),
    # Before the router, as the paths above: the nominations viewset's routes never reach it.
    path(
        "v1/nominations/<int:pk>/certificate/",
        certificates.NominationCertificateView.as_view(),
        name="nomination-certificate",
    ),
    # Before the router: its `nominations` viewset reads `nominations/<pk>/<name>/` as its own
    # extra actions; these paths are matched first whatever that viewset declares.
    path(
        "v1/nominations/<int:pk>/invitation-letter/",
        letters.LetterView.as_view(kind=Kind.INVITATION),
        name="nomination-invitation-letter",
    ),
    path(
        "v1/nominations/<int:pk>/acceptance-letter/",
        letters.LetterView.as_view(kind=Kind.ACCEPTANCE),
        name="nomination-acceptance-letter",
    ),
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # Swagger UI starts from an inline script and style: the page's policy allows those two by
    # the request's nonce (templates/api/swagger_ui.html), still nothing else inline.
    path(
        "docs/",
        csp_update({"script-src": [NONCE], "style-src": [NONCE]})(
            SpectacularSwaggerView.as_view(url_name="schema", template_name="api/swagger_ui.html")
        ),
        name="api-docs",
    ),
    # Unknown API paths (line breaks included) answer in JSON even with DEBUG on.
    re_path(r"^[\s\S]*$", page_not_found, {"exception": None}),
]
