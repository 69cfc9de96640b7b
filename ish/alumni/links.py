"""An alumnus's two signed links, which need no account: their own page (consent, update,
withdrawal, surveys) and the unsubscribe link of every mail to alumni."""

from django.core import signing
from django.urls import reverse

from ish.alumni.models import Alumnus
from ish.notifications.services import absolute_url

PAGE_SALT = "ish.alumni.page"
UNSUBSCRIBE_SALT = "ish.alumni.unsubscribe"


class LinkInvalid(Exception):
    """Tampered with, or for an alumnus who is no longer stored."""


def page_token(alumnus: Alumnus) -> str:
    return signing.dumps({"a": alumnus.pk}, salt=PAGE_SALT)


def unsubscribe_token(alumnus: Alumnus) -> str:
    return signing.dumps({"a": alumnus.pk}, salt=UNSUBSCRIBE_SALT)


def page_url(alumnus: Alumnus) -> str:
    return absolute_url(reverse("alumni:page", args=[page_token(alumnus)]))


def unsubscribe_url(alumnus: Alumnus) -> str:
    return absolute_url(reverse("alumni:unsubscribe", args=[unsubscribe_token(alumnus)]))


def alumnus_of(token: str, *, salt: str = PAGE_SALT) -> Alumnus:
    """The alumnus a token stands for, or LinkInvalid."""
    try:
        payload = signing.loads(token, salt=salt)
        return Alumnus.objects.select_related("season", "city", "lab", "nomination").get(
            pk=payload["a"]
        )
    except (signing.BadSignature, Alumnus.DoesNotExist, KeyError, TypeError):
        raise LinkInvalid from None
