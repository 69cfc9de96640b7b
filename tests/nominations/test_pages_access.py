"""Who may open and post to each nominations page, and that no post, however odd, causes a server
error."""

import pytest
from django.urls import reverse

from ish.nominations.models import Nomination
from tests.factories import NominationFactory
from tests.nominations.page_requests import LIST, RANK, pdf, url_name

# Every test runs on 1 February 2027, before the deadline, with Kumamoto's quota of 2 + 1.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("before_the_deadline", "quota")]

Status = Nomination.Status


LOGIN = reverse("login")
ROLES = ["organiser", "coordinator", "other_city", "lab_host", "anonymous"]


# --- who may open what -----------------------------------------------------------------------

CITY_PAGES = ["list", "create", "import", "import_template"]
OBJECT_PAGES = ["detail", "edit", "document"]
EXPECTED_STATUS = {
    "organiser": 200,
    "coordinator": 200,
    "lab_host": 403,
}


def url_of(name: str, nomination: Nomination) -> str:
    if name == "document":
        document = nomination.documents.first()
        return reverse("nominations:document_download", args=[nomination.pk, document.pk])
    if name in OBJECT_PAGES:
        return reverse(url_name(name), args=[nomination.pk])
    return reverse(url_name(name)) + f"?season={nomination.season_id}"


@pytest.mark.parametrize("name", CITY_PAGES + OBJECT_PAGES)
@pytest.mark.parametrize("role", ROLES)
def test_each_page_admits_organisers_and_the_citys_coordinator_only(client_for, draft, name, role):
    url = url_of(name, draft)

    response = client_for(role).get(url)

    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(f"{LOGIN}?next=")
    elif role == "other_city":
        # Their own city's list, form and import; never Kumamoto's student.
        assert response.status_code == (404 if name in OBJECT_PAGES else 200)
    else:
        assert response.status_code == EXPECTED_STATUS[role]


OBJECT_POSTS = ["action", "document_upload", "delete"]


def post_of(name: str, draft: Nomination) -> tuple[str, dict]:
    """The page a form posts to and a body that would change `draft` if it were allowed: the
    ranking puts it after a second Kumamoto nomination."""
    if name == "rank":
        second = NominationFactory(season=draft.season, email="second@example.jp")
        return RANK, {"season": draft.season_id, "order": f"{second.pk},{draft.pk}"}
    body = {"action": "withdraw", "kind": "cv", "file": pdf()}
    return reverse(url_name(name), args=[draft.pk]), body


def unchanged(draft: Nomination) -> None:
    fresh = Nomination.objects.get(pk=draft.pk)
    assert (fresh.status, fresh.rank) == (Status.DRAFT, draft.rank)
    assert fresh.documents.count() == 3


@pytest.mark.parametrize(
    ("name", "role", "expected"),
    [(name, "other_city", 404) for name in OBJECT_POSTS]
    + [(name, "lab_host", 403) for name in [*OBJECT_POSTS, "rank"]],
)
def test_posts_about_another_citys_student_change_nothing(client_for, draft, name, role, expected):
    url, body = post_of(name, draft)

    response = client_for(role).post(url, body)

    assert response.status_code == expected
    unchanged(draft)


@pytest.mark.parametrize("name", [*OBJECT_POSTS, "rank"])
def test_anonymous_posts_are_sent_to_the_login_page(client, draft, name):
    url, body = post_of(name, draft)

    response = client.post(url, body)

    assert response.status_code == 302
    assert response["Location"].startswith(f"{LOGIN}?next=")
    unchanged(draft)


def test_another_citys_coordinator_cannot_reorder_kumamoto(client_for, season, quota):
    first, second = NominationFactory.create_batch(2, season=season)

    client_for("other_city").post(RANK, {"season": season.pk, "move": second.pk, "direction": "up"})
    client_for("other_city").post(RANK, {"season": season.pk, "order": f"{second.pk},{first.pk}"})

    assert list(Nomination.objects.order_by("rank").values_list("pk", flat=True)) == [
        first.pk,
        second.pk,
    ]


def test_the_navigation_offers_nominations_to_organisers_and_coordinators(client_for, season):
    for role, shown in [("organiser", True), ("coordinator", True), ("lab_host", False)]:
        html = client_for(role).get(reverse("portal:dashboard")).content.decode()
        assert (f'href="{LIST}"' in html) is shown, role


# --- odd posts ------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["organiser", "coordinator"])
@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("create", {"given_name": "x" * 500, "date_of_birth": "31.02.2008", "interest_1": "abc"}),
        ("create", {"season": "abc", "city": "nowhere", "graduation_year": "-1"}),
        ("edit", {"phone": "not a phone", "nationality": "XX", "english_level": "Z9"}),
        ("rank", {"season": "abc", "order": "1,x,3"}),
        ("rank", {"move": "abc", "direction": "sideways"}),
        ("rank", {"order": "9999999999999999999999"}),
        ("import", {"file": "not a file", "city": "abc"}),
        ("document_upload", {"kind": "cv", "file": "not a file"}),
        ("document_upload", {"kind": ["cv", "transcript"]}),
    ],
)
def test_garbage_posts_never_cause_a_server_error(client_for, draft, role, name, data):
    url = (
        reverse(url_name(name), args=[draft.pk])
        if name in {"edit", "document_upload"}
        else reverse(url_name(name))
    )

    response = client_for(role).post(url, data)

    assert response.status_code < 500
