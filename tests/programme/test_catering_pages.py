"""The office's catering pages (an event's, a day's meals) and who is where on a day: what they
show, that they are the office's alone, and that they cost the same queries for 10 or 200."""

import datetime as dt

import pytest
from django.urls import reverse

from ish.nominations.models import Nomination
from ish.programme.models import Attendance, Event
from ish.rosters.models import ExportJob
from ish.seasons.models import City
from tests.factories import (
    BERLIN,
    EventFactory,
    LabFactory,
    NominationFactory,
    PlacementFactory,
)

pytestmark = pytest.mark.django_db

ACCEPTED = Nomination.Status.ACCEPTED


def at(season, hour: int, day: int = 1) -> dt.datetime:
    """The season's `day`-th day (0: its first) at `hour`, Heidelberg time."""
    return dt.datetime.combine(season.starts_on + dt.timedelta(days=day), dt.time(hour), BERLIN)


@pytest.fixture
def day(season, lab_host):
    """The season's second day: a lunch for everyone, a workshop for Montpellier's participants,
    and a dinner on the next day. Kumamoto's Abe (vegan, allergic to sesame, in the genome lab)
    and Ito; Montpellier's Dupont (excused from the workshop). The genome lab is the lab
    host's."""
    kumamoto = City.objects.get(slug="kumamoto")
    montpellier = City.objects.get(slug="montpellier")
    abe = NominationFactory(
        season=season,
        city=kumamoto,
        status=ACCEPTED,
        family_name="Abe",
        dietary_requirements="vegan",
        allergies="Sesame",
    )
    NominationFactory(season=season, city=kumamoto, status=ACCEPTED, family_name="Ito")
    dupont = NominationFactory(
        season=season, city=montpellier, status=ACCEPTED, family_name="Dupont"
    )
    genome = lab_host.lab
    genome.name = "Genome lab"
    genome.save()
    PlacementFactory(nomination=abe, lab=genome, status="accepted")
    lunch = EventFactory(
        season=season,
        title="Town hall lunch",
        meal=Event.Meal.LUNCH,
        starts_at=at(season, 12),
        ends_at=at(season, 13),
    )
    workshop = EventFactory(
        season=season,
        title="Explo workshop",
        audience=Event.Audience.CITIES,
        starts_at=at(season, 14),
        ends_at=at(season, 16),
    )
    workshop.cities.set([montpellier])
    Attendance.objects.create(event=workshop, nomination=dupont, status="excused")
    dinner = EventFactory(
        season=season,
        title="Boat dinner",
        meal=Event.Meal.DINNER,
        starts_at=at(season, 19, day=2),
        ends_at=at(season, 21, day=2),
    )
    return {
        "date": at(season, 12).date(),
        "lunch": lunch,
        "workshop": workshop,
        "dinner": dinner,
        "abe": abe,
    }


