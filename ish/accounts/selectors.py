"""Reads of user accounts: only organisers manage them."""

from django.db.models import QuerySet

from ish.accounts.models import User


def users_visible_to(user: User) -> QuerySet[User]:
    if user.is_organiser:
        return User.objects.select_related("city", "lab")
    return User.objects.none()
