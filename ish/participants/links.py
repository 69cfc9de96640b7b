"""The student's personal link to their self-service page: signed, expiring with the programme,
revocable, and mailed in the student's language. No account is needed."""

import datetime as dt

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ish.errors import RuleViolation
from ish.nominations.models import Nomination
from ish.notifications.services import Recipient, absolute_url, notify
from ish.participants.models import ParticipantLink

SALT = "ish.participants.link"


class LinkInvalid(Exception):
    """Tampered, expired, revoked, or for a student who is no longer accepted."""


def link_lifetime(nomination: Nomination, sent_at: dt.datetime | None = None) -> dt.timedelta:
    """Valid until the programme ends, at least PARTICIPANT_LINK_DAYS from sending (now, unless
    the link was sent at `sent_at`)."""
    ends = timezone.make_aware(dt.datetime.combine(nomination.season.ends_on, dt.time.max))
    until_end = ends - (sent_at or timezone.now())
    return max(until_end, dt.timedelta(days=settings.PARTICIPANT_LINK_DAYS))


def token_for(link: ParticipantLink) -> str:
    return signing.dumps({"n": link.nomination_id, "v": link.version}, salt=SALT, compress=True)


def link_url(link: ParticipantLink) -> str:
    return absolute_url(reverse("participants:self_service", args=[token_for(link)]))


@transaction.atomic
def send_link(nomination: Nomination, *, resend: bool = False) -> ParticipantLink:
    """Mail the student their personal link; resending revokes the earlier one."""
    link, created = ParticipantLink.objects.select_for_update().get_or_create(nomination=nomination)
    if resend and not created:
        link.version += 1
    if nomination.status not in Nomination.HOLDS_A_PLACE:
        raise RuleViolation(_("Only accepted students get a self-service link."))
    if not nomination.email:
        raise RuleViolation(_("The nomination has no e-mail address to send the link to."))
    link.sent_at = timezone.now()
    link.revoked_at = None
    link.save()
    expires_on = timezone.localdate(timezone.now() + link_lifetime(nomination))
    notify(
        "participant_link",
        about=nomination,
        occasion=f"v{link.version}",
        recipients=[Recipient(nomination.email, nomination.language, nomination.full_name)],
        context={"season": nomination.season.year, "url": link_url(link), "expires_on": expires_on},
    )
    return link


@transaction.atomic
def revoke(nomination: Nomination) -> None:
    link = ParticipantLink.objects.select_for_update().filter(nomination=nomination).first()
    if link and link.revoked_at is None:
        link.revoked_at = timezone.now()
        link.version += 1
        link.save(update_fields=["revoked_at", "version"])


def open_link(token: str) -> ParticipantLink:
    """The link a token stands for, or LinkInvalid; records that the student opened it."""
    link = valid_link(token)
    ParticipantLink.objects.filter(pk=link.pk).update(opened_at=timezone.now())
    return link


def valid_link(token: str) -> ParticipantLink:
    """The link a token stands for, or LinkInvalid, recording nothing (the student's calendar
    app reads their programme by the same token every hour or so)."""
    try:
        payload = signing.loads(token, salt=SALT)
        link = ParticipantLink.objects.select_related("nomination__season", "nomination__city").get(
            nomination_id=payload["n"]
        )
    except (signing.BadSignature, ParticipantLink.DoesNotExist, KeyError, TypeError):
        raise LinkInvalid from None
    nomination = link.nomination
    if payload.get("v") != link.version or link.revoked_at is not None:
        raise LinkInvalid
    if nomination.status not in Nomination.HOLDS_A_PLACE:
        raise LinkInvalid
    sent = link.sent_at or timezone.now()
    if timezone.now() > sent + link_lifetime(nomination, sent):
        raise LinkInvalid
    return link
