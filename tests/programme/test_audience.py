"""Who an event expects (its audience expanded to participants) and which events each role
sees: the two directions of the one rule, held to each other."""

import pytest

from ish.nominations.models import Nomination
from ish.programme.models import Event
from ish.programme.selectors import events_of, events_visible_to, expected_at
from tests.factories import (
    CoordinatorFactory,
    EventFactory,
    LabHostFactory,
    NominationFactory,
    OrganiserFactory,
    SeasonFactory,
)
from tests.programme.summer import make_summer, student

pytestmark = pytest.mark.django_db

ACCEPTED = Nomination.Status.ACCEPTED


@pytest.fixture
def summer():
    """Two cities' participants, one in each of two labs, a withdrawn student and a draft."""
    summer = make_summer()
    season, kumamoto, rehovot = summer.season, summer.kumamoto, summer.rehovot
    summer.withdrawn = student(
        season, kumamoto, summer.genome, "Ken", status="withdrawn", placement="withdrawn"
    )
    NominationFactory(season=season, city=kumamoto, status="draft")
    # offered, not yet accepted: not one of the lab's students
    summer.offered = student(season, rehovot, summer.genome, "Ofra", placement="offered")
    return summer


def test_everyone_means_every_student_holding_a_place(summer):
    event = EventFactory(season=summer.season)
    assert set(expected_at(event)) == {summer.aiko, summer.noa, summer.offered}


def test_a_city_event_expects_that_citys_participants_only(summer):
    event = EventFactory(season=summer.season, audience="cities")
    event.cities.set([summer.kumamoto])
    assert set(expected_at(event)) == {summer.aiko}


def test_a_lab_event_expects_the_students_who_accepted_that_lab(summer):
    event = EventFactory(season=summer.season, audience="labs", kind="lab")
    event.labs.set([summer.genome])
    assert set(expected_at(event)) == {summer.aiko}


def test_a_listed_event_expects_the_listed_participants_who_still_hold_a_place(summer):
    event = EventFactory(season=summer.season, audience="participants")
    event.participants.set([summer.noa, summer.withdrawn])
    assert set(expected_at(event)) == {summer.noa}


def test_an_event_of_another_season_expects_nobody_of_this_one(summer):
    event = EventFactory(season=SeasonFactory(year=2028))
    assert not expected_at(event).filter(season=summer.season).exists()


def test_the_office_sees_every_event(summer):
    events = [EventFactory(season=summer.season, audience=a) for a in Event.Audience.values]
    assert set(events_visible_to(OrganiserFactory())) == set(events)


def test_a_coordinator_sees_the_events_their_citys_participants_attend(summer):
    season = summer.season
    for_everyone = EventFactory(season=season)
    for_kumamoto = EventFactory(season=season, audience="cities")
    for_kumamoto.cities.set([summer.kumamoto])
    for_the_other_city = EventFactory(season=season, audience="cities")
    for_the_other_city.cities.set([summer.rehovot])
    in_genome = EventFactory(season=season, audience="labs")
    in_genome.labs.set([summer.genome])
    in_optics = EventFactory(season=season, audience="labs")
    in_optics.labs.set([summer.optics])
    for_noa = EventFactory(season=season, audience="participants")
    for_noa.participants.set([summer.noa])
    for_the_withdrawn = EventFactory(season=season, audience="participants")
    for_the_withdrawn.participants.set([summer.withdrawn])
    EventFactory(season=SeasonFactory(year=2028))  # nobody of Kumamoto holds a place in 2028

    seen = set(events_visible_to(CoordinatorFactory(city=summer.kumamoto)))

    assert seen == {for_everyone, for_kumamoto, in_genome}


def test_a_lab_host_sees_the_events_their_labs_students_attend(summer):
    season = summer.season
    for_everyone = EventFactory(season=season)
    in_genome = EventFactory(season=season, audience="labs")
    in_genome.labs.set([summer.genome])
    in_optics = EventFactory(season=season, audience="labs")
    in_optics.labs.set([summer.optics])
    for_the_other_city = EventFactory(season=season, audience="cities")
    for_the_other_city.cities.set([summer.rehovot])  # its students: Noa (optics), offered

    assert set(events_visible_to(LabHostFactory(lab=summer.genome))) == {
        for_everyone,
        in_genome,
    }
    assert set(events_visible_to(LabHostFactory(lab=summer.optics))) == {
        for_everyone,
        in_optics,
        for_the_other_city,
    }


def test_each_participants_own_programme_is_what_the_events_expect_them_at(summer):
    season = summer.season
    events = [EventFactory(season=season, audience=audience) for audience in Event.Audience]
    events[1].cities.set([summer.kumamoto])
    events[2].labs.set([summer.optics])
    events[3].participants.set([summer.aiko, summer.noa])
    for nomination in (summer.aiko, summer.noa, summer.withdrawn, summer.offered):
        expected = {event for event in events if nomination in set(expected_at(event))}
        assert set(events_of(nomination)) == expected, nomination.given_name
