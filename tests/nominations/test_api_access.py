"""The nominations API scoped per role: every endpoint for every role and city, creating, ranking,
the actions a reader is offered, and the history."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ish.nominations.models import Document, Nomination
from tests.factories import PDF_BYTES, SeasonFactory
from tests.nominations.api_requests import LIST, RANK, creation_payload, ids, url

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("before_the_deadline")]

Status = Nomination.Status


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
