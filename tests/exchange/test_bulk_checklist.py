"""The office marks one checklist item done today for the candidates it selects on the
pre-departure page, after a confirmation that says how many, with a result per candidate: one
marked already keeps its day and is skipped with why; an item is one of the shown programme's
checklist and ticks only that programme's candidates; other roles may not."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from ish.exchange import checklist
from ish.exchange.models import Application, OutboundProgramme
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

    assert (
        "Checklist item: choose one of the items of the NYSF checklist."
        in response.content.decode()
    )
    assert candidates[0].passport_expires_on is None


# --- another programme's checklist ------------------------------------------------------------


ENTRY_PERMIT = "Israeli entry permit (ETA-IL)"


def key_of(programme, text: str) -> str:
    return next(item.key for item in checklist.programme_items(programme) if item.text == text)


@pytest.fixture
def issi_candidates(application_in, issi, organiser):
    """Ida and Jan selected for the ISSI with nothing ticked, Kim with the entry permit done on
    1 September (the ISSI with a third place for them)."""
    OutboundProgramme.objects.filter(pk=issi.pk).update(places=3)
    ida = application_in(Status.SELECTED, programme=issi, given_name="Ida", family_name="Imhof")
    jan = application_in(Status.SELECTED, programme=issi, given_name="Jan", family_name="Jung")
    kim = application_in(
        Status.CONFIRMED, programme=issi, given_name="Kim", family_name="Klee", email="k@k.de"
    )
    checklist.update_travel(kim, actor=organiser, ticks={ENTRY_PERMIT: dt.date(2027, 9, 1)})
    return ida, jan, kim


def ticks_of(application: Application) -> dict:
    application.refresh_from_db()
    return application.checklist_done


def test_another_programmes_page_offers_its_own_items(client_as, issi, issi_candidates):
    html = (
        client_as("organiser")
        .get(reverse("exchange:departures"), {"programme": "issi"})
        .content.decode()
    )

    choices = html.split('id="bulk-item"')[1].split("</select>")[0]
    assert f'<option value="{key_of(issi, ENTRY_PERMIT)}">{ENTRY_PERMIT}</option>' in choices
    assert "Weizmann medical form" in choices
    assert "visa_done_on" not in choices
    assert '<input type="hidden" name="programme" value="issi">' in html
    for candidate in issi_candidates:
        assert f'value="{candidate.pk}" form="departures-bulk"' in html


def test_a_programme_without_items_to_tick_offers_no_selection(client_as, issi, issi_candidates):
    OutboundProgramme.objects.filter(pk=issi.pk).update(checklist=[])

    html = (
        client_as("organiser")
        .get(reverse("exchange:departures"), {"programme": "issi"})
        .content.decode()
    )

    assert "Imhof" in html
    assert 'form="departures-bulk"' not in html
    assert 'id="departures-bulk"' not in html


@time_machine.travel(TODAY, tick=False)
def test_issi_candidates_are_ticked_for_an_issi_item_and_the_nysfs_are_left_alone(
    client_as, issi, issi_candidates, candidates
):
    ida, jan, kim = issi_candidates
    abe = candidates[0]
    item = key_of(issi, ENTRY_PERMIT)
    asked = client_as("organiser").post(
        TICK, {"action": "tick", "programme": "issi", "item": item, "selected": [ida.pk]}
    )
    assert parse(asked).text("bulk-count") == f"Mark “{ENTRY_PERMIT}” done today for 1 candidate?"
    assert 'name="programme" value="issi"' in asked.content.decode()

    response = client_as("organiser").post(
        TICK,
        {
            "action": "tick",
            "programme": "issi",
            "item": item,
            "selected": [ida.pk, abe.pk, kim.pk, jan.pk],
            "confirmed": "1",
        },
    )

    assert parse(response).table("bulk-results") == [
        ["Ida Imhof", "Done Marked done on 15 September 2027."],
        ["Aiko Abe", "Skipped Not a candidate of ISSI."],
        ["Kim Klee", "Skipped Marked done already, on 1 September 2027."],
        ["Jan Jung", "Done Marked done on 15 September 2027."],
    ]
    assert [ticks_of(c) for c in issi_candidates] == [
        {ENTRY_PERMIT: "2027-09-15"},
        {ENTRY_PERMIT: "2027-09-15"},
        {ENTRY_PERMIT: "2027-09-01"},
    ]
    abe.refresh_from_db()
    assert (abe.checklist_done, abe.visa_done_on, abe.flights_done_on) == ({}, None, None)
    assert checklist.missing_before_departure(ida) == ["Weizmann medical form"]


@pytest.mark.parametrize(
    ("programme", "item", "message"),
    [
        # An ISSI item on the NYSF's page, an NYSF column on the ISSI's.
        ("nysf", "issi-item", "Checklist item: choose one of the items of the NYSF checklist."),
        ("issi", "visa_done_on", "Checklist item: choose one of the items of the ISSI checklist."),
        ("nowhere", "visa_done_on", "Programme: there is no programme “nowhere”."),
    ],
)
def test_an_item_of_another_programme_is_refused_naming_the_field(
    client_as, issi, issi_candidates, candidates, programme, item, message
):
    if item == "issi-item":
        item = key_of(issi, ENTRY_PERMIT)
    response = client_as("organiser").post(
        TICK,
        {
            "action": "tick",
            "programme": programme,
            "item": item,
            "selected": [issi_candidates[0].pk, candidates[0].pk],
            "confirmed": "1",
        },
        follow=True,
    )

    assert message in response.content.decode()
    assert ticks_of(issi_candidates[0]) == {}
    assert visa_of(candidates[0]) is None


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
