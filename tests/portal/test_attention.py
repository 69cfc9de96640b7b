""" "Needs your attention" on each role's dashboard, against a season with one case of each:
every item's count is the length of the list its link leads to (or of the entries it lists),
nothing to do shows nothing, and the queries do not grow with the rows."""

import datetime as dt

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ish.nominations.models import Nomination
from ish.notifications.models import OutboundEmail
from ish.placements.selectors import lab_offers
from ish.portal.attention import coordinator_attention, lab_host_attention, office_attention
from ish.rosters.models import ExportJob
from ish.seasons.models import City
from tests.factories import (
    BERLIN,
    CoordinatorFactory,
    HousingAssignmentFactory,
    LabFactory,
    LabHostFactory,
    NominationFactory,
    PlacementFactory,
    QuotaFactory,
    attach_documents,
)
from tests.portal.page_reader import DASHBOARD, page

pytestmark = pytest.mark.django_db

Status = Nomination.Status
# 30 days before the 2027 deadline (31 March): the coordinator still nominates.
BEFORE_DEADLINE = dt.datetime(2027, 3, 1, 10, 0, tzinfo=BERLIN)
# Five days before the 2027 programme starts (17 July): students are about to arrive.
BEFORE_ARRIVALS = dt.datetime(2027, 7, 12, 10, 0, tzinfo=BERLIN)
ARRIVAL = dt.datetime(2027, 7, 17, 10, 0, tzinfo=BERLIN)
DEPARTURE = dt.datetime(2027, 8, 13, 10, 0, tzinfo=BERLIN)


def items_of(response) -> dict:
    return {item.key: item for item in response.context["attention"]}


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def travelling(**fields) -> Nomination:
    """An accepted student who told their arrival and departure."""
    return NominationFactory(
        status=Status.ACCEPTED, arrival_at=ARRIVAL, departure_at=DEPARTURE, **fields
    )


def housed(student: Nomination) -> Nomination:
    HousingAssignmentFactory(nomination=student, status="confirmed")
    return student


# --- the coordinator -----------------------------------------------------------------------


@pytest.fixture
def coordinator_season(season, coordinator):
    """Kumamoto (3 places): a draft lacking its documents, a submitted nomination, an accepted
    student without travel data; Montpellier's draft, which Kumamoto's coordinator never sees."""
    QuotaFactory(season=season, city=City.objects.get(slug="kumamoto"), places=3, alternates=1)
    draft = NominationFactory(season=season, given_name="Drafty")
    NominationFactory(season=season, status=Status.SUBMITTED)
    no_travel = NominationFactory(season=season, status=Status.ACCEPTED, given_name="Notold")
    NominationFactory(season=season, city=City.objects.get(slug="montpellier"), given_name="Other")
    return {"draft": draft, "no_travel": no_travel}


def test_the_coordinator_sees_drafts_with_what_each_lacks_deadline_places_and_travel(
    coordinator, coordinator_season
):
    with time_machine.travel(BEFORE_DEADLINE, tick=False):
        response = signed_in(coordinator).get(DASHBOARD)

    items = items_of(response)
    assert list(items) == ["deadline", "drafts", "places-unused", "travel-missing"]
    drafts = items["drafts"]
    assert drafts.count == len(drafts.entries) == 1
    assert drafts.entries[0].url == reverse(
        "nominations:detail", args=[coordinator_season["draft"].pk]
    )
    assert "missing CV, motivation letter, transcript" in drafts.entries[0].note
    assert items["deadline"].label == "30 days to the nomination deadline"
    # 3 places, 1 held by the accepted student and 1 claimed by the submitted nomination.
    assert items["places-unused"].count == 1
    travel = items["travel-missing"]
    assert travel.count == len(travel.entries) == 1
    assert travel.entries[0].text == coordinator_season["no_travel"].full_name
    shown = page(response)
    assert "Drafty" in shown.text()
    assert "Other" not in shown.text()
    assert shown.text("attention-drafts").startswith("1 draft is not submitted yet")


