"""Reads of the outbox: organisers see every message, nobody else any."""

from django.db.models import QuerySet

from ish.accounts.models import User
from ish.notifications.models import OutboundEmail


def emails_visible_to(user: User) -> QuerySet[OutboundEmail]:
    if user.is_organiser:
        return OutboundEmail.objects.all()
    return OutboundEmail.objects.none()


def emails_about(obj, user: User) -> QuerySet[OutboundEmail]:
    """The messages about one object (e.g. a nomination's history of mails)."""
    from django.contrib.contenttypes.models import ContentType

    return emails_visible_to(user).filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
    )


def emails_about_person(obj, address: str, user: User) -> QuerySet[OutboundEmail]:
    """What the outbox holds about a person: the messages about their record `obj` (to them,
    their coordinator or the office) and every message to their `address`."""
    about = emails_about(obj, user)
    if not address:
        return about
    return about | emails_visible_to(user).filter(to__iexact=address)
