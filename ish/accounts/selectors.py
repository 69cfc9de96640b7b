"""Reads of user accounts (organisers only) and of API tokens (their owner and organisers)."""

from django.db.models import Q, QuerySet
from django.utils import timezone
from knox.models import AuthToken

from ish.accounts.models import User


def users_visible_to(user: User) -> QuerySet[User]:
    if user.is_organiser:
        return User.objects.select_related("city", "lab")
    return User.objects.none()


def tokens_visible_to(actor: User, owner: User) -> QuerySet[AuthToken]:
    """The owner's unexpired tokens, for the owner and for organisers; nobody else sees any."""
    if actor.pk != owner.pk and not actor.is_organiser:
        return AuthToken.objects.none()
    unexpired = Q(expiry__isnull=True) | Q(expiry__gt=timezone.now())
    return AuthToken.objects.filter(unexpired, user=owner).order_by("-created")