def test_a_complete_draft_is_listed_as_ready_to_submit(coordinator, season):
    QuotaFactory(season=season, city=City.objects.get(slug="kumamoto"), places=1, alternates=0)
    attach_documents(NominationFactory(season=season))

    with time_machine.travel(BEFORE_DEADLINE, tick=False):
        items = {item.key: item for item in coordinator_attention(coordinator, season)}

    assert items["drafts"].entries[0].note == "complete: ready to submit"


def test_once_the_deadline_passed_the_coordinator_sees_neither_deadline_nor_places(
    coordinator, coordinator_season, season
):
    with time_machine.travel(BEFORE_ARRIVALS, tick=False):
        keys = [item.key for item in coordinator_attention(coordinator, season)]

    assert keys == ["drafts", "travel-missing"]


def test_a_coordinator_with_nothing_to_do_is_told_so(season):
    quiet = CoordinatorFactory(username="hangzhou", city=City.objects.get(slug="hangzhou"))

    with time_machine.travel(BEFORE_DEADLINE, tick=False):
        response = signed_in(quiet).get(DASHBOARD)

    assert response.context["attention"] == []
    assert "Nothing needs your attention right now." in page(response).text()


def test_the_coordinators_attention_takes_the_same_queries_for_few_and_many_students(
    coordinator, coordinator_season, season, django_assert_max_num_queries
):
    with time_machine.travel(BEFORE_DEADLINE, tick=False):
        with django_assert_max_num_queries(7):
            few = coordinator_attention(coordinator, season)
        for n in range(20):
            NominationFactory(season=season, given_name=f"More{n}")
            NominationFactory(season=season, status=Status.ACCEPTED)
        with django_assert_max_num_queries(7):
            many = coordinator_attention(coordinator, season)

    assert [item.count for item in few if item.key == "drafts"] == [1]
    assert [item.count for item in many if item.key == "drafts"] == [21]


# --- the lab host --------------------------------------------------------------------------


def test_the_lab_host_sees_the_offers_waiting_for_them_with_their_age(season, lab_host):
    now = timezone.now()
    old = PlacementFactory(
        lab=lab_host.lab, status="offered", offered_at=now - dt.timedelta(days=3)
    )
    PlacementFactory(lab=lab_host.lab, status="offered", offered_at=now)
    PlacementFactory(lab=lab_host.lab, status="proposed")  # not offered: not theirs to see yet
    PlacementFactory(status="offered")  # another lab's

    response = signed_in(lab_host).get(DASHBOARD)

    offers = items_of(response)["offers"]
    listed = signed_in(lab_host).get(offers.url).context["offers"].pending
    assert offers.count == len(offers.entries) == len(listed) == 2
    assert offers.entries[0].url == reverse("placements:detail", args=[old.pk])
    assert [entry.note for entry in offers.entries] == ["offered 3 days ago", "offered today"]
    assert len(lab_offers(lab_host, season).pending) == 2


def test_a_lab_host_without_offers_is_told_so(season, lab_host):
    response = signed_in(lab_host).get(DASHBOARD)

    assert response.context["attention"] == []
    assert "Nothing needs your attention right now." in page(response).text()


def test_the_lab_hosts_attention_takes_the_same_queries_for_few_and_many_offers(
    season, lab_host, django_assert_max_num_queries
):
    for count in (10, 200):
        PlacementFactory.create_batch(count, lab=lab_host.lab, status="offered")
        with django_assert_max_num_queries(5):
            assert lab_host_attention(lab_host, season)[0].count >= count


# --- the office ----------------------------------------------------------------------------


