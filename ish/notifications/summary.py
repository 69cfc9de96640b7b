"""What an action wrote to the outbox, in one sentence for its result message: how many e-mails
and to whom, from what `notify_all` returned (a message stored before is not written again)."""

from collections.abc import Sequence

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ish.notifications.models import OutboundEmail

# Beyond these, the message says how many others: a bulk action may mail a hundred students.
NAMED_RECIPIENTS = 6


def recipient_names(emails: Sequence[OutboundEmail]) -> list[str]:
    """Each recipient once, by name (else address), in the order written."""
    names: list[str] = []
    for email in emails:
        name = email.recipient_name or email.to
        if name not in names:
            names.append(name)
    return names


def mails_written(emails: Sequence[OutboundEmail]) -> str:
    """ "2 e-mails were written, to Ada Host and Ben Host." or "No e-mail was written."."""
    if not emails:
        return _("No e-mail was written.")
    names = recipient_names(emails)
    shown = ", ".join(names[:NAMED_RECIPIENTS])
    if len(names) > NAMED_RECIPIENTS:
        others = len(names) - NAMED_RECIPIENTS
        shown = ngettext(
            "%(names)s and %(count)d other", "%(names)s and %(count)d others", others
        ) % {"names": shown, "count": others}
    return ngettext(
        "%(count)d e-mail was written, to %(names)s.",
        "%(count)d e-mails were written, to %(names)s.",
        len(emails),
    ) % {"count": len(emails), "names": shown}
