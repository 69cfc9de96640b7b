"""Accepted students to write letters about, the office's settings as it fills them in, and the
certificates' farewell."""

import pytest

from ish.letters.models import LetterSettings
from ish.nominations.models import Nomination
from tests.factories import NominationFactory
from tests.letters.certificate_data import make_farewell


@pytest.fixture
def accepted(season):
    """An accepted student of Kumamoto; names as keyword arguments."""

    def make(**fields) -> Nomination:
        fields.setdefault("status", Nomination.Status.ACCEPTED)
        fields.setdefault("passport_number", "TR1234567")
        return NominationFactory(season=season, **fields)

    return make


@pytest.fixture
def letter_settings(db):
    row = LetterSettings.current()
    row.signatory_name = "Dr. Eva Löwe"
    row.signatory_title = "Head of the ISH office"
    row.letterhead = "City of Heidelberg\nInternational Summer Science School"
    row.host_address = "Stadt Heidelberg\nMarktplatz 10\n69117 Heidelberg"
    row.office_contact = "ish@heidelberg.de · +49 6221 58-0"
    row.costs_covered = "The City of Heidelberg covers board and lodging."
    row.save()
    return row


farewell = pytest.fixture(make_farewell, name="farewell")
