"""The nominations API: every endpoint scoped per role, validation errors naming their field, rules
answered with 409, filters, embedded documents and interests, flat query counts, and no 500 for
any body."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from ish.nominations.models import Document, Nomination, ResearchInterest
from ish.nominations.selectors import SENSITIVE_FIELDS
from ish.nominations.services import perform
from ish.placements.models import Placement
from ish.seasons.models import City, ResearchField
from tests.factories import (
    BERLIN,
    PDF_BYTES,
    DocumentFactory,
    NominationFactory,
    PlacementFactory,
    QuotaFactory,
    SeasonFactory,
    attach_documents,
    complete_nomination,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("before_the_deadline")]

Status = Nomination.Status
LIST = "/api/v1/nominations/"
RANK = "/api/v1/nominations/rank/"


def url(nomination: Nomination, suffix: str = "") -> str:
    return f"{LIST}{nomination.pk}/{suffix}"


def ids(response) -> set[int]:
    return {row["id"] for row in response.json()["results"]}


@pytest.fixture
def world(season, organiser, coordinator, lab_host, other_coordinator):
    """Kumamoto (the coordinator's city) and Montpellier, each with a roomy quota."""
    kumamoto = City.objects.get(slug="kumamoto")
    montpellier = City.objects.get(slug="montpellier")
    for city in (kumamoto, montpellier):
        QuotaFactory(season=season, city=city, places=10, alternates=10)
    return SimpleNamespace(season=season, kumamoto=kumamoto, montpellier=montpellier)


@pytest.fixture
def nomination_of(world, organiser):
    """A complete nomination of a city ("own": Kumamoto, "foreign": Montpellier) in a status."""
    walks = {
        Status.DRAFT: [],
        Status.SUBMITTED: ["submit"],
        Status.ACCEPTED: ["submit", "accept"],
    }

    def make(whose: str, status: str = Status.DRAFT, **fields) -> Nomination:
        city = world.kumamoto if whose == "own" else world.montpellier
        nomination = complete_nomination(season=world.season, city=city, **fields)
        for action in walks[status]:
            perform(nomination, action, actor=organiser)
        return nomination

    return make


def creation_payload(season, **fields) -> dict:
    return {
        "season": season.pk,
        "given_name": "Haruto",
        "family_name": "Sato",
        "date_of_birth": "2008-09-01",
        "gender": "male",
        "email": "haruto@example.jp",
        "phone": "+81 96 765 4321",
        "nationality": "JP",
        "school": "Seiseiko High School",
        "graduation_year": 2027,
        "english_level": "C1",
        "german_level": "none",
        "research_interests": ["physics", "astronomy"],
        "motivation": "Stars.",
        "language": "de",
        **fields,
    }


# --- scoping: every endpoint, every role ------------------------------------------------------

# name: (method, path suffix, body, status the nomination must be in, success status)
ENDPOINTS = {
    "retrieve": ("get", "", None, Status.DRAFT, 200),
    "update": ("put", "", {"given_name": "Yui", "family_name": "Mori"}, Status.DRAFT, 200),
    "partial_update": ("patch", "", {"school": "Changed High"}, Status.DRAFT, 200),
    "delete": ("delete", "", None, Status.DRAFT, 204),
    "submit": ("post", "submit/", {"comment": "Our first."}, Status.DRAFT, 200),
    "accept": ("post", "accept/", {"comment": "Welcome."}, Status.SUBMITTED, 200),
    "waitlist": ("post", "waitlist/", {}, Status.SUBMITTED, 200),
    "decline": ("post", "decline/", {}, Status.SUBMITTED, 200),
    "confirm": ("post", "confirm/", {}, Status.ACCEPTED, 200),
    "withdraw": ("post", "withdraw/", {}, Status.SUBMITTED, 200),
    "history": ("get", "history/", None, Status.DRAFT, 200),
    "documents": ("get", "documents/", None, Status.DRAFT, 200),
    "upload": ("post", "documents/", "multipart", Status.DRAFT, 201),
    "download": ("get", "documents/{document}/download/", None, Status.DRAFT, 200),
}
READS = {"retrieve", "history", "documents", "download"}
ORGANISER_ONLY = {"accept", "waitlist", "decline"}


def expected_status(endpoint: str, role: str, whose: str) -> int:
    success = ENDPOINTS[endpoint][4]
    if role == "anonymous":
        return 401
    if role == "organiser":
        return success
    if role == "lab_host":
        return 404 if endpoint in READS else 403
    if whose == "foreign":
        return 404  # a coordinator never learns that another city's nomination exists
    return 403 if endpoint in ORGANISER_ONLY else success


def call(client, endpoint: str, nomination: Nomination):
    method, suffix, body, _, _ = ENDPOINTS[endpoint]
    document = nomination.documents.first()
    path = url(nomination, suffix.format(document=document.pk))
    if body == "multipart":
        upload = SimpleUploadedFile("cv.pdf", PDF_BYTES, content_type="application/pdf")
        return client.post(path, {"kind": "cv", "file": upload}, format="multipart")
    return getattr(client, method)(path, body)


@pytest.mark.parametrize("whose", ["own", "foreign"])
@pytest.mark.parametrize("role", ["organiser", "coordinator", "lab_host", "anonymous"])
@pytest.mark.parametrize("endpoint", list(ENDPOINTS))
def test_every_nomination_endpoint_is_scoped_by_role(api_as, nomination_of, endpoint, role, whose):
    nomination = nomination_of(whose, ENDPOINTS[endpoint][3])
    before = Nomination.objects.filter(pk=nomination.pk).values().first()
    documents_before = Document.objects.count()

    response = call(api_as(role), endpoint, nomination)

    assert response.status_code == expected_status(endpoint, role, whose), response.content
    if response.status_code >= 400:  # refused: nothing changed
        assert Nomination.objects.filter(pk=nomination.pk).values().first() == before
        assert Document.objects.count() == documents_before


def test_the_list_shows_each_role_exactly_its_nominations(api_as, nomination_of):
    own = nomination_of("own")
    foreign = nomination_of("foreign")

    assert ids(api_as("organiser").get(LIST)) == {own.pk, foreign.pk}
    assert ids(api_as("coordinator").get(LIST)) == {own.pk}
    lab_host_view = api_as("lab_host").get(LIST)
    assert lab_host_view.status_code == 200
    assert lab_host_view.json()["count"] == 0
    assert api_as("anonymous").get(LIST).status_code == 401


def test_a_coordinators_new_nomination_is_a_draft_of_their_city(api_as, world):
    response = api_as("coordinator").post(LIST, creation_payload(world.season))

    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["city"], body["status"]) == ("kumamoto", "draft")
    assert Nomination.objects.get(pk=body["id"]).city == world.kumamoto


