"""Writing e-mails to the outbox inside the caller's transaction, and delivering them once."""

import datetime as dt
import enum
import hashlib
import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, models, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from kombu.exceptions import OperationalError as BrokerUnreachable

from ish.accounts.models import Language, User
from ish.bidi import isolated
from ish.notifications.attachments import attachments_for
from ish.notifications.catalogue import EVENTS_BY_NAME, Event
from ish.notifications.models import OutboundEmail

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Recipient:
    email: str
    language: str = Language.ENGLISH
    name: str = ""

    @classmethod
    def for_user(cls, user: User) -> "Recipient":
        return cls(user.email, user.language, user.get_full_name() or user.username)

    @classmethod
    def office(cls) -> "Recipient":
        return cls(settings.ISH_OFFICE_EMAIL, settings.ISH_OFFICE_LANGUAGE, "ISH office")


@dataclass(frozen=True)
class Message:
    """One event about one object, to its recipients: what `notify` stores, and `notify_all`
    stores many of at once."""

    event: str
    about: models.Model
    recipients: Sequence[Recipient]
    context: dict
    occasion: str = ""


def notify(
    event_name: str,
    *,
    about: models.Model,
    recipients: Iterable[Recipient],
    context: dict,
    occasion: str = "",
) -> list[OutboundEmail]:
    """Render and store one message per recipient, in the caller's transaction; deliver on commit.

    The same event about the same object to the same address is stored once. `occasion` tells
    apart events that legitimately repeat (a reminder 3 days before and 1 day before, a resent
    link). Returns the messages newly stored.
    """
    return notify_all([Message(event_name, about, tuple(recipients), context, occasion)])


def notify_all(messages: Iterable[Message]) -> list[OutboundEmail]:
    """`notify` for many messages at once: their idempotency keys looked up in one query, the new
    ones inserted in one statement and handed to one delivery task on commit, so the queries do
    not grow with the number of messages (rendering does). Returns the messages newly stored."""
    planned: dict[str, tuple[Event, Message, ContentType, Recipient]] = {}
    for message in messages:
        event = EVENTS_BY_NAME[message.event]
        missing = set(event.context) - message.context.keys()
        if missing:
            raise ValueError(f"{message.event} needs context {sorted(missing)}")
        content_type = ContentType.objects.get_for_model(message.about)  # cached after the first
        for recipient in _unique(message.recipients):
            key = _idempotency_key(
                message.event, content_type.pk, message.about.pk, message.occasion, recipient.email
            )
            planned.setdefault(key, (event, message, content_type, recipient))
    if not planned:
        return []
    stored = set(
        OutboundEmail.objects.filter(idempotency_key__in=planned).values_list(
            "idempotency_key", flat=True
        )
    )
    now = timezone.now()
    new = [_rendered(key, *planned[key], now) for key in planned if key not in stored]
    if not new:
        return []
    try:
        with transaction.atomic():  # a savepoint: a concurrent twin must not break the caller
            created = OutboundEmail.objects.bulk_create(new)
    except IntegrityError:
        # Another transaction stored one of these keys since the lookup: store one by one, so
        # only the twins are left out.
        created = [email for email in new if _stored_alone(email)]
    if created:
        ids = [email.pk for email in created]
        transaction.on_commit(lambda: enqueue_delivery(ids))
    return created


def _rendered(
    key: str,
    event: Event,
    message: Message,
    content_type: ContentType,
    recipient: Recipient,
    now: dt.datetime,
) -> OutboundEmail:
    subject, text, html = render(event, message.context, recipient)
    return OutboundEmail(
        to=recipient.email,
        recipient_name=recipient.name,
        subject=subject,
        body_text=text,
        body_html=html,
        event=message.event,
        language=recipient.language,
        content_type=content_type,
        object_id=message.about.pk,
        idempotency_key=key,
        next_attempt_at=now,
    )


def _stored_alone(email: OutboundEmail) -> bool:
    try:
        with transaction.atomic():
            email.save()
    except IntegrityError:
        return False
    return True


def absolute_url(path: str) -> str:
    """A link for an e-mail: the portal's public address plus a path."""
    return f"{settings.SITE_URL}{path}"


def render(event: Event, context: dict, recipient: Recipient) -> tuple[str, str, str]:
    """Subject, plain text and HTML of one message, in the recipient's language."""
    with translation.override(recipient.language):
        context = {**context, "recipient_name": recipient.name, "site_url": settings.SITE_URL}
        context = {key: _isolated(key, value) for key, value in context.items()}
        subject = str(event.subject) % {key: context[key] for key in event.context}
        text = _tidy(render_to_string(event.template, context))
        html = render_to_string(
            "emails/layout.html",
            {**context, "subject": subject, "text": text, "language": recipient.language},
        )
    return " ".join(subject.split()), text, html


# Context values that are names or typed text, each isolated inside a right-to-left message so
# that a Latin name reads in its own order; links, dates and figures are left as they are.
NAMES = frozenset(
    {
        "recipient_name", "student", "applicant", "city", "lab", "institute", "school",
        "accommodation", "host_contact", "export", "interests", "languages",
        "dietary_requirements",
    }
)  # fmt: skip


def _isolated(key: str, value: object) -> object:
    # A city arrives as the object, printed by its name in the recipient's language.
    named = isinstance(value, str | models.Model)
    return isolated(value) if key in NAMES and named else value


