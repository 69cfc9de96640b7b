"""Whose letters a user may produce: organisers every student's, a coordinator their own
city's; lab hosts none (a letter carries the passport number)."""

from django.db.models import QuerySet

from ish.accounts.models import User
from ish.letters.models import IssuedLetter
from ish.nominations.models import Nomination
from ish.nominations.selectors import nominations_visible_to


def nominations_with_letters_for(user: User) -> QuerySet[Nomination]:
    if user.is_lab_host:
        return Nomination.objects.none()
    return nominations_visible_to(user)


def may_issue_letters(user: User) -> bool:
    return user.is_organiser or user.is_coordinator


def letters_of(nomination: Nomination) -> QuerySet[IssuedLetter]:
    return nomination.issued_letters.select_related("issued_by").order_by("-issued_at", "-id")
