"""Fixtures of the NYSF exchange tests: a season open for applications, a school, and
applications brought to any status through the real transitions."""

import datetime as dt

import pytest
from django.utils import timezone

from ish.exchange import checklist, programmes, services
from ish.exchange.models import Application, School
from tests.factories import ApplicationFactory, SchoolFactory, SeasonFactory

Status = Application.Status
# The walk from a new application to each status, every step taken by an organiser.
WALK = {
    Status.SUBMITTED: [],
    Status.SHORTLISTED: ["shortlist"],
    Status.SELECTED: ["shortlist", "select"],
    Status.RESERVE: ["shortlist", "reserve"],
    Status.REJECTED: ["reject"],
    Status.CONFIRMED: ["shortlist", "select", "confirm"],
    Status.WITHDRAWN: ["withdraw"],
}


@pytest.fixture
def open_season(db):
    """The 2027 season, its NYSF applications open for another month."""
    season = SeasonFactory()
    season.exchange_deadline = timezone.now() + dt.timedelta(days=30)
    season.save(update_fields=["exchange_deadline"])
    return season


@pytest.fixture
def school(db) -> School:
    return SchoolFactory(name="Bunsen-Gymnasium", address="Humboldtstraße 23, 69120 Heidelberg")


@pytest.fixture
def application_in(open_season, organiser):
    """An application of the open season brought to a status through the real transitions;
    its school has confirmed the nomination unless `nominator_confirmed_at=None` is given."""

    def bring_to(status: str, **fields) -> Application:
        fields.setdefault("nominator_confirmed_at", timezone.now())
        application = ApplicationFactory(season=open_season, **fields)
        for action in WALK[status]:
            application = services.perform(application, action, actor=organiser)
        return application

    return bring_to


@pytest.fixture
def travelling(application_in, organiser):
    """Lea Hoffmann, selected, adult, writing in German, leaving on 6 January 2028 with the visa
    done, the rest of the checklist open."""
    application = application_in(
        Status.SELECTED, given_name="Lea", family_name="Hoffmann", language="de"
    )
    return checklist.update_travel(
        application,
        actor=organiser,
        departure_on=dt.date(2028, 1, 6),
        return_on=dt.date(2028, 1, 22),
        visa_done_on=dt.date(2027, 10, 1),
    )


@pytest.fixture
def issi(organiser, open_season):
    """The Weizmann Institute's ISSI in Rehovot: two places, its own deadline in three weeks,
    two checklist items."""
    return programmes.save_programme(
        actor=organiser,
        slug="issi",
        name="ISSI",
        host_country="IL",
        host_city="Rehovot",
        places=2,
        candidates_per_school_and_gender=None,
        application_deadline=timezone.now() + dt.timedelta(days=21),
        departure_on=dt.date(2027, 7, 1),
        return_on=dt.date(2027, 7, 31),
        reminder_days=[21],
        required_documents=["cv"],
        checklist_items=["Israeli entry permit (ETA-IL)", "Weizmann medical form"],
    )
