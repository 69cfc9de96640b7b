"""What the office's NYSF pages show, read as plain data: an application's review for one
reviewer (their score apart, whether the school's confirmation holds a decision up, a reserve to
move up into a place a candidate left) and the candidates' pre-departure state."""

import datetime as dt

import pytest
from django.utils import timezone

from ish.exchange import selectors, services
from ish.exchange.models import Application
from tests.factories import OrganiserFactory

pytestmark = pytest.mark.django_db

Status = Application.Status


def review_of(user, application: Application) -> selectors.Review:
    visible = selectors.applications_visible_to(user).get(pk=application.pk)
    return selectors.application_review(user, visible)


def test_a_reviewer_sees_their_own_score_apart_from_the_others(organiser, application_in):
    application = application_in(Status.SUBMITTED)
    panel = OrganiserFactory(username="panel")
    mine = services.score(application, reviewer=organiser, points=7)
    theirs = services.score(application, reviewer=panel, points=4)

    review = review_of(organiser, application)

    assert review.own_score == mine
    assert review.other_scores == (theirs,)
    assert set(review.scores) == {mine, theirs}


def test_a_reviewer_who_has_not_scored_has_no_own_score(organiser, application_in):
    application = application_in(Status.SUBMITTED)
    services.score(application, reviewer=OrganiserFactory(username="panel"), points=4)

    review = review_of(organiser, application)

    assert review.own_score is None
    assert len(review.other_scores) == 1


@pytest.mark.parametrize(("confirmed", "awaiting"), [(False, True), (True, False)])
def test_shortlisting_waits_for_the_schools_confirmation(
    organiser, application_in, confirmed, awaiting
):
    application = application_in(
        Status.SUBMITTED, nominator_confirmed_at=timezone.now() if confirmed else None
    )

    review = review_of(organiser, application)

    assert "shortlist" in review.actions
    assert review.awaiting_school is awaiting


def test_a_reserve_is_offered_the_place_a_selected_candidate_left(organiser, application_in):
    selected = application_in(Status.SELECTED)
    reserve = application_in(Status.RESERVE)
    services.perform(selected, "withdraw", actor=organiser)
    never_selected = application_in(Status.SHORTLISTED)
    services.perform(never_selected, "withdraw", actor=organiser)

    assert review_of(organiser, selected).move_up == reserve
    assert review_of(organiser, never_selected).move_up is None
    assert review_of(organiser, selected).places_left == 3


def test_each_candidate_before_departure_shows_what_is_open_and_when_they_leave(
    organiser, open_season, application_in
):
    today = timezone.localdate()
    leaving = application_in(
        Status.SELECTED,
        departure_on=today + dt.timedelta(days=20),
        return_on=dt.date(2028, 1, 31),
        passport_expires_on=dt.date(2028, 6, 30),
        visa_done_on=today,
        insurance_done_on=today,
    )
    undated = application_in(Status.CONFIRMED, departure_on=None, return_on=None)
    application_in(Status.SHORTLISTED)

    by_application = {
        departure.application: departure
        for departure in selectors.travelling_candidates(organiser, open_season)
    }

    assert set(by_application) == {leaving, undated}
    departure = by_application[leaving]
    assert departure.days_left == 20
    assert departure.passport_needed_until == dt.date(2028, 7, 31)
    assert departure.open_items == {
        "passport_expires_on": "a passport valid six months after the return",
        "flights_done_on": "flights",
    }
    assert (by_application[undated].days_left, by_application[undated].passport_needed_until) == (
        None,
        None,
    )