@pytest.mark.parametrize("role", ["coordinator", "other_coordinator"])
def test_a_coordinator_cannot_create_a_nomination_for_another_city(
    api_as, world, other_coordinator, role
):
    client = api_as("coordinator")
    city = "montpellier"
    if role == "other_coordinator":
        client.force_authenticate(other_coordinator)
        city = "kumamoto"

    response = client.post(LIST, creation_payload(world.season, city=city))

    assert response.status_code in {400, 403}
    assert not Nomination.objects.exists()


def test_an_organiser_creates_for_any_city_but_must_name_it(api_as, world):
    named = api_as("organiser").post(LIST, creation_payload(world.season, city="montpellier"))
    unnamed = api_as("organiser").post(LIST, creation_payload(world.season, email="b@x.org"))

    assert named.status_code == 201
    assert named.json()["city"] == "montpellier"
    assert unnamed.status_code == 400
    assert "city" in unnamed.json()


@pytest.mark.parametrize("role", ["lab_host", "anonymous"])
def test_a_lab_host_or_anonymous_caller_cannot_create(api_as, world, role):
    response = api_as(role).post(LIST, creation_payload(world.season, city="kumamoto"))

    assert response.status_code == {"lab_host": 403, "anonymous": 401}[role]
    assert not Nomination.objects.exists()


def test_a_coordinator_cannot_move_a_nomination_to_another_city_or_season(api_as, nomination_of):
    nomination = nomination_of("own")
    later = SeasonFactory(year=2028)

    response = api_as("coordinator").patch(
        url(nomination), {"city": "montpellier", "season": later.pk}
    )

    nomination.refresh_from_db()
    assert response.status_code in {200, 400}
    assert (nomination.city.slug, nomination.season.year) == ("kumamoto", 2027)


@pytest.mark.parametrize(
    ("role", "city", "expected"),
    [
        ("organiser", "kumamoto", 204),
        ("organiser", "montpellier", 400),  # not the list of Montpellier's nominations
        ("organiser", None, 400),
        ("coordinator", None, 204),
        ("coordinator", "kumamoto", 204),
        ("coordinator", "montpellier", 403),
        ("lab_host", "kumamoto", 403),
        ("anonymous", "kumamoto", 401),
    ],
)
def test_ranking_is_scoped_by_role(api_as, world, nomination_of, role, city, expected):
    first, second = nomination_of("own"), nomination_of("own")
    payload = {"season": world.season.pk, "order": [second.pk, first.pk]}
    if city:
        payload["city"] = city

    response = api_as(role).post(RANK, payload)

    assert response.status_code == expected
    ranks = dict(Nomination.objects.filter(city=world.kumamoto).values_list("pk", "rank"))
    if expected == 204:
        assert ranks == {second.pk: 1, first.pk: 2}
    else:
        assert ranks == {first.pk: first.rank, second.pk: second.rank}


def test_a_ranking_that_omits_a_nomination_is_a_400_naming_order(api_as, world, nomination_of):
    first = nomination_of("own")
    nomination_of("own")

    response = api_as("coordinator").post(RANK, {"season": world.season.pk, "order": [first.pk]})

    assert response.status_code == 400
    assert "order" in response.json()


@pytest.mark.parametrize(
    ("role", "status", "expected"),
    [
        ("coordinator", Status.DRAFT, ["submit", "withdraw"]),
        ("coordinator", Status.SUBMITTED, ["withdraw"]),
        ("coordinator", Status.ACCEPTED, ["confirm", "withdraw"]),
        ("organiser", Status.SUBMITTED, ["accept", "waitlist", "decline", "withdraw"]),
        ("organiser", Status.ACCEPTED, ["confirm", "withdraw"]),
    ],
)
def test_a_nomination_lists_the_actions_its_reader_may_take_now(
    api_as, nomination_of, role, status, expected
):
    nomination = nomination_of("own", status)

    assert api_as(role).get(url(nomination)).json()["actions"] == expected


