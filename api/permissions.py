"""Who may call what, by role; *which rows* they see is the selectors' job.

One class per rule; a viewset combines them with `|` and `&` into its line of the API's table
("read: any; write: organiser"), e.g. `IsOrganiser | IsCoordinator & ReadOnly`.
"""

from rest_framework.permissions import SAFE_METHODS, BasePermission, IsAuthenticated


class _HasRole(BasePermission):
    """A signed-in user whose role is `role` (organisers are never also another role)."""

    role = ""

    def has_permission(self, request, view) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and getattr(user, self.role))


class IsOrganiser(_HasRole):
    role = "is_organiser"


class IsCoordinator(_HasRole):
    role = "is_coordinator"


class IsLabHost(_HasRole):
    role = "is_lab_host"


class ReadOnly(BasePermission):
    """Reading only (GET, HEAD, OPTIONS); combine it with who may read."""

    def has_permission(self, request, view) -> bool:
        return request.method in SAFE_METHODS


class AnswersOffer(BasePermission):
    """Answering an offer: a placement's `accept` or `decline` action."""

    def has_permission(self, request, view) -> bool:
        return getattr(view, "action", None) in {"accept", "decline"}


# Reference data (cities, fields, seasons, institutes, labs): every signed-in user reads it.
ReadAnyWriteOrganiser = IsAuthenticated & ReadOnly | IsOrganiser
# Organisers read and write; coordinators read (their own rows, by the selector).
OrganiserOrCoordinatorReads = IsOrganiser | IsCoordinator & ReadOnly