def test_an_event_s_catering_page_shows_counts_diets_and_allergies(client_as, day):
    response = client_as("organiser").get(
        reverse("programme:event_catering", args=[day["lunch"].pk])
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "Town hall lunch" in page
    assert response.context["catering"].expected == 3
    assert "vegan" in page
    assert "Sesame" in page


def test_the_meals_of_a_day_are_every_meal_of_that_day_and_no_other(client_as, day):
    response = client_as("organiser").get(
        reverse("programme:day_catering"), {"date": day["date"].isoformat()}
    )

    meals = response.context["meals"]
    assert [catering.event for catering in meals] == [day["lunch"]]
    assert meals[0].meals == 3
    assert "Boat dinner" not in response.content.decode()


def test_who_is_where_lists_each_event_s_people_and_those_at_none_with_their_lab(client_as, day):
    response = client_as("organiser").get(
        reverse("programme:day_whereabouts"), {"date": day["date"].isoformat()}
    )

    at_events = {
        where.event.title: [p.family_name for p in where.participants]
        for where in response.context["at_events"]
    }
    # Dupont is excused from the workshop: expected at no event that afternoon.
    assert at_events == {"Town hall lunch": ["Abe", "Dupont", "Ito"], "Explo workshop": []}
    assert "Explo workshop" in response.content.decode()


def test_on_a_day_without_events_everyone_is_listed_with_their_lab(client_as, day):
    next_week = (day["date"] + dt.timedelta(days=7)).isoformat()
    response = client_as("organiser").get(reverse("programme:day_whereabouts"), {"date": next_week})

    assert response.context["at_events"] == []
    assert sorted(p.family_name for p in response.context["elsewhere"].participants) == [
        "Abe",
        "Dupont",
        "Ito",
    ]
    assert "Genome lab" in response.content.decode()  # Abe's: she is in her lab


def test_on_a_day_with_events_those_at_an_event_are_not_listed_as_free(client_as, day):
    response = client_as("organiser").get(
        reverse("programme:day_whereabouts"), {"date": day["date"].isoformat()}
    )

    assert response.context["elsewhere"].participants == []


def test_a_day_that_is_no_date_shows_the_default_day_and_the_error(client_as, day):
    response = client_as("organiser").get(reverse("programme:day_whereabouts"), {"date": "soon"})

    assert response.status_code == 200
    assert response.context["form"].errors


@pytest.mark.parametrize("role", ["coordinator", "lab_host"])
@pytest.mark.parametrize(
    "page", ["programme:event_catering", "programme:day_catering", "programme:day_whereabouts"]
)
def test_the_catering_and_logistics_pages_are_the_office_s_alone(client_as, day, role, page):
    """Diets and allergies are the office's (lab hosts never see them; coordinators see their
    own students' details on their pages); the day's whereabouts are the office's logistics.
    Refused as every organiser-only page is (accounts.decorators.organiser_required): 403."""
    args = [day["lunch"].pk] if page == "programme:event_catering" else []

    assert client_as(role).get(reverse(page, args=args)).status_code == 403


def test_an_event_that_does_not_exist_has_no_catering_page(client_as):
    response = client_as("organiser").get(reverse("programme:event_catering", args=[999999]))

    assert response.status_code == 404


def test_signed_out_is_sent_to_sign_in(client, day):
    response = client.get(reverse("programme:day_catering"))

    assert response.status_code == 302
    assert reverse("login") in response["Location"]


@pytest.mark.parametrize("role", ["organiser", "coordinator", "lab_host"])
def test_every_role_that_sees_an_event_may_ask_for_its_bus_list(client_as, day, role, user_of):
    """The lunch is for everyone, so every role sees it; the list holds its scope's people."""
    response = client_as(role).post(reverse("programme:event_export", args=[day["lunch"].pk]))

    assert response.status_code == 302
    assert response["Location"] == reverse("rosters:list")
    job = ExportJob.objects.get(requested_by=user_of(role))
    assert (job.kind, job.parameters) == ("event", {"event": day["lunch"].pk})


def test_a_bus_list_of_an_event_out_of_scope_is_404(client_as, day):
    """The workshop is Montpellier's: Kumamoto's coordinator does not see it."""
    response = client_as("coordinator").post(
        reverse("programme:event_export", args=[day["workshop"].pk])
    )

    assert response.status_code == 404
    assert not ExportJob.objects.exists()


def test_the_exports_page_offers_no_bus_list_without_its_event(client_as):
    response = client_as("organiser").get(reverse("rosters:list"))

    assert "event" not in dict(response.context["form"].fields["kind"].choices)


@pytest.mark.parametrize(
    "page", ["programme:day_catering", "programme:day_whereabouts", "programme:event_catering"]
)
@pytest.mark.parametrize("participants", [10, 200])
def test_the_pages_cost_the_same_queries_however_many_participants(
    client_as, season, page, participants, django_assert_max_num_queries
):
    lab = LabFactory()
    for index in range(participants):
        student = NominationFactory(
            season=season, status=ACCEPTED, dietary_requirements="vegetarian"
        )
        if index % 2:
            PlacementFactory(nomination=student, lab=lab, status="accepted")
    lunch = EventFactory(season=season, meal=Event.Meal.LUNCH)
    EventFactory(
        season=season, starts_at=lunch.ends_at, ends_at=lunch.ends_at + dt.timedelta(hours=1)
    )
    client = client_as("organiser")
    args = [lunch.pk] if page == "programme:event_catering" else []
    day = {"date": lunch.starts_at.astimezone(BERLIN).date().isoformat()}

    with django_assert_max_num_queries(16):
        response = client.get(reverse(page, args=args), day)

    assert response.status_code == 200


@pytest.mark.parametrize("meals", [1, 6])
def test_a_day_s_meals_cost_the_same_queries_however_many_meals_that_day(
    client_as, season, meals, django_assert_max_num_queries
):
    """Each kind of audience and some marked away, so every list the meals read is read."""
    lab = LabFactory()
    montpellier = City.objects.get(slug="montpellier")
    students = []
    for index in range(20):
        student = NominationFactory(
            season=season,
            status=ACCEPTED,
            city=montpellier if index % 3 else City.objects.get(slug="kumamoto"),
            dietary_requirements=["vegan", "", "halal, no pork"][index % 3],
            allergies="Sesame" if index % 4 else "",
        )
        students.append(student)
        if index % 2:
            PlacementFactory(nomination=student, lab=lab, status="accepted")
    audiences = list(Event.Audience)
    for hour in range(meals):
        event = EventFactory(
            season=season,
            meal=Event.Meal.LUNCH,
            audience=audiences[hour % len(audiences)],
            starts_at=at(season, 8 + hour * 2),
            ends_at=at(season, 9 + hour * 2),
        )
        event.cities.set([montpellier])
        event.labs.set([lab])
        event.participants.set(students[:5])
        Attendance.objects.create(event=event, nomination=students[hour], status="excused")
    client = client_as("organiser")

    with django_assert_max_num_queries(6):
        response = client.get(
            reverse("programme:day_catering"), {"date": at(season, 8).date().isoformat()}
        )

    assert response.status_code == 200
    assert len(response.context["meals"]) == meals
    assert all(catering.expected for catering in response.context["meals"])


@pytest.mark.parametrize("events", [2, 12])
def test_who_is_where_costs_the_same_queries_however_many_events_that_day(
    client_as, season, events, django_assert_max_num_queries
):
    lab = LabFactory()
    for index in range(20):
        student = NominationFactory(season=season, status=ACCEPTED)
        if index % 2:
            PlacementFactory(nomination=student, lab=lab, status="accepted")
    for hour in range(events):
        event = EventFactory(
            season=season,
            audience=Event.Audience.LABS if hour % 2 else Event.Audience.EVERYONE,
            starts_at=at(season, 8 + hour),
            ends_at=at(season, 9 + hour),
        )
        if hour % 2:
            event.labs.set([lab])
    client = client_as("organiser")

    with django_assert_max_num_queries(12):
        response = client.get(
            reverse("programme:day_whereabouts"), {"date": at(season, 8).date().isoformat()}
        )

    assert response.status_code == 200
    assert len(response.context["at_events"]) == events
