"""Top-level routes: the portal, the accounts pages, the admin, the API and the health check."""

from django.contrib import admin
from django.urls import include, path

from ish.portal import views as portal_views

urlpatterns = [
    path("", include("ish.portal.urls")),
    path("accounts/", include("ish.accounts.urls")),
    path("emails/", include("ish.notifications.urls")),
    path("housing/", include("ish.housing.urls")),
    path("nominations/", include("ish.nominations.urls")),
    path("", include("ish.participants.urls")),
    path("nysf/", include("ish.exchange.urls")),
    path("exports/", include("ish.rosters.urls")),
    path("placements/", include("ish.placements.urls")),
    path("programme/", include("ish.programme.urls")),
    path("letters/", include("ish.letters.urls")),
    path("certificates/", include("ish.letters.certificate_urls")),
    path("alumni/", include("ish.alumni.urls")),
    path("admin/", admin.site.urls),
    path("api/", include("api.urls")),
    path("healthz", portal_views.healthz, name="healthz"),
]

# Errors on /api/ answer in JSON, elsewhere with the portal's pages.
handler400 = "ish.portal.views.bad_request"
handler403 = "ish.portal.views.permission_denied"
handler404 = "ish.portal.views.page_not_found"
handler500 = "ish.portal.views.server_error"