def test_history_lists_each_change_with_actor_and_comment(api_as, nomination_of, coordinator):
    nomination = nomination_of("own")
    api_as("coordinator").post(url(nomination, "submit/"), {"comment": "Our best."})

    response = api_as("coordinator").get(url(nomination, "history/"))

    assert response.status_code == 200
    rows = [(r["action"], r["from_status"], r["to_status"], r["comment"]) for r in response.json()]
    assert rows[-1] == ("submit", "draft", "submitted", "Our best.")
    assert response.json()[-1]["by"] == coordinator.get_full_name()


# --- validation -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"email": "haruto-at-example"}, "email"),
        ({"date_of_birth": "2008-02-30"}, "date_of_birth"),
        ({"date_of_birth": "1 September 2008"}, "date_of_birth"),
        ({"research_interests": ["alchemy"]}, "research_interests"),
        (
            {"research_interests": ["physics", "biology", "chemistry", "medicine"]},
            "research_interests",
        ),
        ({"research_interests": ["physics", "physics"]}, "research_interests"),
        ({"research_interests": "physics"}, "research_interests"),
        ({"date_of_birth": "2012-01-01"}, "date_of_birth"),  # 15 on the first programme day
        ({"date_of_birth": "2001-01-01"}, "date_of_birth"),  # 26
        ({"english_level": "D1"}, "english_level"),
        ({"german_level": "fluent"}, "german_level"),
        ({"nationality": "XX"}, "nationality"),
        ({"gender": "unknown"}, "gender"),
        ({"language": "fr"}, "language"),
        ({"phone": "call me"}, "phone"),
        ({"graduation_year": 1900}, "graduation_year"),
        ({"season": 987654}, "season"),
        ({"city": "atlantis"}, "city"),
        ({"given_name": ""}, "given_name"),
        ({"arrival_at": "2027-07-20T10:00:00+02:00", "departure_at": "2027-07-19T10:00:00+02:00"},
         "departure_at"),
    ],
    ids=[
        "email", "date", "date-format", "unknown-field", "four-interests", "repeated-interest",
        "interests-not-a-list", "too-young", "too-old", "cefr", "german-level", "country",
        "gender", "language", "phone", "graduation-year", "season", "city", "empty-name",
        "departure-before-arrival",
    ],
)  # fmt: skip
def test_invalid_input_is_a_400_naming_the_field_and_saves_nothing(api_as, world, change, field):
    response = api_as("organiser").post(
        LIST, creation_payload(world.season, city="kumamoto") | change
    )

    assert response.status_code == 400, response.content
    assert field in response.json(), response.json()
    assert not Nomination.objects.exists()


def test_a_second_nomination_with_the_same_e_mail_in_the_season_is_a_400_naming_email(
    api_as, world, nomination_of
):
    nomination_of("foreign", email="aiko@example.jp")

    response = api_as("coordinator").post(
        LIST, creation_payload(world.season, email="Aiko@Example.jp")
    )

    assert response.status_code == 400
    assert response.json() == {
        "email": ["A student with this e-mail address is already nominated for this season."]
    }


def test_the_same_e_mail_in_another_season_is_fine(api_as, world, nomination_of):
    later = SeasonFactory(year=2028)
    nomination_of("own", email="aiko@example.jp")

    response = api_as("coordinator").post(
        LIST, creation_payload(later, email="aiko@example.jp", date_of_birth="2009-09-01")
    )

    assert response.status_code == 201, response.json()


def test_invalid_changes_to_a_draft_are_400_naming_the_field(api_as, nomination_of):
    nomination = nomination_of("own")
    taken = nomination_of("own")

    for change, field in [
        ({"email": taken.email.upper()}, "email"),
        ({"research_interests": ["biology", "alchemy"]}, "research_interests"),
        ({"date_of_birth": "2015-05-05"}, "date_of_birth"),
    ]:
        response = api_as("coordinator").patch(url(nomination), change)
        assert response.status_code == 400, (change, response.content)
        assert field in response.json()

    fresh = Nomination.objects.get(pk=nomination.pk)
    assert (fresh.email, fresh.date_of_birth) == (nomination.email, nomination.date_of_birth)


# --- rules: 409 with the rule in `detail` -----------------------------------------------------


def test_submitting_an_incomplete_nomination_is_a_409_naming_what_is_missing(
    api_as, world, nomination_of
):
    nomination = NominationFactory(season=world.season, school="")

    response = api_as("coordinator").post(url(nomination, "submit/"))

    assert response.status_code == 409
    assert response.json() == {
        "detail": "The nomination is incomplete. "
        "Missing: school, CV, motivation letter, transcript."
    }


def test_submitting_beyond_the_quota_is_a_409(api_as, world, nomination_of):
    world.kumamoto.quotas.update(places=1, alternates=0)
    nomination_of("own", Status.SUBMITTED)
    another = nomination_of("own")

    response = api_as("coordinator").post(url(another, "submit/"))

    assert response.status_code == 409
    assert "quota of Kumamoto is full" in response.json()["detail"]


