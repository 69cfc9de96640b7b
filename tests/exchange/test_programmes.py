"""Outbound programmes beyond the NYSF: two programmes in one season, each with its own places,
deadline and checklist; a pupil applying to both; the office's programmes page."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from ish.errors import RuleViolation
from ish.exchange import checklist, programmes, services
from ish.exchange.models import Application, OutboundProgramme
from ish.notifications.models import OutboundEmail
from tests.factories import ApplicationFactory, ApplicationFormFactory

pytestmark = pytest.mark.django_db

Status = Application.Status
APPLY = reverse("exchange:apply")
PROGRAMMES = reverse("exchange:programmes")


def issi_url(programme: OutboundProgramme) -> str:
    return reverse("exchange:apply_to", args=[programme.slug])


def form(school, **fields) -> dict:
    values = ApplicationFormFactory(**{"school": school.pk, **fields})
    return {name: value for name, value in values.items() if value is not None}


# --- the NYSF as data ------------------------------------------------------------------------


def test_the_nysf_exists_after_migrate_with_the_values_the_code_assumed(db):
    nysf = OutboundProgramme.objects.get(slug="nysf")

    assert (nysf.name, nysf.host_city, nysf.host_country.code) == ("NYSF", "Canberra", "AU")
    assert nysf.places == 3
    assert nysf.candidates_per_school_and_gender == 1
    assert nysf.reminder_days == [30, 14, 7]
    assert nysf.application_deadline is None  # the season's call, as before
    assert nysf.checklist_items == [
        "Passport valid until",
        "Visa / ETA granted",
        "Travel insurance taken out",
        "Guardian consent received",
        "Flights booked",
    ]


def test_an_application_without_a_programme_is_the_nysfs(open_season):
    assert ApplicationFactory(season=open_season).programme.slug == "nysf"


# --- two programmes in one season --------------------------------------------------------------


def test_each_programme_selects_within_its_own_places(application_in, issi, organiser):
    nysf_selected = [application_in(Status.SELECTED) for _ in range(3)]
    issi_selected = [application_in(Status.SELECTED, programme=issi) for _ in range(2)]
    third = application_in(Status.SHORTLISTED, programme=issi)

    with pytest.raises(RuleViolation, match="All 2 ISSI places are taken"):
        services.perform(third, "select", actor=organiser)

    season = third.season
    assert services.places_left(season) == 0
    assert services.places_left(season, issi) == 0
    assert all(a.programme.slug == "nysf" for a in nysf_selected)
    services.perform(issi_selected[0], "withdraw", actor=None)
    assert services.places_left(season, issi) == 1
    assert services.places_left(season) == 0
    assert services.next_reserve(season, issi) is None


def test_each_programme_has_its_own_deadline(client, open_season, school, issi):
    OutboundProgramme.objects.filter(pk=issi.pk).update(
        application_deadline=timezone.now() - dt.timedelta(minutes=1)
    )

    closed = client.get(issi_url(issi))
    nysf = client.post(APPLY, form(school))

    assert "Applications for the ISSI are closed" in closed.content.decode()
    assert nysf.status_code == 302
    with pytest.raises(RuleViolation, match="Applications for the ISSI 2027 are closed"):
        services.apply(
            season=open_season,
            programme=OutboundProgramme.objects.get(pk=issi.pk),
            documents={},
            **{"school": school, "email": "x@example.de"},
        )


def test_a_programme_with_its_own_deadline_is_open_when_the_seasons_call_is_closed(
    client, season, school, organiser
):
    issi = programmes.save_programme(
        actor=organiser,
        slug="issi",
        name="ISSI",
        host_country="IL",
        host_city="Rehovot",
        places=2,
        application_deadline=timezone.make_aware(dt.datetime(season.year, 6, 30, 23, 59)),
    )

    nysf = client.get(APPLY).content.decode()
    page = client.get(issi_url(issi)).content.decode()

    assert "Applications for the NYSF are closed" in nysf

    assert "ISSI 2027: apply" in page
    assert "Rehovot, Israel" in page


def test_each_programme_has_its_own_checklist(application_in, issi, organiser):
    nysf_candidate = application_in(Status.SELECTED)
    issi_candidate = application_in(Status.SELECTED, programme=issi)

    assert "Israeli entry permit (ETA-IL)" not in checklist.missing_before_departure(nysf_candidate)
    assert checklist.missing_before_departure(issi_candidate) == [
        "Israeli entry permit (ETA-IL)",
        "Weizmann medical form",
    ]
    checklist.update_travel(
        issi_candidate,
        actor=organiser,
        ticks={"Weizmann medical form": dt.date(2027, 5, 2)},
    )
    issi_candidate = Application.objects.get(pk=issi_candidate.pk)
    assert checklist.missing_before_departure(issi_candidate) == ["Israeli entry permit (ETA-IL)"]
    assert issi_candidate.checklist_done == {"Weizmann medical form": "2027-05-02"}


def test_a_programmes_candidates_are_reminded_on_its_own_days(application_in, issi):
    application_in(Status.SELECTED, programme=issi, language="en")

    sent = checklist.send_departure_reminders(today=dt.date(2027, 7, 1) - dt.timedelta(days=21))
    mail = OutboundEmail.objects.get(event="outbound_departure_reminder")

    assert sent == 1
    assert mail.subject == "ISSI 2027: before you leave"
    assert "Weizmann medical form" in mail.body_text
    assert checklist.send_departure_reminders(today=dt.date(2027, 7, 1) - dt.timedelta(30)) == 0


def test_the_nysfs_items_cannot_be_removed_but_others_can_be_added(organiser):
    nysf = OutboundProgramme.nysf()

    with pytest.raises(ValidationError, match="cannot be removed: Flights booked"):
        programmes.save_programme(nysf, actor=organiser, checklist_items=nysf.checklist_items[:-1])
    saved = programmes.save_programme(
        nysf, actor=organiser, checklist_items=[*nysf.checklist_items, "Travel buddy named"]
    )

    assert saved.checklist[-1] == {"text": "Travel buddy named"}
    assert saved.checklist[1] == {"text": "Visa / ETA granted", "field": "visa_done_on"}


@pytest.mark.parametrize("role", ["coordinator", "lab_host"])
def test_only_the_office_adds_programmes(user_of, role):
    with pytest.raises(PermissionDenied):
        programmes.save_programme(
            actor=user_of(role), slug="x", name="X", host_country="IL", host_city="R", places=1
        )
    assert list(OutboundProgramme.objects.values_list("slug", flat=True)) == ["nysf"]


# --- an applicant in two programmes ------------------------------------------------------------


def test_a_pupil_applies_to_two_programmes_and_is_told_both(client, open_season, school, issi):
    first = client.post(APPLY, form(school))
    second = client.post(issi_url(issi), form(school))
    again = client.post(issi_url(issi), form(school))

    assert first.status_code == second.status_code == 302
    assert again.context["form"].errors["email"] == [
        "An application with this e-mail address already exists for this season."
    ]
    applied = Application.objects.filter(email="lea.hoffmann@example.de")
    assert sorted(applied.values_list("programme__slug", flat=True)) == ["issi", "nysf"]
    thanks = client.get(reverse("exchange:applied")).content.decode()
    assert "<li><bdi>ISSI</bdi></li>" in thanks
    assert "<li><bdi>NYSF</bdi></li>" in thanks
    mail = OutboundEmail.objects.filter(
        event="outbound_application_received", to="lea.hoffmann@example.de"
    ).latest("pk")
    assert mail.subject == "ISSI 2027: we have received your application"
    assert "ISSI 2027 in Rehovot, Israel" in mail.body_text
    assert "This season you have applied to: ISSI, NYSF." in mail.body_text


def test_a_programme_without_a_limit_takes_every_pupil_of_a_school(
    client, open_season, school, issi
):
    for n in range(3):
        response = client.post(issi_url(issi), form(school, email=f"pupil{n}@example.de"))
        assert response.status_code == 302
    assert Application.objects.filter(programme=issi, gender="female").count() == 3


def test_a_programmes_schools_are_the_only_ones_offered(client, open_season, school, issi):
    other = school.__class__.objects.create(name="Hölderlin-Gymnasium")
    issi.schools.set([other])

    page = client.get(issi_url(issi)).content.decode()
    response = client.post(issi_url(issi), form(school))

    assert "Hölderlin-Gymnasium" in page
    assert "Bunsen-Gymnasium" not in page
    assert "school" in response.context["form"].errors


def test_an_unknown_programme_has_no_form(client, open_season):
    assert client.get(reverse("exchange:apply_to", args=["nowhere"])).status_code == 404


# --- the office's pages ------------------------------------------------------------------------


def test_the_office_adds_a_programme_on_its_page(client_as, open_season, school):
    client = client_as("organiser")

    response = client.post(
        reverse("exchange:programme_add"),
        {
            "name": "ISSI",
            "slug": "issi",
            "host_country": "IL",
            "host_city": "Rehovot",
            "places": "2",
            "candidates_per_school_and_gender": "",
            "application_deadline": "",
            "departure_on": "2027-07-01",
            "return_on": "2027-07-31",
            "reminder_days": "30, 7",
            "required_documents": ["cv"],
            "checklist_items": "Entry permit\r\nMedical form\r\n",
            "is_active": "on",
        },
    )

    assert response.status_code == 302
    issi = OutboundProgramme.objects.get(slug="issi")
    assert issi.places == 2
    assert issi.candidates_per_school_and_gender is None
    assert issi.reminder_days == [30, 7]
    assert issi.checklist_items == ["Entry permit", "Medical form"]
    listed = client.get(PROGRAMMES).content.decode()
    assert 'data-programme="issi"' in listed
    assert 'data-programme="nysf"' in listed


def test_a_programme_named_twice_is_refused_on_its_page(client_as):
    response = client_as("organiser").post(
        reverse("exchange:programme_add"),
        {"name": "nysf", "slug": "NYSF", "host_country": "AU", "host_city": "C", "places": "1"},
    )

    assert response.status_code == 200
    assert "name" in response.context["form"].errors
    assert "slug" in response.context["form"].errors


@pytest.mark.parametrize("role", ["coordinator", "lab_host"])
def test_other_roles_get_403_on_the_programme_pages(client_as, role):
    client = client_as(role)

    for path in (PROGRAMMES, reverse("exchange:programme_add")):
        assert client.get(path).status_code == 403
        assert client.post(path, {"name": "X"}).status_code in (403, 405)
    assert client.get(reverse("exchange:programme_edit", args=["nysf"])).status_code == 403
    assert OutboundProgramme.objects.count() == 1


def test_the_departures_page_shows_a_programmes_own_checklist(client_as, application_in, issi):
    candidate = application_in(Status.SELECTED, programme=issi, given_name="Noa")
    client = client_as("organiser")
    url = f"{reverse('exchange:departures')}?season={candidate.season_id}&programme=issi"

    page = client.get(url).content.decode()
    item = next(key for key in checklist.open_items(candidate) if key.startswith("item_"))
    saved = client.post(
        reverse("exchange:travel_update", args=[candidate.pk]),
        {
            f"a{candidate.pk}-departure_on": "2027-07-01",
            f"a{candidate.pk}-return_on": "2027-07-31",
            f"a{candidate.pk}-tick": item,
        },
    )

    assert "ISSI pre-departure" in page
    assert "Weizmann medical form" in page
    assert "NYSF session" not in page
    assert saved.status_code == 302
    candidate.refresh_from_db()
    assert candidate.checklist_done == {
        "Israeli entry permit (ETA-IL)": timezone.localdate().isoformat()
    }
    assert client.get(f"{url}x").status_code == 404


def test_the_list_filters_by_programme(client_as, application_in, issi):
    application_in(Status.SUBMITTED, family_name="Canberra-bound")
    application_in(Status.SUBMITTED, programme=issi, family_name="Rehovot-bound")

    page = client_as("organiser").get(reverse("exchange:list"), {"programme": "issi"})

    html = page.content.decode()
    assert "Rehovot-bound" in html
    assert "Canberra-bound" not in html
    assert "ISSI 2027: 2 places free." in html


@pytest.mark.parametrize("rows", [10, 200])
def test_the_programmes_page_takes_the_same_queries_for_10_and_200_programmes(
    client_as, open_season, django_assert_max_num_queries, rows
):
    OutboundProgramme.objects.bulk_create(
        OutboundProgramme(
            slug=f"p{n}", name=f"Programme {n}", host_country="IL", host_city="R", places=1
        )
        for n in range(rows)
    )
    client = client_as("organiser")

    with django_assert_max_num_queries(8):
        response = client.get(PROGRAMMES)

    assert response.content.decode().count("data-programme=") == rows + 1
