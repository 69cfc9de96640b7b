"""What every nominations page shares: who may open it, which season it is about, and how a
refused rule reaches the reader."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext as _

from ish.accounts.decorators import role_required
from ish.accounts.models import Role
from ish.errors import RuleViolation
from ish.nominations.models import Nomination

Status = Nomination.Status
# Organisers always pass; lab hosts will see the students offered to them on pages of their own.
nominating_staff = role_required(Role.COORDINATOR)
REFUSALS = (RuleViolation, PermissionDenied)


def refuse(request: HttpRequest, refused: Exception) -> None:
    messages.error(request, str(refused) or _("You may not do this."))


def refusal(rule, *args) -> Exception | None:
    """What a service's check refuses, if anything: pages offer only what would succeed."""
    try:
        rule(*args)
    except REFUSALS as refused:
        return refused
    return None


def allowed(rule, *args) -> bool:
    return refusal(rule, *args) is None