def test_submitting_after_the_deadline_is_a_409_for_a_coordinator_only(
    api_as, nomination_of, before_the_deadline
):
    first, second = nomination_of("own"), nomination_of("own")
    before_the_deadline.move_to(dt.datetime(2027, 4, 2, tzinfo=BERLIN))

    refused = api_as("coordinator").post(url(first, "submit/"))
    edited = api_as("coordinator").patch(url(second), {"school": "Late"})
    organiser = api_as("organiser").post(url(first, "submit/"))

    assert refused.status_code == 409
    assert "deadline" in refused.json()["detail"]
    assert edited.status_code == 409
    assert "deadline" in edited.json()["detail"]
    assert organiser.status_code == 200


def test_an_organiser_extends_a_citys_deadline_through_the_quota(
    api_as, world, nomination_of, before_the_deadline
):
    nomination = nomination_of("own")
    before_the_deadline.move_to(dt.datetime(2027, 4, 2, tzinfo=BERLIN))
    quota = world.kumamoto.quotas.get()

    extended = api_as("organiser").patch(
        f"/api/v1/quotas/{quota.pk}/", {"deadline": "2027-04-09T23:59:00+02:00"}
    )
    submitted = api_as("coordinator").post(url(nomination, "submit/"))

    assert extended.status_code == 200, extended.json()
    assert submitted.status_code == 200


def test_an_illegal_transition_is_a_409_naming_it(api_as, nomination_of):
    nomination = nomination_of("own")

    response = api_as("organiser").post(url(nomination, "accept/"))

    assert response.status_code == 409
    assert response.json() == {"detail": "A draft nomination cannot be accepted."}


def test_accepting_beyond_the_places_is_a_409_unless_over_the_quota(api_as, world, nomination_of):
    world.kumamoto.quotas.update(places=1, alternates=5)
    nomination_of("own", Status.ACCEPTED)
    waiting = nomination_of("own", Status.SUBMITTED)

    refused = api_as("organiser").post(url(waiting, "accept/"))
    forced = api_as("organiser").post(url(waiting, "accept/"), {"over_quota": True})

    assert refused.status_code == 409
    assert "All 1 places of Kumamoto are taken" in refused.json()["detail"]
    assert forced.status_code == 200
    assert forced.json()["status"] == "accepted"


def test_a_coordinator_cannot_change_or_delete_a_submitted_nomination(api_as, nomination_of):
    nomination = nomination_of("own", Status.SUBMITTED)

    changed = api_as("coordinator").patch(url(nomination), {"school": "Changed"})
    deleted = api_as("coordinator").delete(url(nomination))

    assert changed.status_code == 409
    assert "Only drafts can be changed" in changed.json()["detail"]
    assert deleted.status_code == 409
    assert Nomination.objects.get(pk=nomination.pk).school != "Changed"


def test_an_organiser_cannot_delete_a_submitted_nomination(api_as, nomination_of):
    nomination = nomination_of("own", Status.SUBMITTED)

    response = api_as("organiser").delete(url(nomination))

    assert response.status_code == 409
    assert "withdraw" in response.json()["detail"]
    assert Nomination.objects.filter(pk=nomination.pk).exists()


# --- what a nomination shows ------------------------------------------------------------------


def test_missing_lists_what_keeps_a_nomination_from_being_submitted(api_as, world):
    bare = NominationFactory(season=world.season, school="", date_of_birth=dt.date(2010, 1, 1))
    complete = complete_nomination(season=world.season)

    bare_view = api_as("coordinator").get(url(bare)).json()
    complete_view = api_as("coordinator").get(url(complete)).json()

    assert bare_view["missing"] == [
        "school", "CV", "motivation letter", "transcript", "guardian consent form",
    ]  # fmt: skip
    assert complete_view["missing"] == []


def test_current_documents_are_embedded_in_a_nomination(api_as, nomination_of):
    nomination = nomination_of("own")
    old_cv = nomination.documents.get(kind="cv")
    upload = SimpleUploadedFile("new-cv.pdf", PDF_BYTES)
    api_as("coordinator").post(
        url(nomination, "documents/"), {"kind": "cv", "file": upload}, format="multipart"
    )

    body = api_as("coordinator").get(url(nomination)).json()

    assert {d["kind"] for d in body["documents"]} == {"cv", "motivation_letter", "transcript"}
    assert old_cv.pk not in {d["id"] for d in body["documents"]}
    cv = next(d for d in body["documents"] if d["kind"] == "cv")
    assert cv["filename"] == "new-cv.pdf"
    assert cv["size"] == len(PDF_BYTES)
    assert cv["download_url"].endswith(f"{url(nomination)}documents/{cv['id']}/download/")


