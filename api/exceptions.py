"""Errors on /api/ answer in JSON with DRF's shape; rule violations are 400 or 409, never 500."""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.db.models import ProtectedError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import status
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.exceptions import PermissionDenied as DRFPermissionDenied
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler as drf_exception_handler

from ish.errors import RuleViolation


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = gettext_lazy("The request conflicts with the current state.")
    default_code = "conflict"


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        exc = ValidationError(as_serializer_error(exc))
    elif isinstance(exc, RuleViolation):
        exc = Conflict(exc.message)
    elif isinstance(exc, PermissionDenied) and exc.args:
        exc = DRFPermissionDenied(str(exc))  # keep the service's reason
    elif isinstance(exc, ProtectedError):
        kinds = sorted({str(obj._meta.verbose_name_plural) for obj in exc.protected_objects})
        exc = Conflict(
            _("Cannot delete this: it is still used by %(kinds)s.") % {"kinds": ", ".join(kinds)}
        )
    elif isinstance(exc, IntegrityError):
        # Validation catches duplicates first; this is two requests racing for the same row.
        exc = Conflict(_("This conflicts with a change made at the same moment; please try again."))
    return drf_exception_handler(exc, context)
