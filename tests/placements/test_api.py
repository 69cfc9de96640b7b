"""The placements API: every endpoint for every role, what a lab host may see of a student (and
never sees), bad input, rule violations as 409, and query counts that stay flat."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from ish.nominations.models import Document, Nomination, ResearchInterest
from ish.nominations.selectors import LAB_HOST_FIELDS, SENSITIVE_FIELDS
from ish.placements.models import Placement
from ish.seasons.models import City, ResearchField
from tests.factories import (
    CoordinatorFactory,
    LabFactory,
    NominationFactory,
    OrganiserFactory,
    SeasonFactory,
    attach_documents,
)

pytestmark = pytest.mark.django_db

Status = Placement.Status
ROLES = ["organiser", "coordinator", "other_coordinator", "lab_host", "other_lab_host",
         "anonymous"]  # fmt: skip


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def world(season, organiser, coordinator, lab_host, other_lab_host, placement_in):
    """Kumamoto's coordinator and Montpellier's; the lab host's lab and another lab; an offer of a
    Kumamoto student to the lab, a proposal to it, an offer of a Montpellier student to it and an
    offer of a Kumamoto student to the other lab."""
    montpellier = City.objects.get(slug="montpellier")
    lab, other_lab = lab_host.lab, other_lab_host.lab
    lab.capacity = 5
    lab.save()
    return SimpleNamespace(
        season=season,
        lab=lab,
        other_lab=other_lab,
        users={
            "organiser": organiser,
            "coordinator": coordinator,
            "other_coordinator": CoordinatorFactory(username="montpellier", city=montpellier),
            "lab_host": lab_host,
            "other_lab_host": other_lab_host,
        },
        offered=placement_in(Status.OFFERED, lab=lab),
        proposed=placement_in(Status.PROPOSED, lab=lab),
        montpellier_offered=placement_in(Status.OFFERED, lab=lab, city=montpellier),
        other_lab_offered=placement_in(Status.OFFERED, lab=other_lab),
    )


def client(world, role: str) -> APIClient:
    api = APIClient()
    if role != "anonymous":
        api.force_authenticate(world.users[role])
    return api


def ids(response) -> set[int]:
    return {row["id"] for row in response.json()["results"]}


def url(name: str, *args) -> str:
    return reverse(f"placement-{name}", args=args)


# --- every endpoint × every role --------------------------------------------------------------

LIST_SCOPE = {
    "organiser": {"offered", "proposed", "montpellier_offered", "other_lab_offered"},
    "coordinator": {"offered", "proposed", "other_lab_offered"},
    "other_coordinator": {"montpellier_offered"},
    "lab_host": {"offered", "montpellier_offered"},
    "other_lab_host": {"other_lab_offered"},
}


@pytest.mark.parametrize("role", ROLES)
def test_the_list_shows_each_role_its_own_placements(world, role):
    response = client(world, role).get(url("list"))

    if role == "anonymous":
        assert response.status_code == 401
        return
    assert response.status_code == 200
    assert ids(response) == {getattr(world, name).pk for name in LIST_SCOPE[role]}


READ = {"organiser": 200, "coordinator": 200, "other_coordinator": 404, "lab_host": 200,
        "other_lab_host": 404, "anonymous": 401}  # fmt: skip
ORGANISER_ONLY = {"organiser": 200, "coordinator": 403, "other_coordinator": 403,
                  "lab_host": 403, "other_lab_host": 403, "anonymous": 401}  # fmt: skip
ANSWER = {"organiser": 200, "coordinator": 403, "other_coordinator": 403, "lab_host": 200,
          "other_lab_host": 404, "anonymous": 401}  # fmt: skip


@pytest.mark.parametrize("role", ROLES)
def test_retrieving_an_offer(world, role):
    response = client(world, role).get(url("detail", world.offered.pk))

    assert response.status_code == READ[role]
    if response.status_code == 200:
        assert response.json()["id"] == world.offered.pk


@pytest.mark.parametrize("role", ROLES)
def test_retrieving_a_proposal_is_for_the_office_and_the_students_coordinator(world, role):
    response = client(world, role).get(url("detail", world.proposed.pk))

    expected = READ | {"lab_host": 404}
    assert response.status_code == expected[role]


@pytest.mark.parametrize("role", ROLES)
def test_creating_a_placement(world, role, accepted_student):
    student = accepted_student()

    response = client(world, role).post(
        url("list"), {"nomination": student.pk, "lab": world.lab.pk}, format="json"
    )

    assert response.status_code == (ORGANISER_ONLY | {"organiser": 201})[role]
    if role == "organiser":
        body = response.json()
        assert (body["status"], body["starts_on"], body["ends_on"]) == (
            "proposed", "2027-07-17", "2027-08-13",
        )  # fmt: skip
    assert student.placements.exists() == (role == "organiser")


@pytest.mark.parametrize("role", ROLES)
def test_changing_a_placement(world, role):
    response = client(world, role).patch(
        url("detail", world.offered.pk), {"comment": "Starts a week late."}, format="json"
    )

    assert response.status_code == ORGANISER_ONLY[role]
    world.offered.refresh_from_db()
    assert (world.offered.comment == "Starts a week late.") == (role == "organiser")


@pytest.mark.parametrize("role", ROLES)
def test_offering_a_proposal(world, role):
    response = client(world, role).post(url("offer", world.proposed.pk))

    assert response.status_code == ORGANISER_ONLY[role]
    world.proposed.refresh_from_db()
    offered = world.proposed.status == Status.OFFERED
    assert offered == (role == "organiser")


@pytest.mark.parametrize("action", ["accept", "decline"])
@pytest.mark.parametrize("role", ROLES)
def test_answering_an_offer(world, role, action):
    response = client(world, role).post(url(action, world.offered.pk), {"comment": "Yes."})

    assert response.status_code == ANSWER[role]
    world.offered.refresh_from_db()
    answered = (
        world.offered.status == {"accept": Status.ACCEPTED, "decline": Status.DECLINED}[action]
    )
    assert answered == (ANSWER[role] == 200)
    if answered:
        assert response.json()["status"] == world.offered.status


@pytest.mark.parametrize("role", ROLES)
def test_cancelling_a_placement(world, role):
    response = client(world, role).post(url("cancel", world.offered.pk))

    assert response.status_code == ORGANISER_ONLY[role]
    world.offered.refresh_from_db()
    assert (world.offered.status == Status.CANCELLED) == (role == "organiser")


@pytest.mark.parametrize("role", ROLES)
def test_running_the_matching(world, role, accepted_student):
    waiting = accepted_student()

    response = client(world, role).post(url("match"), {"season": world.season.pk}, format="json")

    assert response.status_code == ORGANISER_ONLY[role]
    assert waiting.placements.exists() == (role == "organiser")


@pytest.mark.parametrize("role", ROLES)
def test_offering_all_proposals(world, role):
    response = client(world, role).post(
        url("offer-all"), {"season": world.season.pk}, format="json"
    )

    assert response.status_code == ORGANISER_ONLY[role]
    world.proposed.refresh_from_db()
    assert (world.proposed.status == Status.OFFERED) == (role == "organiser")
    if role == "organiser":
        assert response.json() == {"offered": 1}


@pytest.mark.parametrize("action", ["accept", "decline"])
def test_a_lab_host_cannot_answer_a_proposal_not_yet_offered_to_them(world, action):
    response = client(world, "lab_host").post(url(action, world.proposed.pk))

    assert response.status_code == 404
    world.proposed.refresh_from_db()
    assert world.proposed.status == Status.PROPOSED


# --- what a lab host sees ---------------------------------------------------------------------


def test_a_lab_host_sees_offers_and_answers_of_their_lab_never_proposals_or_cancellations(
    organiser, lab_host, other_lab_host, placement_in
):
    lab = lab_host.lab
    lab.capacity = 5
    lab.save()
    shown = {placement_in(status, lab=lab).pk for status in Placement.SHOWN_TO_LAB_HOSTS}
    for status in [Status.PROPOSED, Status.CANCELLED]:
        placement_in(status, lab=lab)
    for status in Status.values:
        placement_in(status, lab=other_lab_host.lab)
    api = APIClient()
    api.force_authenticate(lab_host)

    assert ids(api.get(url("list"))) == shown
    assert ids(api.get(url("list"), {"status": "proposed"})) == set()
    assert ids(api.get(url("list"), {"lab": other_lab_host.lab.pk})) == set()


SECRETS = {
    "passport_number": "PASSPORT-XK-77310",
    "medical_notes": "MEDICAL-asthma-inhaler-55210",
    "dietary_requirements": "DIETARY-no-peanuts-88120",
    "emergency_contact_name": "EMERGENCY-Keiko-Okada-33440",
    "emergency_contact_phone": "+81 90 5555 0199",
    "email": "secret-student-99110@example.jp",
    "phone": "+81 96 777 1234",
    "arrival_details": "ARRIVAL-LH-4711-FRA",
}
# How the secrets could appear in a response: as given, and phone numbers in E.164 too.
SECRET_TEXTS = [*SECRETS.values(), "+819055550199", "55550199", "+81967771234", "7771234",
                "2008-05-01"]  # fmt: skip


@pytest.fixture
def secretive(season, organiser, lab_host, placement_in):
    """A student offered to the lab host's lab whose private data are unmistakable strings, with
    every kind of document."""
    nomination = NominationFactory(
        season=season, status=Nomination.Status.ACCEPTED, interests=["biology", "physics"],
        **SECRETS,
    )  # fmt: skip
    attach_documents(nomination, kinds=[kind for kind, _ in Document.Kind.choices])
    return placement_in(Status.OFFERED, nomination=nomination)


def test_a_lab_host_sees_only_the_allow_listed_profile_and_the_cv_and_motivation_letter(
    secretive, lab_host
):
    api = APIClient()
    api.force_authenticate(lab_host)

    student = api.get(url("detail", secretive.pk)).json()["student"]

    assert set(student) == {*LAB_HOST_FIELDS, "documents"}
    assert student["research_interests"] == ["biology", "physics"]
    assert {doc["kind"] for doc in student["documents"]} == {"cv", "motivation_letter"}
    for doc in student["documents"]:
        assert api.get(doc["download_url"]).status_code == 200


def test_the_office_sees_the_whole_student(secretive, organiser):
    api = APIClient()
    api.force_authenticate(organiser)

    student = api.get(url("detail", secretive.pk)).json()["student"]

    assert set(SENSITIVE_FIELDS) <= set(student)
    assert student["passport_number"] == SECRETS["passport_number"]


def test_no_private_data_appear_in_any_response_a_lab_host_gets(secretive, lab_host):
    api = APIClient()
    api.force_authenticate(lab_host)
    nomination_id = secretive.nomination_id
    transcript = secretive.nomination.documents.get(kind="transcript")
    responses = {
        "placements": api.get(url("list")),
        "placement": api.get(url("detail", secretive.pk)),
        "filtered": api.get(url("list"), {"search": "Aiko", "status": "offered"}),
        "nominations": api.get("/api/v1/nominations/"),
        "nomination": api.get(f"/api/v1/nominations/{nomination_id}/"),
        "documents": api.get(f"/api/v1/nominations/{nomination_id}/documents/"),
        "history": api.get(f"/api/v1/nominations/{nomination_id}/history/"),
        "transcript": api.get(
            f"/api/v1/nominations/{nomination_id}/documents/{transcript.pk}/download/"
        ),
        "accept": api.post(url("accept", secretive.pk), {"comment": "Welcome."}),
    }
    responses["after accepting"] = api.get(url("detail", secretive.pk))

    assert responses["transcript"].status_code == 404
    for name, response in responses.items():
        assert response.status_code in {200, 403, 404}, name
        text = response.content.decode()
        leaked = [secret for secret in SECRET_TEXTS if secret in text]
        assert leaked == [], f"{name} shows {leaked}"
        for field_name in SENSITIVE_FIELDS:
            assert f'"{field_name}"' not in text, f"{name} names {field_name}"


def test_nominations_as_a_lab_host_show_exactly_the_students_offered_to_their_lab(world, secretive):
    api = client(world, "lab_host")

    response = api.get("/api/v1/nominations/")

    assert ids(response) == {
        world.offered.nomination_id,
        world.montpellier_offered.nomination_id,
        secretive.nomination_id,
    }
    assert api.get(f"/api/v1/nominations/{world.proposed.nomination_id}/").status_code == 404
    other = world.other_lab_offered.nomination_id
    assert api.get(f"/api/v1/nominations/{other}/documents/").status_code == 404


def test_a_declined_student_stays_visible_to_the_lab_that_declined(world):
    api = client(world, "lab_host")
    api.post(url("decline", world.offered.pk), {"comment": "No bench free."})

    assert world.offered.pk in ids(api.get(url("list")))
    nominations = ids(api.get("/api/v1/nominations/"))
    assert world.offered.nomination_id in nominations


# --- rule violations and bad input ------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "placement", "expected"),
    [
        ("organiser", "proposed", ["offer", "cancel"]),
        ("organiser", "offered", ["accept", "decline", "cancel"]),
        ("lab_host", "offered", ["accept", "decline"]),
        ("coordinator", "offered", []),
    ],
)
def test_a_placement_lists_the_actions_its_reader_may_take_now(world, role, placement, expected):
    pk = getattr(world, placement).pk

    assert client(world, role).get(url("detail", pk)).json()["actions"] == expected


def test_accepting_beyond_the_labs_capacity_is_a_conflict_with_a_clear_message(world, placement_in):
    world.lab.capacity = 1
    world.lab.save()
    placement_in(Status.ACCEPTED, lab=world.lab)

    response = client(world, "lab_host").post(url("accept", world.offered.pk))

    assert response.status_code == 409
    assert response.json() == {
        "detail": f"{world.lab.name} is full: it has accepted 1 of 1 students for 2027."
    }
    world.offered.refresh_from_db()
    assert world.offered.status == Status.OFFERED


def test_an_illegal_transition_is_a_conflict_naming_the_status(world):
    response = client(world, "organiser").post(url("accept", world.proposed.pk))

    assert response.status_code == 409
    assert response.json() == {"detail": "A proposed placement cannot be accepted."}


def test_answering_twice_is_a_conflict(world):
    api = client(world, "lab_host")
    api.post(url("accept", world.offered.pk))

    response = api.post(url("decline", world.offered.pk))

    assert response.status_code == 409


def test_placing_a_student_twice_or_one_not_accepted_is_refused_naming_the_rule(
    world, accepted_student
):
    api = client(world, "organiser")
    draft = accepted_student(status=Nomination.Status.SUBMITTED)

    twice = api.post(url("list"), {"nomination": world.offered.nomination_id,
                                   "lab": world.other_lab.pk}, format="json")  # fmt: skip
    not_accepted = api.post(url("list"), {"nomination": draft.pk, "lab": world.lab.pk})

    assert twice.status_code in {400, 409}  # the model's constraint, or the service's rule
    assert "already has an active placement" in str(twice.json())
    assert not_accepted.status_code == 409
    assert "Only accepted or confirmed students" in not_accepted.json()["detail"]


def test_changing_the_lab_of_an_offer_is_a_conflict(world):
    response = client(world, "organiser").patch(
        url("detail", world.offered.pk), {"lab": world.other_lab.pk}, format="json"
    )

    assert response.status_code == 409


@pytest.mark.parametrize(
    ("payload", "field_name"),
    [
        ({}, "nomination"),
        ({"lab": "__lab__"}, "nomination"),
        ({"nomination": "__student__"}, "lab"),
        ({"nomination": 999_999, "lab": "__lab__"}, "nomination"),
        ({"nomination": "abc", "lab": "__lab__"}, "nomination"),
        ({"nomination": {"id": 1}, "lab": "__lab__"}, "nomination"),
        ({"nomination": "__student__", "lab": "x"}, "lab"),
        ({"nomination": "__student__", "lab": 999_999}, "lab"),
        ({"nomination": "__student__", "lab": "__lab__", "starts_on": "17.07.2027"}, "starts_on"),
        ({"nomination": "__student__", "lab": "__lab__", "starts_on": "2027-07-01"}, "starts_on"),
        ({"nomination": "__student__", "lab": "__lab__", "ends_on": "2027-09-01"}, "ends_on"),
        (
            {
                "nomination": "__student__",
                "lab": "__lab__",
                "starts_on": "2027-08-01",
                "ends_on": "2027-07-20",
            },
            "ends_on",
        ),
        ({"nomination": "__student__", "lab": "__lab__", "comment": "x" * 2001}, "comment"),
        ({"nomination": "__student__", "lab": "__lab__", "comment": "nul\x00byte"}, "comment"),
    ],
)
def test_bad_input_when_proposing_is_a_400_naming_the_field(
    world, accepted_student, payload, field_name
):
    student = accepted_student()
    stand_ins = {"__student__": student.pk, "__lab__": world.lab.pk}
    payload = {key: stand_ins.get(value, value) if isinstance(value, str) else value
               for key, value in payload.items()}  # fmt: skip

    response = client(world, "organiser").post(url("list"), payload, format="json")

    assert response.status_code == 400
    assert field_name in response.json()
    assert not student.placements.exists()


@pytest.mark.parametrize(
    ("payload", "field_name"),
    [
        ({"lab": "abc"}, "lab"),
        ({"starts_on": "tomorrow"}, "starts_on"),
        ({"ends_on": "2027-06-30"}, "ends_on"),
        ({"comment": ["a", "list"]}, "comment"),
    ],
)
def test_bad_input_when_changing_is_a_400_naming_the_field(world, payload, field_name):
    response = client(world, "organiser").patch(
        url("detail", world.offered.pk), payload, format="json"
    )

    assert response.status_code == 400
    assert field_name in response.json()


@pytest.mark.parametrize("action", ["offer", "accept", "decline", "cancel"])
@pytest.mark.parametrize("comment", [["a", "list"], "x" * 2001, "nul\x00byte"])
def test_a_bad_comment_on_a_transition_is_a_400(world, action, comment):
    placement = world.proposed if action == "offer" else world.offered

    response = client(world, "organiser").post(
        url(action, placement.pk), {"comment": comment}, format="json"
    )

    assert response.status_code == 400
    assert "comment" in response.json()


@pytest.mark.parametrize("name", ["match", "offer-all"])
@pytest.mark.parametrize("payload", [{}, {"season": "abc"}, {"season": 999_999},
                                     {"season": [1]}, {"season": None}])  # fmt: skip
def test_a_season_action_without_a_valid_season_is_a_400_naming_it(world, name, payload):
    response = client(world, "organiser").post(url(name), payload, format="json")

    assert response.status_code == 400
    assert "season" in response.json()


def test_malformed_json_is_a_400(world):
    response = client(world, "organiser").post(
        url("match"), "{season:", content_type="application/json"
    )

    assert response.status_code == 400


@pytest.mark.parametrize(
    "query",
    [{"season": "abc"}, {"status": "bogus"}, {"lab": "abc"}, {"nomination": "x"},
     {"ordering": "passport_number"}, {"page": "abc"}, {"page_size": "-1"}, {"search": "\x00"}],
)  # fmt: skip
def test_bad_list_parameters_never_cause_a_500(world, query):
    for role in ["organiser", "coordinator", "lab_host"]:
        response = client(world, role).get(url("list"), query)

        assert response.status_code in {200, 400, 404}, (role, query)
        if response.status_code == 400 and isinstance(response.json(), dict):
            assert set(response.json()) <= set(query)


def test_an_unknown_placement_is_a_404(world):
    api = client(world, "organiser")

    assert api.get(url("detail", 999_999)).status_code == 404
    assert api.post(url("accept", 999_999)).status_code == 404


# --- the match endpoint -----------------------------------------------------------------------


def test_the_match_endpoint_answers_how_many_were_proposed_and_who_is_unmatched_and_why(
    world, accepted_student
):
    placed = accepted_student(interests=["biology"])
    no_interests = accepted_student(interests=[])

    response = client(world, "organiser").post(
        url("match"), {"season": world.season.pk}, format="json"
    )

    assert response.status_code == 200
    assert response.json() == {
        "proposed": 2,  # and the world's earlier proposal again
        "unmatched": [no_interests.pk],
        "reasons": {str(no_interests.pk): "The student has no research interests."},
    }
    assert placed.placements.get().status == Status.PROPOSED


def bulk_students(season, count: int, start: int) -> None:
    """Accepted Kumamoto students interested in biology, then chemistry, written in bulk."""
    kumamoto = City.objects.get(slug="kumamoto")
    students = Nomination.objects.bulk_create(
        Nomination(
            season=season, city=kumamoto, status=Nomination.Status.ACCEPTED, rank=n,
            given_name="Student", family_name=f"No. {n}", email=f"bulk{n}@example.jp",
            english_level="B2",
        )
        for n in range(start, start + count)
    )  # fmt: skip
    biology = ResearchField.objects.get(slug="biology")
    chemistry = ResearchField.objects.get(slug="chemistry")
    ResearchInterest.objects.bulk_create(
        ResearchInterest(nomination=student, field=field, rank=rank)
        for student in students
        for rank, field in [(1, biology), (2, chemistry)]
    )


def queries_of_a_match(api, season) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = api.post(url("match"), {"season": season.pk}, format="json")
    assert response.status_code == 200
    return len(queries)


def test_the_match_endpoints_queries_do_not_grow_with_the_number_of_students(organiser):
    small, large = SeasonFactory(year=2030), SeasonFactory(year=2031)
    bulk_students(small, 20, start=0)
    bulk_students(large, 200, start=1000)
    for _ in range(30):
        LabFactory(capacity=5, fields=[ResearchField.objects.get(slug="biology")])
    api = APIClient()
    api.force_authenticate(organiser)

    first = queries_of_a_match(api, small), queries_of_a_match(api, large)
    rerun = queries_of_a_match(api, small), queries_of_a_match(api, large)

    assert Placement.objects.filter(nomination__season=large).count() == 150
    assert first[0] == first[1]
    assert rerun[0] == rerun[1]  # replacing the earlier proposals too


# --- query counts of the list -----------------------------------------------------------------


def bulk_placements(season, lab, count: int) -> None:
    bulk_students(season, count, start=Nomination.objects.count() + 10_000)
    students = Nomination.objects.filter(season=season).exclude(placements__isnull=False)
    Placement.objects.bulk_create(
        Placement(nomination=student, lab=lab, status=Status.OFFERED,
                  starts_on=dt.date(2027, 7, 17), ends_on=dt.date(2027, 8, 13))
        for student in students
    )  # fmt: skip
    for student in students:
        attach_documents(student, kinds=[Document.Kind.CV])


@pytest.mark.parametrize("role", ["organiser", "coordinator", "lab_host"])
def test_the_lists_queries_are_the_same_for_10_and_200_placements(season, lab_host, role):
    users = {
        "organiser": OrganiserFactory(username="office"),
        "coordinator": CoordinatorFactory(username="kumamoto"),
        "lab_host": lab_host,
    }
    lab_host.lab.capacity = 50
    lab_host.lab.save()
    api = APIClient()
    api.force_authenticate(users[role])
    counts = []
    for wanted in (10, 200):
        bulk_placements(season, lab_host.lab, wanted - Placement.objects.count())
        with CaptureQueriesContext(connection) as queries:
            response = api.get(url("list"), {"page_size": 500})
        assert response.status_code == 200
        assert response.json()["count"] == wanted
        counts.append(len(queries))

    assert counts[0] == counts[1]
