"""Who may call what, by role; *which rows* they see is the selectors' job."""

from rest_framework.permissions import SAFE_METHODS, BasePermission


class IsOrganiser(BasePermission):
    def has_permission(self, request, view) -> bool:
        return bool(request.user and request.user.is_authenticated and request.user.is_organiser)


class ReadAnyWriteOrganiser(BasePermission):
    """Reference data: every signed-in user reads, organisers write."""

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not (user and user.is_authenticated):
            return False
        return request.method in SAFE_METHODS or user.is_organiser


class OrganiserOrCoordinatorReads(BasePermission):
    """Organisers read and write; coordinators read (their own rows, by the selector)."""

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not (user and user.is_authenticated):
            return False
        if user.is_organiser:
            return True
        return request.method in SAFE_METHODS and user.is_coordinator
