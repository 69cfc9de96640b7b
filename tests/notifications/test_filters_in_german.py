"""The e-mail log's filters read in German on a German page: their labels, the empty choices and
every choice (events, statuses, languages)."""

import re

import pytest
from django.urls import reverse

from ish.notifications.services import Recipient, notify

pytestmark = pytest.mark.django_db

CONTEXT = {"student": "Aiko", "city": "Kumamoto", "season": "2027", "comment": "", "url": "u"}


def filters_of(page: str) -> str:
    start = page.index('id="list-filters"')
    return page[start : page.index("</form>", start)]


def test_the_german_email_log_filters_in_german(client_as, quota):
    notify(
        "nomination_accepted",
        about=quota,
        recipients=[Recipient("alice@example.org", "de", "Alice")],
        context=CONTEXT,
    )
    client = client_as("organiser")
    client.cookies["django_language"] = "de"

    form = filters_of(client.get(reverse("notifications:email_list")).content.decode())

    assert "Nominierung angenommen" in form  # the event's choice
    labels = re.findall(r"<label[^>]*>([^<]+)</label>", form)
    assert [label.strip() for label in labels] == ["Ereignis", "Status", "An", "Sprache"]
    options = re.findall(r"<option[^>]*>([^<]+)</option>", form)
    assert {"Alle Ereignisse", "Alle Status", "Alle Sprachen"} <= set(options)
    # Each language by its German name, or by its own (the language switcher's choice): German
    # reads "Deutsch" either way.
    assert "Deutsch" in options
    english = {"Language", "All languages", "German", "All events", "Event", "Nomination accepted"}
    assert not english & {option.strip() for option in options + labels}
