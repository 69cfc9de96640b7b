"""Files an e-mail carries, made when it is delivered (in the worker), by the area that knows
them: an area above registers a maker for an event name in its AppConfig.ready, so the outbox
needs to know nothing about letters or any other document."""

from collections.abc import Callable
from dataclasses import dataclass

from ish.notifications.models import OutboundEmail


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes
    mimetype: str


AttachmentMaker = Callable[[OutboundEmail], list[Attachment]]

_makers: dict[str, list[AttachmentMaker]] = {}


def register(event: str, maker: AttachmentMaker) -> None:
    """Let `maker` add files to every e-mail of `event` (a catalogue name) when it is sent."""
    if maker not in _makers.setdefault(event, []):
        _makers[event].append(maker)


def attachments_for(email: OutboundEmail) -> list[Attachment]:
    """The files to send with `email`, made now; a maker raising makes the delivery fail and be
    retried, as any other sending error."""
    return [attachment for maker in _makers.get(email.event, []) for attachment in maker(email)]