@pytest.mark.parametrize("role", ["organiser", "coordinator"])
def test_the_list_leaves_out_sensitive_fields_which_a_single_nomination_shows(
    api_as, nomination_of, role
):
    nomination = nomination_of(
        "own",
        passport_number="TK1234567",
        dietary_requirements="vegan",
        medical_notes="Asthma",
        allergies="peanuts",
        emergency_contact_name="Yoko Sato",
        emergency_contact_phone="+81 96 123 4567",
    )
    client = api_as(role)

    row = client.get(LIST).json()["results"][0]
    single = client.get(url(nomination)).json()

    assert row["id"] == nomination.pk
    assert [field for field in SENSITIVE_FIELDS if field in row] == []
    assert {field: single[field] for field in SENSITIVE_FIELDS} == {
        "passport_number": "TK1234567",
        "dietary_requirements": "vegan",
        "medical_notes": "Asthma",
        "allergies": "peanuts",
        "emergency_contact_name": "Yoko Sato",
        "emergency_contact_phone": "+81961234567",
    }


def test_research_interests_round_trip_in_their_order(api_as, world):
    created = api_as("coordinator").post(
        LIST,
        creation_payload(world.season, research_interests=["physics", "biology", "chemistry"]),
    )
    nomination_url = f"{LIST}{created.json()['id']}/"
    reread = api_as("coordinator").get(nomination_url)
    changed = api_as("coordinator").patch(
        nomination_url, {"research_interests": ["chemistry", "physics"]}
    )
    untouched = api_as("coordinator").patch(nomination_url, {"school": "Another"})

    assert created.json()["research_interests"] == ["physics", "biology", "chemistry"]
    assert reread.json()["research_interests"] == ["physics", "biology", "chemistry"]
    assert changed.json()["research_interests"] == ["chemistry", "physics"]
    assert untouched.json()["research_interests"] == ["chemistry", "physics"]


def test_a_transition_answers_with_the_changed_nomination(api_as, nomination_of):
    nomination = nomination_of("own")

    response = api_as("coordinator").post(url(nomination, "submit/"), {"comment": "Go."})

    assert response.status_code == 200
    assert response.json()["status"] == "submitted"
    assert response.json()["submitted_at"]


# --- filters and search -----------------------------------------------------------------------


def test_the_list_filters_by_season_city_and_repeated_status(api_as, world, nomination_of):
    draft = nomination_of("own")
    submitted = nomination_of("own", Status.SUBMITTED)
    accepted = nomination_of("own", Status.ACCEPTED)
    foreign = nomination_of("foreign", Status.SUBMITTED)
    later = SeasonFactory(year=2028)
    next_year = NominationFactory(season=later, date_of_birth=dt.date(2009, 1, 1))
    client = api_as("organiser")

    assert ids(client.get(LIST, {"season": world.season.pk})) == {
        draft.pk, submitted.pk, accepted.pk, foreign.pk,
    }  # fmt: skip
    assert ids(client.get(LIST, {"season": later.pk})) == {next_year.pk}
    assert ids(client.get(LIST, {"city": "montpellier"})) == {foreign.pk}
    assert ids(client.get(LIST, {"status": "submitted"})) == {submitted.pk, foreign.pk}
    assert ids(client.get(f"{LIST}?status=draft&status=accepted&season={world.season.pk}")) == {
        draft.pk, accepted.pk,
    }  # fmt: skip
    assert ids(client.get(LIST, {"city": "kumamoto", "status": "submitted"})) == {submitted.pk}


def test_search_finds_names_and_e_mail_addresses(api_as, nomination_of):
    aiko = nomination_of("own", given_name="Aiko", family_name="Watanabe", email="aw@example.jp")
    ren = nomination_of("own", given_name="Ren", family_name="Kobayashi", email="rk@school.jp")
    foreign = nomination_of("foreign", given_name="Aiko", family_name="Martin")
    client = api_as("coordinator")

    assert ids(client.get(LIST, {"search": "aiko"})) == {aiko.pk}  # not Montpellier's Aiko
    assert ids(client.get(LIST, {"search": "kobaya"})) == {ren.pk}
    assert ids(client.get(LIST, {"search": "school.jp"})) == {ren.pk}
    assert ids(api_as("organiser").get(LIST, {"search": "aiko"})) == {aiko.pk, foreign.pk}


def test_search_finds_schools_and_needs_every_word_and_combines_with_filters(api_as, nomination_of):
    aiko = nomination_of("own", given_name="Aiko", family_name="Watanabe", school="Seiseiko High")
    nomination_of("own", given_name="Aiko", family_name="Mori", school="Kumamoto Kita")
    ren = nomination_of("own", Status.SUBMITTED, given_name="Ren", school="Seiseiko High")
    client = api_as("coordinator")

    assert ids(client.get(LIST, {"search": "seiseiko"})) == {aiko.pk, ren.pk}
    assert ids(client.get(LIST, {"search": "aiko seiseiko"})) == {aiko.pk}
    assert ids(client.get(LIST, {"search": "seiseiko", "status": "submitted"})) == {ren.pk}


@pytest.mark.parametrize(
    "query",
    [
        {"city": "montpellier"},
        {"status": ["submitted", "accepted"]},
        {"search": "aiko"},
        {"search": "seiseiko", "city": "kumamoto"},
    ],
    ids=["city", "statuses", "search", "search-and-city"],
)
def test_the_portal_and_the_api_filter_the_same_query_alike(
    api_as, organiser, world, nomination_of, query
):
    nomination_of("own", given_name="Aiko", family_name="Watanabe", school="Seiseiko High")
    nomination_of("own", Status.SUBMITTED, given_name="Ren", family_name="Kobayashi")
    nomination_of("foreign", Status.ACCEPTED, given_name="Aiko", family_name="Martin")
    nomination_of("foreign", given_name="Hugo", family_name="Bernard")
    portal = Client()
    portal.force_login(organiser)
    query = query | {"season": world.season.pk}

    api_names = {
        row["family_name"] for row in api_as("organiser").get(LIST, query).json()["results"]
    }
    page = portal.get(reverse("nominations:list"), query)

    assert api_names
    assert {n.family_name for n in page.context["page"].object_list} == api_names


