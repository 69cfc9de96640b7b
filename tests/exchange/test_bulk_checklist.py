"""The office marks one checklist item done today for the candidates it selects on the
pre-departure page, after a confirmation that says how many, with a result per candidate: one
marked already keeps its day and is skipped with why; other roles may not."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from ish.exchange import checklist
from ish.exchange.models import Application
from tests.factories import BERLIN
from tests.portal.page_reader import page as parse

pytestmark = pytest.mark.django_db

Status = Application.Status
TICK = reverse("exchange:tick_selected")
TODAY = dt.datetime(2027, 9, 15, 10, 0, tzinfo=BERLIN)


@pytest.fixture
def candidates(application_in, organiser):
    """Abe and Berg selected with nothing ticked, Cruz selected with the visa done on 1 Sep."""
    abe = application_in(Status.SELECTED, given_name="Aiko", family_name="Abe")
    berg = application_in(Status.SELECTED, given_name="Bo", family_name="Berg")
    cruz = application_in(Status.SELECTED, given_name="Cem", family_name="Cruz")
    checklist.update_travel(cruz, actor=organiser, visa_done_on=dt.date(2027, 9, 1))
    return abe, berg, cruz


def visa_of(application: Application) -> dt.date | None:
    application.refresh_from_db()
    return application.visa_done_on


def test_the_page_offers_a_box_per_candidate_and_the_items_to_mark(client_as, candidates):
    html = client_as("organiser").get(reverse("exchange:departures")).content.decode()

    for candidate in candidates:
        assert f'value="{candidate.pk}" form="departures-bulk"' in html
    assert '<option value="visa_done_on">Visa / ETA granted</option>' in html
    assert (
        'value="passport_expires_on"' not in html.split('id="bulk-item"')[1].split("</select>")[0]
    )


def test_the_confirmation_names_the_item_and_the_count_and_changes_nothing(client_as, candidates):
    abe, berg, _cruz = candidates
    response = client_as("organiser").post(
        TICK, {"action": "tick", "item": "visa_done_on", "selected": [abe.pk, berg.pk]}
    )

    assert (
        parse(response).text("bulk-count")
        == "Mark “Visa / ETA granted” done today for 2 candidates?"
    )
    assert 'name="item" value="visa_done_on"' in response.content.decode()
    assert visa_of(abe) is None


@time_machine.travel(TODAY, tick=False)
def test_confirmed_each_candidate_is_marked_today_and_one_done_already_is_skipped(
    client_as, candidates
):
    abe, berg, cruz = candidates
    response = client_as("organiser").post(
        TICK,
        {
            "action": "tick",
            "item": "visa_done_on",
            "selected": [abe.pk, cruz.pk, berg.pk, 999999],
            "confirmed": "1",
        },
    )

    assert parse(response).table("bulk-results") == [
        ["Aiko Abe", "Done Marked done on 15 September 2027."],
        ["Cem Cruz", "Skipped Marked done already, on 1 September 2027."],
        ["Bo Berg", "Done Marked done on 15 September 2027."],
        ["#999999", "Skipped Not found."],
    ]
    assert [visa_of(c) for c in candidates] == [
        dt.date(2027, 9, 15),
        dt.date(2027, 9, 15),
        dt.date(2027, 9, 1),
    ]


def test_a_candidate_not_travelling_is_not_found(client_as, application_in):
    submitted = application_in(Status.SUBMITTED, given_name="Dana", family_name="Diaz")

    response = client_as("organiser").post(
        TICK,
        {"action": "tick", "item": "visa_done_on", "selected": [submitted.pk], "confirmed": "1"},
    )

    assert parse(response).table("bulk-results") == [[f"#{submitted.pk}", "Skipped Not found."]]
    assert visa_of(submitted) is None


def test_an_item_that_is_no_tick_is_refused(client_as, candidates):
    response = client_as("organiser").post(
        TICK,
        {"action": "tick", "item": "passport_expires_on", "selected": [candidates[0].pk]},
        follow=True,
    )

    assert "Select at least one row, then an action." in response.content.decode()


@pytest.mark.parametrize("role", ["coordinator", "lab_host"])
def test_other_roles_may_not_mark_items_in_bulk(client_as, candidates, role):
    response = client_as(role).post(
        TICK,
        {
            "action": "tick",
            "item": "visa_done_on",
            "selected": [c.pk for c in candidates],
            "confirmed": "1",
        },
    )

    assert response.status_code == 403
    assert visa_of(candidates[0]) is None
