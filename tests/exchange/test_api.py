"""The NYSF exchange API: organisers only on every endpoint, filters, the travel and checklist
update, decisions answered with 409 when illegal, scores, document downloads, flat query counts."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ish.exchange import checklist, services
from ish.exchange.models import Application, OutboundProgramme, Score
from tests.factories import (
    PDF_BYTES,
    ApplicationFactory,
    OrganiserFactory,
    SchoolFactory,
    SeasonFactory,
)

pytestmark = pytest.mark.django_db

Status = Application.Status
LIST = "/api/v1/exchange-applications/"
ACTIONS = ["shortlist", "select", "reserve", "reject", "confirm", "withdraw"]


def url(application: Application, suffix: str = "") -> str:
    return f"{LIST}{application.pk}/{suffix}"


def ids(response) -> set[int]:
    return {row["id"] for row in response.json()["results"]}


@pytest.fixture
def application(application_in):
    return application_in(Status.SHORTLISTED, documents=["cv"])


def every_endpoint(application: Application) -> list[tuple[str, str, dict]]:
    document = application.documents.get()
    return [
        ("get", LIST, {}),
        ("get", url(application), {}),
        ("patch", url(application), {"nysf_session": "A"}),
        ("put", url(application), {"nysf_session": "A"}),
        *[("post", url(application, f"{name}/"), {}) for name in ACTIONS],
        ("post", url(application, "score/"), {"points": 5}),
        ("get", url(application, f"documents/{document.pk}/download/"), {}),
    ]


# --- who may ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "expected"), [("coordinator", 403), ("lab_host", 403), ("anonymous", 401)]
)
def test_only_organisers_reach_any_endpoint(api_as, application, role, expected):
    client = api_as(role)

    for method, path, body in every_endpoint(application):
        response = getattr(client, method)(path, body, format="json")
        assert response.status_code == expected, (method, path)

    application.refresh_from_db()
    assert application.status == Status.SHORTLISTED
    assert application.nysf_session == ""
    assert not Score.objects.exists()


def test_the_organiser_reaches_every_endpoint(api_as, application):
    client = api_as("organiser")

    assert client.get(LIST).status_code == 200
    assert client.get(url(application)).status_code == 200
    assert client.post(url(application, "score/"), {"points": 5}, format="json").status_code == 200
    document = application.documents.get()
    assert client.get(url(application, f"documents/{document.pk}/download/")).status_code == 200


def test_there_is_no_create_or_delete_through_the_api(api_as, application):
    client = api_as("organiser")

    assert client.post(LIST, {"given_name": "X"}, format="json").status_code == 405
    assert client.delete(url(application)).status_code == 405
    assert Application.objects.filter(pk=application.pk).exists()


def test_an_unknown_application_is_404(api_as):
    assert api_as("organiser").get(f"{LIST}999999/").status_code == 404


# --- the representation and filters ----------------------------------------------------------


def test_an_application_shows_the_contract_fields(api_as, application, organiser):
    services.score(application, reviewer=organiser, points=7, comment="Good.")

    row = api_as("organiser").get(url(application)).json()

    for field in [
        "id", "season", "given_name", "family_name", "date_of_birth", "email", "school",
        "graduation_year", "motivation", "score", "status", "nysf_session", "departure_on",
        "return_on", "checklist",
    ]:  # fmt: skip
        assert field in row
    assert row["score"] == 7
    assert row["scores"] == [{"reviewer": "organiser", "points": 7, "comment": "Good."}]
    assert row["status"] == "shortlisted"
    assert row["school"] == application.school_id
    assert row["school_name"] == application.school.name
    assert row["checklist"]["missing"] == ["passport", "visa / ETA", "travel insurance", "flights"]
    (document,) = row["documents"]
    assert document["download_url"].endswith(f"documents/{document['id']}/download/")


def test_the_list_filters_by_season_status_gender_school_and_search(api_as, application_in):
    lea = application_in(Status.SUBMITTED, given_name="Lea", school__name="Bunsen-Gymnasium")
    paul = application_in(Status.SELECTED, given_name="Paul", gender="male")
    mia = application_in(Status.RESERVE, given_name="Mia")
    old = ApplicationFactory(season=SeasonFactory(year=2026), given_name="Old")
    client = api_as("organiser")

    def listed(**query) -> set[int]:
        response = client.get(LIST, query)
        assert response.status_code == 200
        return ids(response)

    assert listed() == {lea.pk, paul.pk, mia.pk, old.pk}
    assert listed(season=old.season_id) == {old.pk}
    assert listed(status="selected") == {paul.pk}
    assert client.get(f"{LIST}?status=selected&status=reserve").status_code == 200
    assert ids(client.get(f"{LIST}?status=selected&status=reserve")) == {paul.pk, mia.pk}
    assert listed(gender="male") == {paul.pk}
    assert listed(school=lea.school_id) == {lea.pk}
    assert listed(school_name="bunsen") == {lea.pk}
    assert listed(search="Mia") == {mia.pk}


def test_the_list_sorts_by_score(api_as, application_in, organiser):
    low, high = application_in(Status.SUBMITTED), application_in(Status.SUBMITTED)
    services.score(low, reviewer=organiser, points=2)
    services.score(high, reviewer=organiser, points=9)
    client = api_as("organiser")

    best_first = [row["id"] for row in client.get(LIST).json()["results"]]
    worst_first = [row["id"] for row in client.get(LIST, {"ordering": "score"}).json()["results"]]

    assert best_first == [high.pk, low.pk]
    assert worst_first == [low.pk, high.pk]


@pytest.mark.parametrize(
    "query",
    [
        "status=nonsense",
        "season=abc",
        "gender=robot",
        "school=bunsen",
        "school=999999",
        "ordering=password",
        "page=999",
    ],
)
def test_bad_list_queries_get_400_or_404_never_500(api_as, application, query):
    response = api_as("organiser").get(f"{LIST}?{query}")

    assert response.status_code in {200, 400, 404}


# --- travel and checklist --------------------------------------------------------------------


def test_patch_sets_the_session_dates_and_checklist(api_as, application_in):
    selected = application_in(Status.SELECTED)

    response = api_as("organiser").patch(
        url(selected),
        {
            "nysf_session": "Year 12 Program, Canberra (Session A)",
            "departure_on": "2028-01-06",
            "return_on": "2028-01-22",
            "interview_notes": "Calm and curious.",
            "checklist": {"visa_done_on": "2027-10-01", "passport_expires_on": "2028-07-21"},
        },
        format="json",
    )

    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["departure_on"] == "2028-01-06"
    assert body["checklist"]["visa_done_on"] == "2027-10-01"
    assert body["checklist"]["missing"] == [
        "a passport valid six months after the return",
        "travel insurance",
        "flights",
    ]
    selected.refresh_from_db()
    assert selected.nysf_session == "Year 12 Program, Canberra (Session A)"
    assert selected.visa_done_on == dt.date(2027, 10, 1)
    assert selected.interview_notes == "Calm and curious."


def test_patch_clears_a_checklist_item(api_as, application_in, organiser):
    selected = application_in(Status.SELECTED)
    checklist.update_travel(selected, actor=organiser, flights_done_on=dt.date(2027, 10, 1))

    response = api_as("organiser").patch(
        url(selected), {"checklist": {"flights_done_on": None}}, format="json"
    )

    assert response.status_code == 200
    selected.refresh_from_db()
    assert selected.flights_done_on is None


def test_patch_refuses_a_return_before_the_departure_on_its_field(api_as, application_in):
    selected = application_in(Status.SELECTED)

    response = api_as("organiser").patch(
        url(selected), {"departure_on": "2028-01-06", "return_on": "2028-01-02"}, format="json"
    )

    assert response.status_code == 400
    assert response.json() == {"return_on": ["The return must be after the departure."]}
    selected.refresh_from_db()
    assert selected.departure_on is None


@pytest.mark.parametrize(
    "body",
    [
        {"departure_on": "next tuesday"},
        {"checklist": {"visa_done_on": "2027-13-45"}},
        {"checklist": "all done"},
        {"nysf_session": "x" * 500},
    ],
)
def test_patch_with_bad_values_gets_400(api_as, application_in, body):
    selected = application_in(Status.SELECTED)

    response = api_as("organiser").patch(url(selected), body, format="json")

    assert response.status_code == 400


def test_patch_cannot_change_the_status_score_school_or_personal_data(api_as, application):
    other_school = SchoolFactory()

    response = api_as("organiser").patch(
        url(application),
        {
            "status": "confirmed",
            "score": 99,
            "email": "other@example.de",
            "given_name": "X",
            "school": other_school.pk,
            "school_name": "Elsewhere",
        },
        format="json",
    )

    assert response.status_code == 200
    application.refresh_from_db()
    assert (application.status, application.score) == (Status.SHORTLISTED, 0)
    assert application.given_name != "X"
    assert application.school != other_school


# --- decisions and scores --------------------------------------------------------------------


def test_the_actions_take_the_application_through_the_workflow(api_as, application):
    client = api_as("organiser")

    selected = client.post(
        url(application, "select/"), {"comment": "Congratulations!"}, format="json"
    )
    confirmed = client.post(url(application, "confirm/"), format="json")

    assert selected.status_code == 200
    assert selected.json()["status"] == "selected"
    assert confirmed.json()["status"] == "confirmed"
    assert application.changes.filter(action="select", comment="Congratulations!").exists()


def test_an_illegal_transition_is_409_with_the_rule(api_as, application_in):
    submitted = application_in(Status.SUBMITTED)

    response = api_as("organiser").post(url(submitted, "confirm/"), format="json")

    assert response.status_code == 409
    assert response.json() == {
        "detail": "An application with the status “submitted” cannot move to “confirmed”."
    }


@pytest.mark.parametrize(
    ("status", "action"), [("submitted", "shortlist"), ("shortlisted", "select")]
)
def test_moving_on_without_the_schools_confirmation_is_409_with_the_rule(
    api_as, application_in, status, action
):
    unconfirmed = application_in(status)
    Application.objects.filter(pk=unconfirmed.pk).update(nominator_confirmed_at=None)

    response = api_as("organiser").post(url(unconfirmed, f"{action}/"), format="json")

    assert response.status_code == 409
    assert "the school has not confirmed the nomination yet" in response.json()["detail"]
    unconfirmed.refresh_from_db()
    assert unconfirmed.status == status


def test_selecting_beyond_the_places_is_409(api_as, application_in):
    OutboundProgramme.objects.filter(pk=OutboundProgramme.nysf().pk).update(places=1)
    application_in(Status.SELECTED)
    shortlisted = application_in(Status.SHORTLISTED)

    response = api_as("organiser").post(url(shortlisted, "select/"), format="json")

    assert response.status_code == 409
    assert "All 1 NYSF places are taken" in response.json()["detail"]


def test_scores_of_two_reviewers_add_up(api_as, application):
    second = OrganiserFactory(username="panel")
    api_as("organiser").post(url(application, "score/"), {"points": 6}, format="json")
    client = api_as("organiser")
    client.force_authenticate(second)

    response = client.post(
        url(application, "score/"), {"points": 9, "comment": "Yes!"}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["score"] == 15
    assert len(response.json()["scores"]) == 2


@pytest.mark.parametrize("points", [-1, 11, "many", None])
def test_a_score_out_of_range_is_400_on_points(api_as, application, points):
    response = api_as("organiser").post(
        url(application, "score/"), {"points": points}, format="json"
    )

    assert response.status_code == 400
    assert "points" in response.json()
    assert not Score.objects.exists()


# --- documents -------------------------------------------------------------------------------


def test_a_document_downloads_as_an_attachment(api_as, application):
    document = application.documents.get()

    response = api_as("organiser").get(url(application, f"documents/{document.pk}/download/"))

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content) == PDF_BYTES


def test_a_document_of_another_application_is_404(api_as, application, application_in):
    other = application_in(Status.SUBMITTED)
    document = application.documents.get()

    response = api_as("organiser").get(url(other, f"documents/{document.pk}/download/"))

    assert response.status_code == 404


# --- query counts ----------------------------------------------------------------------------


def grow(season, rows: int, reviewers) -> None:
    """Applications with a document and a score by each reviewer, until there are `rows`."""
    ApplicationFactory.create_in_bulk(
        ({"season": season} for _ in range(Application.objects.count(), rows)),
        documents=["cv"],
        scored_by=reviewers,
    )


def test_the_list_takes_the_same_queries_for_10_and_for_200_applications(
    api_as, open_season, organiser
):
    reviewers = [organiser, OrganiserFactory(username="panel")]
    client = api_as("organiser")
    counts = {}
    for rows in (10, 200):
        grow(open_season, rows, reviewers)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(LIST, {"page_size": 500})
        assert response.status_code == 200
        assert response.json()["count"] == rows
        counts[rows] = len(queries)

    assert counts[10] == counts[200]
    assert counts[200] <= 5


# --- a programme's own checklist --------------------------------------------------------------

PERMIT, MEDICAL = "Israeli entry permit (ETA-IL)", "Weizmann medical form"


@pytest.fixture
def issi_selected(application_in, issi):
    return application_in(Status.SELECTED, programme=issi)


def test_the_organiser_ticks_a_programmes_own_items(api_as, issi_selected, organiser):
    checklist.update_travel(issi_selected, actor=organiser, ticks={MEDICAL: dt.date(2027, 5, 2)})

    response = api_as("organiser").patch(
        url(issi_selected),
        {"checklist": {"done": {PERMIT: "2027-05-10", MEDICAL: None}}},
        format="json",
    )

    assert response.status_code == 200, response.json()
    body = response.json()["checklist"]
    assert body["items"] == [
        {"text": PERMIT, "done_on": "2027-05-10"},
        {"text": MEDICAL, "done_on": None},
    ]
    assert body["missing"] == [MEDICAL]
    assert "done" not in body  # written only; `items` reads it
    issi_selected.refresh_from_db()
    assert issi_selected.checklist_done == {PERMIT: "2027-05-10"}


def test_the_nysfs_columns_and_own_items_are_written_side_by_side(
    api_as, application_in, organiser
):
    nysf = OutboundProgramme.nysf()
    nysf.checklist = [*nysf.checklist, {"text": "Travel buddy named"}]
    nysf.save(update_fields=["checklist"])
    selected = application_in(Status.SELECTED)

    response = api_as("organiser").patch(
        url(selected),
        {"checklist": {"visa_done_on": "2027-10-01", "done": {"Travel buddy named": "2027-10-02"}}},
        format="json",
    )

    assert response.status_code == 200, response.json()
    selected.refresh_from_db()
    assert selected.visa_done_on == dt.date(2027, 10, 1)
    assert selected.checklist_done == {"Travel buddy named": "2027-10-02"}


@pytest.mark.parametrize(
    ("done", "message"),
    [
        (
            {"Flights booked": "2027-05-10"},
            "“Flights booked” is not an item of the ISSI checklist.",
        ),
        ({PERMIT: "someday"}, "Date has wrong format."),
    ],
)
def test_a_wrong_item_or_date_of_a_programme_is_400_naming_the_field(
    api_as, issi_selected, done, message
):
    response = api_as("organiser").patch(
        url(issi_selected), {"checklist": {"done": done}}, format="json"
    )

    assert response.status_code == 400
    assert message in str(response.json()["checklist"]["done"])
    issi_selected.refresh_from_db()
    assert issi_selected.checklist_done == {}


def test_an_nysf_column_written_as_an_own_item_is_400_naming_its_field(api_as, application_in):
    selected = application_in(Status.SELECTED)

    response = api_as("organiser").patch(
        url(selected), {"checklist": {"done": {"Visa / ETA granted": "2027-10-01"}}}, format="json"
    )

    assert response.status_code == 400
    assert response.json() == {
        "checklist": {"done": ["“Visa / ETA granted” is written in the field visa_done_on."]}
    }
    selected.refresh_from_db()
    assert (selected.visa_done_on, selected.checklist_done) == (None, {})


@pytest.mark.parametrize(
    ("role", "expected"), [("coordinator", 403), ("lab_host", 403), ("anonymous", 401)]
)
def test_only_organisers_tick_a_programmes_own_items(api_as, issi_selected, role, expected):
    response = api_as(role).patch(
        url(issi_selected), {"checklist": {"done": {PERMIT: "2027-05-10"}}}, format="json"
    )

    assert response.status_code == expected
    issi_selected.refresh_from_db()
    assert issi_selected.checklist_done == {}