@pytest.mark.parametrize(
    "params",
    [
        {"status": "lost"},
        {"season": "this-year"},
        {"season": "99999999999999999999"},
        {"city": "kuma\x00moto"},
        {"search": "\x00"},
        {"search": "x" * 10_000},
        {"ordering": "passport_number"},
        {"page": "last-but-one"},
        {"page_size": "-4"},
    ],
    ids=[
        "status", "season", "season-huge", "city-nul", "search-nul", "search-huge", "ordering",
        "page", "page-size",
    ],
)  # fmt: skip
def test_odd_filters_never_cause_a_server_error(api_as, nomination_of, params):
    nomination_of("own")

    response = api_as("organiser").get(LIST, params)

    assert response.status_code in {200, 400, 404}
    assert response["Content-Type"].startswith("application/json")


# --- query counts -----------------------------------------------------------------------------


def add_nominations(world, wanted: int) -> None:
    """Nominations of both cities, each with three interests and three documents."""
    have = Nomination.objects.count()
    cities = [world.kumamoto, world.montpellier]
    new = Nomination.objects.bulk_create(
        Nomination(
            season=world.season,
            city=cities[n % 2],
            given_name="Student",
            family_name=f"No. {n}",
            email=f"student-{n}@example.org",
            date_of_birth=dt.date(2008, 1, 1),
        )
        for n in range(have, wanted)
    )
    fields = list(ResearchField.objects.order_by("slug")[:3])
    ResearchInterest.objects.bulk_create(
        ResearchInterest(nomination=nomination, field=field, rank=rank)
        for nomination in new
        for rank, field in enumerate(fields, start=1)
    )
    Document.objects.bulk_create(
        Document(
            nomination=nomination,
            kind=kind,
            file=f"documents/2027/{nomination.pk}-{kind}.pdf",
            filename=f"{kind}.pdf",
            content_type="application/pdf",
            size=100,
        )
        for nomination in new
        for kind in ["cv", "motivation_letter", "transcript"]
    )


def offer_to_lab(world, lab) -> None:
    """Every Kumamoto nomination without a placement is offered to `lab`."""
    placed = Placement.objects.values("nomination_id")
    Placement.objects.bulk_create(
        Placement(
            nomination=nomination,
            lab=lab,
            status=Placement.Status.OFFERED,
            starts_on=world.season.starts_on,
            ends_on=world.season.ends_on,
            offered_at=timezone.now(),
        )
        for nomination in Nomination.objects.filter(city=world.kumamoto).exclude(pk__in=placed)
    )


# The count, the page, its interests (with their fields) and its current documents.
QUERY_BOUND = 4
# role: (share of the nominations listed, documents per row)
LISTED = {"organiser": (1, 3), "coordinator": (2, 3), "lab_host": (2, 2)}


@pytest.mark.parametrize("role", list(LISTED))
def test_the_list_makes_as_many_queries_for_200_nominations_as_for_10(
    api_as, world, lab_host, django_assert_max_num_queries, role
):
    client = api_as(role)
    divisor, documents = LISTED[role]
    for wanted in (10, 200):
        add_nominations(world, wanted)
        offer_to_lab(world, lab_host.lab)  # Kumamoto's students, half of them

        with django_assert_max_num_queries(QUERY_BOUND):
            response = client.get(LIST, {"page_size": 500})

        assert response.status_code == 200
        assert response.json()["count"] == wanted // divisor
        row = response.json()["results"][0]
        assert len(row["documents"]) == documents  # a lab host: the CV and motivation letter
        assert len(row["research_interests"]) == 3


# --- no 500 for any body ----------------------------------------------------------------------

HUGE_NUMBER = 10**30
HUGE_TEXT = "x" * 1_000_000
GARBAGE = {
    "season-as-text": {"season": "the current one"},
    "season-huge": {"season": HUGE_NUMBER},
    "season-as-list": {"season": [1]},
    "season-as-object": {"season": {"id": 1}},
    "rank-as-text": {"rank": "first"},
    "rank-huge": {"rank": HUGE_NUMBER},
    "rank-negative": {"rank": -1},
    "graduation-year-huge": {"graduation_year": HUGE_NUMBER},
    "graduation-year-as-text": {"graduation_year": "next year"},
    "name-with-nul": {"given_name": "Ai\x00ko"},
    "email-with-nul": {"email": "aiko\x00@example.jp"},
    "city-with-nul": {"city": "kuma\x00moto"},
    "interest-with-nul": {"research_interests": ["bio\x00logy"]},
    "interests-as-objects": {"research_interests": [{"slug": "biology"}]},
    "interests-as-object": {"research_interests": {"first": "biology"}},
    "interests-nested-lists": {"research_interests": [["biology"]]},
    "huge-name": {"given_name": HUGE_TEXT},
    "huge-motivation": {"motivation": HUGE_TEXT},
    "huge-interest": {"research_interests": [HUGE_TEXT]},
    "name-as-list": {"given_name": ["Aiko", "Yui"]},
    "name-as-object": {"given_name": {"first": "Aiko"}},
    "name-null": {"given_name": None},
    "date-as-number": {"date_of_birth": 20080501},
    "date-huge-year": {"date_of_birth": "99999-01-01"},
    "datetime-garbage": {"arrival_at": "soon"},
    "phone-as-number": {"phone": 819612345},
    "nationality-as-list": {"nationality": ["JP"]},
    "status-injected": {"status": "accepted"},
}