@pytest.fixture
def office_season(season, organiser):
    """Five days before the programme: one case of each thing the office must see to."""
    hosted = LabHostFactory(username="hostoflab").lab
    hostless = LabFactory(name="Hostless Lab")
    NominationFactory(season=season, status=Status.SUBMITTED, given_name="Undecided")
    overdue = PlacementFactory(
        nomination=housed(travelling(given_name="Overdue")),
        lab=hosted,
        status="offered",
        offered_at=BEFORE_ARRIVALS - dt.timedelta(days=6),
    )
    PlacementFactory(  # offered yesterday: the reminder is not due
        nomination=housed(travelling(given_name="Recent")),
        lab=hosted,
        status="offered",
        offered_at=BEFORE_ARRIVALS - dt.timedelta(days=1),
    )
    PlacementFactory(nomination=housed(travelling(given_name="Hostless")), lab=hostless)
    travelling(given_name="Bedless")
    silent = housed(NominationFactory(status=Status.ACCEPTED, given_name="Silent"))
    email = OutboundEmail.objects.create(
        to="someone@example.org",
        subject="s",
        body_text="t",
        body_html="<p>t</p>",
        event="participant_link",
        language="en",
        content_type=ContentType.objects.get_for_model(silent),
        object_id=silent.pk,
        idempotency_key="failed-one",
        next_attempt_at=BEFORE_ARRIVALS,
        status=OutboundEmail.Status.FAILED,
    )
    ExportJob.objects.create(
        kind=ExportJob.Kind.ROSTER, season=season, requested_by=organiser, status="failed"
    )
    ExportJob.objects.create(
        kind=ExportJob.Kind.ROSTER, season=season, requested_by=organiser, status="done"
    )
    return {"overdue": overdue, "hostless": hostless, "silent": silent, "email": email}


OFFICE_ITEMS = [
    "to-decide",
    "offers-overdue",
    "labs-without-host",
    "without-bed",
    "arrivals-missing-travel",
    "failed-emails",
    "failed-exports",
]


def test_the_office_sees_one_item_per_kind_each_counting_the_list_it_links_to(
    organiser, office_season, season
):
    with time_machine.travel(BEFORE_ARRIVALS, tick=False):
        client = signed_in(organiser)
        response = client.get(DASHBOARD)
        items = items_of(response)
        assert list(items) == OFFICE_ITEMS
        assert all(item.count == 1 for item in items.values())

        decide = client.get(items["to-decide"].url).context["page"]
        assert decide.paginator.count == items["to-decide"].count
        assert [n.given_name for n in decide.object_list] == ["Undecided"]

        board = client.get(items["labs-without-host"].url).context["labs_without_host"]
        assert [lab.name for lab in board] == ["Hostless Lab"]

        calendar = client.get(items["without-bed"].url).context
        needing = [*calendar["page"].without_bed, *calendar["page"].partly_housed]
        assert len(needing) == items["without-bed"].count
        assert calendar["page"].without_bed[0].given_name == "Bedless"

        emails = client.get(items["failed-emails"].url).context["page"]
        assert emails.paginator.count == items["failed-emails"].count

        jobs = client.get(items["failed-exports"].url).context["jobs"]
        assert [job.status for job in jobs].count("failed") == items["failed-exports"].count

    overdue = items["offers-overdue"]
    assert len(overdue.entries) == 1
    assert overdue.entries[0].url == reverse(
        "placements:detail", args=[office_season["overdue"].pk]
    )
    assert overdue.entries[0].note == "offered 6 days ago"
    arriving = items["arrivals-missing-travel"]
    assert [entry.text for entry in arriving.entries] == [office_season["silent"].full_name]
    assert arriving.entries[0].note == "arrives 17 Jul"
    shown = page(response)
    for key in OFFICE_ITEMS:
        assert f"attention-{key}" in shown.testids


def test_travel_data_far_ahead_is_not_the_offices_concern_yet(organiser, office_season, season):
    with time_machine.travel(dt.datetime(2027, 6, 1, 10, 0, tzinfo=BERLIN), tick=False):
        keys = [item.key for item in office_attention(organiser, season)]

    assert "arrivals-missing-travel" not in keys


def test_an_office_with_nothing_to_do_is_told_so(organiser, season):
    with time_machine.travel(BEFORE_ARRIVALS, tick=False):
        response = signed_in(organiser).get(DASHBOARD)

    assert response.context["attention"] == []
    assert "Nothing needs your attention right now." in page(response).text()


@pytest.mark.parametrize("rows", [10, 200])
def test_the_offices_attention_takes_a_flat_number_of_queries(
    organiser, office_season, season, rows, django_assert_max_num_queries
):
    NominationFactory.create_batch(rows // 2, season=season, status=Status.SUBMITTED)
    NominationFactory.create_batch(rows // 2, season=season, status=Status.ACCEPTED)

    with time_machine.travel(BEFORE_ARRIVALS, tick=False), django_assert_max_num_queries(10):
        items = office_attention(organiser, season)

    assert len(items) == len(OFFICE_ITEMS)
