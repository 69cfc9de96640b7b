"""A departure form's error is tied to its field: the field names the message's element in its
`aria-describedby`, so a screen reader reads the message with the field."""

import re

from django.urls import reverse

from tests.exchange.test_pages import travel_form


def test_a_refused_return_date_is_described_by_its_message(client_as, travelling):
    response = client_as("organiser").post(
        reverse("exchange:travel_update", args=[travelling.pk]),
        travel_form(travelling, return_on="2028-01-01"),
    )

    html = response.content.decode()
    field = re.search(rf'<input[^>]*id="id_a{travelling.pk}-return_on"[^>]*>', html).group(0)
    assert 'aria-invalid="true"' in field
    described_by = re.search(r'aria-describedby="([^"]+)"', field).group(1)
    messages = [
        re.search(rf'<div id="{name}">(.*?)</div>\s*</div>', html, re.DOTALL)
        for name in described_by.split()
    ]
    assert any(
        message and "The return must be after the departure." in message.group(1)
        for message in messages
    ), described_by