def enqueue_delivery(email_ids: list[int]) -> None:
    """Hand messages to the workers as one task, which delivers (and retries) each on its own; in
    a broker outage they stay pending for the beat sweep."""
    from ish.notifications.tasks import deliver_emails

    if not email_ids:
        return
    try:
        deliver_emails.delay(list(email_ids))
    except BrokerUnreachable:
        if len(email_ids) == 1:
            logger.warning(
                "Broker unreachable; e-mail %s stays pending for the next sweep.", *email_ids
            )
        else:
            shown = ", ".join(str(pk) for pk in email_ids[:10]) + (
                ", …" if len(email_ids) > 10 else ""
            )
            logger.warning(
                "Broker unreachable; %s e-mails (%s) stay pending for the next sweep.",
                len(email_ids),
                shown,
            )


class Delivery(enum.StrEnum):
    SENT = "sent"
    RETRY = "retry"
    FAILED = "failed"
    SKIPPED = "skipped"  # already sent or failed, or another worker holds it


@dataclass(frozen=True)
class DeliveryResult:
    outcome: Delivery
    retry_in: dt.timedelta | None = None


def deliver(email_id: int) -> DeliveryResult:
    """Send one pending message under a row lock; safe to call twice, it sends at most once."""
    with transaction.atomic():
        email = (
            OutboundEmail.objects.select_for_update(skip_locked=True)
            .filter(pk=email_id, status=OutboundEmail.Status.PENDING)
            .first()
        )
        if email is None:
            return DeliveryResult(Delivery.SKIPPED)
        email.attempts += 1
        try:
            _send(email)
        except Exception as error:  # backends raise anything; the error is kept and shown
            logger.warning("Sending e-mail %s failed: %s", email.pk, error)
            email.last_error = f"{error.__class__.__name__}: {error}"[:2000]
            if email.attempts >= settings.EMAIL_MAX_ATTEMPTS:
                email.status = OutboundEmail.Status.FAILED
                result = DeliveryResult(Delivery.FAILED)
            else:
                delay = retry_delay(email.attempts)
                email.next_attempt_at = timezone.now() + delay
                result = DeliveryResult(Delivery.RETRY, retry_in=delay)
        else:
            email.status = OutboundEmail.Status.SENT
            email.sent_at = timezone.now()
            email.last_error = ""
            result = DeliveryResult(Delivery.SENT)
        email.save(update_fields=["attempts", "status", "sent_at", "last_error", "next_attempt_at"])
    return result


def retry_delay(attempts: int) -> dt.timedelta:
    """Exponential backoff: 1, 2, 4, 8 … minutes after the first, second, third … failure."""
    return dt.timedelta(seconds=settings.EMAIL_RETRY_BASE_SECONDS * 2 ** (attempts - 1))


def pending_due(now: dt.datetime | None = None) -> list[int]:
    """Pending messages whose delivery should have happened by now (lost task, broker outage)."""
    grace = dt.timedelta(seconds=settings.EMAIL_REQUEUE_GRACE_SECONDS)
    return list(
        OutboundEmail.objects.filter(
            status=OutboundEmail.Status.PENDING,
            next_attempt_at__lte=(now or timezone.now()) - grace,
        ).values_list("pk", flat=True)[:500]
    )


@transaction.atomic
def resend(email: OutboundEmail) -> OutboundEmail:
    """Give a failed message a fresh set of attempts."""
    email = OutboundEmail.objects.select_for_update().get(pk=email.pk)
    if not email.has_failed:
        raise ResendRefused(email)
    email.status = OutboundEmail.Status.PENDING
    email.attempts = 0
    email.next_attempt_at = timezone.now()
    email.save(update_fields=["status", "attempts", "next_attempt_at"])
    transaction.on_commit(lambda: enqueue_delivery([email.pk]))
    return email


class ResendRefused(Exception):
    def __init__(self, email: OutboundEmail):
        super().__init__(
            _("Only failed e-mails can be resent; this one is %(status)s.")
            % {"status": email.get_status_display()}
        )


def _send(email: OutboundEmail) -> None:
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body_text,
        to=[email.to],
        reply_to=[settings.ISH_OFFICE_EMAIL],
        headers={"Auto-Submitted": "auto-generated", "X-ISH-Event": email.event},
    )
    message.attach_alternative(email.body_html, "text/html")
    for attachment in attachments_for(email):
        message.attach(attachment.filename, attachment.content, attachment.mimetype)
    message.send(fail_silently=False)


def _tidy(text: str) -> str:
    """Template tags leave blank lines behind: keep at most one between paragraphs."""
    lines = [line.rstrip() for line in text.strip().splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines))


def _unique(recipients: Iterable[Recipient]) -> list[Recipient]:
    seen, unique = set(), []
    for recipient in recipients:
        address = recipient.email.strip().lower()
        if address and address not in seen:
            seen.add(address)
            unique.append(recipient)
    return unique


def _idempotency_key(event: str, type_id: int, object_id: int, occasion: str, to: str) -> str:
    raw = f"{event}|{type_id}|{object_id}|{occasion}|{to.strip().lower()}"
    return hashlib.sha256(raw.encode()).hexdigest()