@pytest.mark.parametrize("garbage", list(GARBAGE))
def test_a_garbage_creation_body_is_a_400_not_a_500(api_as, world, garbage):
    payload = creation_payload(world.season, city="kumamoto") | GARBAGE[garbage]

    response = api_as("organiser").post(LIST, payload)

    assert response.status_code in {201, 400}, response.content
    if response.status_code == 201:  # a field the client may not set was ignored
        assert Nomination.objects.get().status == Status.DRAFT


@pytest.mark.parametrize("garbage", list(GARBAGE))
def test_a_garbage_change_is_a_400_not_a_500(api_as, nomination_of, garbage):
    nomination = nomination_of("own")

    response = api_as("coordinator").patch(url(nomination), GARBAGE[garbage])

    assert response.status_code in {200, 400}, response.content
    assert Nomination.objects.get(pk=nomination.pk).status == Status.DRAFT


@pytest.mark.parametrize(
    "body",
    [
        [1, 2, 3],
        "submit",
        {"comment": ["a", "b"]},
        {"comment": {"text": "a"}},
        {"comment": "x\x00y"},
        {"comment": HUGE_TEXT},
        {"over_quota": "maybe"},
        {"over_quota": [True]},
    ],
    ids=[
        "list", "string", "comment-list", "comment-object", "comment-nul", "comment-huge",
        "over-quota-text", "over-quota-list",
    ],
)  # fmt: skip
def test_a_garbage_transition_body_is_a_400_not_a_500(api_as, nomination_of, body):
    nomination = nomination_of("own")

    response = api_as("organiser").post(url(nomination, "submit/"), body, format="json")

    assert response.status_code == 400, response.content
    assert Nomination.objects.get(pk=nomination.pk).status == Status.DRAFT


@pytest.mark.parametrize(
    "body",
    [
        [1, 2],
        {"season": "this", "order": [1]},
        {"order": [1]},
        {"season": 1, "order": "1,2"},
        {"season": 1, "order": ["first"]},
        {"season": 1, "order": [HUGE_NUMBER]},
        {"season": 1, "order": [{"id": 1}]},
        {"season": 1, "order": []},
        {"season": HUGE_NUMBER, "order": [1]},
        {"season": 1, "city": "kuma\x00moto", "order": [1]},
        {"season": 1, "city": ["kumamoto"], "order": [1]},
    ],
    ids=[
        "list", "season-text", "no-season", "order-text", "order-words", "order-huge",
        "order-objects", "order-empty", "season-huge", "city-nul", "city-list",
    ],
)  # fmt: skip
def test_a_garbage_ranking_is_a_400_not_a_500(api_as, world, nomination_of, body):
    nomination_of("own")
    if isinstance(body, dict) and body.get("season") == 1:
        body = body | {"season": world.season.pk}

    response = api_as("organiser").post(RANK, body, format="json")

    assert response.status_code == 400, response.content


@pytest.mark.parametrize(
    "path",
    [
        f"{LIST}99999999999999999999/",
        f"{LIST}not-a-number/",
        f"{LIST}1%00/",
        f"{LIST}99999999999999999999/history/",
        f"{LIST}{{id}}/documents/99999999999999999999/download/",
    ],
    ids=["huge-id", "text-id", "nul-id", "huge-id-history", "huge-document-id"],
)
def test_an_id_no_row_can_match_is_a_404(api_as, nomination_of, path):
    nomination = nomination_of("own")

    response = api_as("organiser").get(path.replace("{id}", str(nomination.pk)))

    assert response.status_code == 404


def test_a_body_that_is_not_json_is_a_400(api_as, world):
    response = api_as("organiser").post(
        LIST, data='{"season": 1, "given_name": "Br', content_type="application/json"
    )

    assert response.status_code == 400


def test_documents_are_listed_only_with_current_ones(api_as, nomination_of):
    nomination = nomination_of("own")
    attach_documents(nomination, ["other"])

    response = api_as("organiser").get(url(nomination, "documents/"))

    assert response.status_code == 200
    assert sorted(d["kind"] for d in response.json()) == [
        "cv", "motivation_letter", "other", "transcript",
    ]  # fmt: skip


# --- lab hosts: only students offered to their lab, without sensitive data --------------------


@pytest.fixture
def offered(world, organiser, lab_host):
    """An accepted Kumamoto student with every document, offered to the lab host's lab."""
    nomination = complete_nomination(
        season=world.season, passport_number="TK1234567", medical_notes="Asthma"
    )
    attach_documents(nomination, ["other"])
    for action in ("submit", "accept"):
        perform(nomination, action, actor=organiser)
    PlacementFactory(nomination=nomination, lab=lab_host.lab, status="offered")
    return nomination


