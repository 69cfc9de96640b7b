"""Text of its own writing direction inside a sentence of the other: a Latin name, an e-mail
address or a phone number in Hebrew, isolated so that each reads in its own order."""

from django.utils.translation import get_language_bidi

# Unicode's first-strong isolate and its end (UAX #9): what is between them takes its direction
# from its own first letter and moves none of the punctuation around it.
FIRST_STRONG_ISOLATE = "\u2068"
POP_DIRECTIONAL_ISOLATE = "\u2069"


def isolated(value: object) -> str:
    """`value` as text, isolated while the active language is written right to left; unchanged
    otherwise. For plain text (messages, e-mails, subjects); HTML templates use <bdi>."""
    text = str(value)
    if not text or not get_language_bidi():
        return text
    return f"{FIRST_STRONG_ISOLATE}{text}{POP_DIRECTIONAL_ISOLATE}"