def test_a_lab_host_sees_a_student_offered_to_their_lab_without_sensitive_data(
    api_as, world, offered, nomination_of
):
    nomination_of("own", Status.ACCEPTED)  # accepted, but offered to no lab
    client = api_as("lab_host")

    listed = client.get(LIST)
    shown = client.get(url(offered))

    assert ids(listed) == {offered.pk}
    assert shown.status_code == 200
    body = shown.json()
    for hidden in [*SENSITIVE_FIELDS, "email", "phone", "date_of_birth", "missing"]:
        assert hidden not in body, hidden
    assert body["research_interests"] == ["biology"]
    assert {d["kind"] for d in body["documents"]} == {"cv", "motivation_letter"}


def test_a_lab_host_gets_only_the_cv_and_motivation_letter_of_an_offered_student(api_as, offered):
    client = api_as("lab_host")
    documents = {d.kind: d for d in offered.documents.all()}

    listed = client.get(url(offered, "documents/"))

    assert sorted(d["kind"] for d in listed.json()) == ["cv", "motivation_letter"]
    for kind, expected in [("cv", 200), ("motivation_letter", 200), ("transcript", 404),
                           ("other", 404)]:  # fmt: skip
        response = client.get(url(offered, f"documents/{documents[kind].pk}/download/"))
        assert response.status_code == expected, kind


@pytest.fixture
def replaced(offered):
    """The offered student's first CV and transcript, both replaced a week ago by the current."""
    week_ago = timezone.now() - dt.timedelta(days=7)
    return {
        kind: DocumentFactory(nomination=offered, kind=kind, replaced_at=week_ago)
        for kind in ("cv", "transcript")
    }


# role: the kinds of the earlier versions listed, or the status code refusing the list
EARLIER_VERSIONS = {
    "organiser": ["cv", "transcript"],
    "coordinator": ["cv", "transcript"],
    "lab_host": [],  # only the current CV and letter, as on the lab host's pages
    "other_coordinator": 404,
    "anonymous": 401,
}


@pytest.mark.parametrize("role", list(EARLIER_VERSIONS))
def test_earlier_versions_of_documents_are_listed_on_request_in_the_callers_scope(
    api_as, offered, replaced, other_coordinator, role
):
    client = api_as(role) if role != "other_coordinator" else APIClient()
    if role == "other_coordinator":
        client.force_authenticate(other_coordinator)
    expected = EARLIER_VERSIONS[role]

    current = client.get(url(offered, "documents/"))
    everything = client.get(url(offered, "documents/"), {"include_replaced": "true"})

    if isinstance(expected, int):
        assert (current.status_code, everything.status_code) == (expected, expected)
        return
    assert everything.status_code == 200
    earlier = [d for d in everything.json() if d["replaced_at"]]
    assert sorted(d["kind"] for d in earlier) == expected
    assert {d["id"] for d in earlier} == {replaced[kind].pk for kind in expected}
    assert all(d["uploaded_at"] for d in everything.json())
    assert all(d["replaced_at"] is None for d in current.json())
    assert {d["id"] for d in current.json()} == {
        d["id"] for d in everything.json() if not d["replaced_at"]
    }
    if role == "lab_host":
        old_cv = client.get(url(offered, f"documents/{replaced['cv'].pk}/download/"))
        assert old_cv.status_code == 404
        return
    download = client.get(earlier[0]["download_url"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF_BYTES


def test_a_request_for_earlier_versions_that_is_not_a_yes_or_no_is_a_400(api_as, offered):
    response = api_as("organiser").get(url(offered, "documents/"), {"include_replaced": "maybe"})

    assert response.status_code == 400
    assert "include_replaced" in response.json()


def test_a_lab_host_cannot_change_an_offered_student(api_as, offered):
    client = api_as("lab_host")
    upload = SimpleUploadedFile("cv.pdf", PDF_BYTES)

    responses = [
        client.patch(url(offered), {"school": "Changed"}),
        client.delete(url(offered)),
        client.post(url(offered, "confirm/")),
        client.post(url(offered, "withdraw/")),
        client.post(url(offered, "documents/"), {"kind": "cv", "file": upload}, format="multipart"),
    ]

    assert [r.status_code for r in responses] == [403] * 5
    assert Nomination.objects.get(pk=offered.pk).status == Status.ACCEPTED


def test_a_lab_host_cannot_search_by_e_mail(api_as, offered):
    client = api_as("lab_host")

    assert ids(client.get(LIST, {"search": offered.family_name})) == {offered.pk}
    assert ids(client.get(LIST, {"search": offered.email})) == set()


def test_a_placement_only_proposed_to_a_lab_is_not_shown_to_its_host(
    api_as, world, organiser, lab_host, nomination_of
):
    nomination = nomination_of("own", Status.ACCEPTED)
    PlacementFactory(nomination=nomination, lab=lab_host.lab, status="proposed")

    assert api_as("lab_host").get(url(nomination)).status_code == 404
    assert ids(api_as("lab_host").get(LIST)) == set()
