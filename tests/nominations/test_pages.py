"""The nominations pages through Django's test client: who may open what, the forms and their
errors, uploads, ranking, every action button, the Excel import, and flat query counts."""

import datetime as dt
import io
import re

import openpyxl
import pytest
import time_machine
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ish.accounts.models import User
from ish.demo.season import load_demo_season
from ish.nominations import spreadsheet
from ish.nominations.models import Document, Nomination, ResearchInterest
from ish.notifications.models import OutboundEmail
from ish.seasons.models import City, ResearchField
from tests.factories import (
    BERLIN,
    PDF_BYTES,
    PNG_BYTES,
    CityFactory,
    DocumentFactory,
    NominationFactory,
    QuotaFactory,
    SeasonFactory,
    complete_nomination,
)
from tests.portal.page_reader import page as parse

# Every test runs on 1 February 2027, before the deadline, with Kumamoto's quota of 2 + 1.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("before_the_deadline", "quota")]

Status = Nomination.Status
LIST = reverse("nominations:list")
CREATE = reverse("nominations:create")
IMPORT = reverse("nominations:import")
RANK = reverse("nominations:rank")
LOGIN = reverse("login")
AFTER_THE_DEADLINE = dt.datetime(2027, 4, 2, 10, 0, tzinfo=BERLIN)
ROLES = ["organiser", "coordinator", "other_city", "lab_host", "anonymous"]


@pytest.fixture
def client_for(user_of, other_coordinator):
    """A signed-in client per role; `other_city` is Montpellier's coordinator."""

    def sign_in(role: str) -> Client:
        client = Client()
        user = other_coordinator if role == "other_city" else user_of(role)
        if user is not None:
            client.force_login(user)
        return client

    return sign_in


@pytest.fixture
def draft(season, quota):
    """A complete draft of Kumamoto with its CV, motivation letter and transcript."""
    return complete_nomination(season=season, given_name="Aiko", family_name="Tanaka")


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def error_on(response, field: str) -> str:
    """The error text shown beside a form field (django-bootstrap5's `id_<field>_error`)."""
    html = response.content.decode()
    match = re.search(rf'<div id="id_{field}_error"[^>]*>(.*?)</div>\s*</div>', html, re.S)
    assert match, f"no error shown beside {field}"
    assert re.search(rf'<[^>]+aria-invalid="true"[^>]*id="id_{field}"', html)
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(1)).split())


def pdf(name: str = "cv.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def form_data(**changes) -> dict:
    data = {
        "given_name": "Yui",
        "family_name": "Nakamura",
        "date_of_birth": "2008-06-01",
        "gender": "female",
        "email": "yui@example.jp",
        "phone": "+81 96 123 4567",
        "nationality": "JP",
        "language": "en",
        "school": "Kumamoto High School",
        "graduation_year": "2027",
        "english_level": "B2",
        "german_level": "A1",
        "interest_1": ResearchField.objects.get(slug="chemistry").pk,
        "interest_2": ResearchField.objects.get(slug="biology").pk,
        "interest_3": "",
        "motivation": "Proteins.",
        "passport_number": "TZ123",
        "dietary_requirements": "",
        "medical_notes": "",
        "allergies": "",
        "emergency_contact_name": "Mother",
        "emergency_contact_phone": "",
    }
    return data | changes


# --- who may open what -----------------------------------------------------------------------

CITY_PAGES = ["list", "create", "import", "import_template"]
OBJECT_PAGES = ["detail", "edit", "document"]
EXPECTED_STATUS = {
    "organiser": 200,
    "coordinator": 200,
    "lab_host": 403,
}


# The pages that change a student's lifecycle are served by ish.participants.
URL_NAMES = {"edit": "participants:nomination_edit", "action": "participants:nomination_action"}


def url_name(name: str) -> str:
    return URL_NAMES.get(name, f"nominations:{name}")


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


# --- the coordinator's list ------------------------------------------------------------------


def test_the_coordinator_sees_quota_use_deadline_ranking_and_what_is_missing(
    client_for, season, quota, nomination_in, other_coordinator
):
    accepted = nomination_in(Status.ACCEPTED, given_name="Sota", family_name="Kimura")
    ready = complete_nomination(season=season, given_name="Aiko", family_name="Tanaka")
    incomplete = NominationFactory(
        season=season, given_name="Haruki", family_name="Mori", date_of_birth=None
    )
    DocumentFactory(nomination=incomplete, kind=Document.Kind.MOTIVATION_LETTER)
    NominationFactory(season=season, city=other_coordinator.city, given_name="Camille")

    response = client_for("coordinator").get(LIST)

    shown = parse(response)
    assert shown.text("quota-use").startswith("1 of 2 places + 0 of 1 alternate used")
    assert "2 more nominations can be submitted." in shown.text("quota-use")
    assert shown.text("days-left") == "58 days left"
    assert "Wednesday, 31 March 2027, 23:59" in shown.text()
    rows = [re.sub(r"\s+", " ", row) for row in shown.testids["nomination-row"]]
    text = shown.text("nomination-list")
    assert text.index("Sota Kimura") < text.index("Aiko Tanaka") < text.index("Haruki Mori")
    assert "Camille" not in shown.text()
    assert rows
    missing = shown.testids["missing"]
    assert "Complete: ready to submit." in " ".join(missing)
    assert "Missing: date of birth, CV, transcript" in " ".join(" ".join(missing).split())
    html = response.content.decode()
    assert f'data-id="{accepted.pk}"' in html
    assert 'data-status="accepted"' in html
    assert f'href="{reverse("nominations:detail", args=[ready.pk])}"' in html


def test_submitted_nominations_fill_the_places_first_then_the_alternates(
    client_for, season, quota, nomination_in
):
    for _ in range(3):
        nomination_in(Status.SUBMITTED)

    shown = parse(client_for("coordinator").get(LIST))

    assert shown.text("quota-use").startswith("2 of 2 places + 1 of 1 alternate used")
    assert "0 more nominations can be submitted." in shown.text("quota-use")


def test_a_coordinator_chooses_among_several_seasons(client_for, season, quota):
    earlier = SeasonFactory(year=2026)
    NominationFactory(season=earlier, given_name="Old", family_name="Timer")
    NominationFactory(season=season, given_name="New", family_name="Comer")

    current = parse(client_for("coordinator").get(LIST))
    chosen = parse(client_for("coordinator").get(LIST, {"season": earlier.pk}))

    assert "New Comer" in current.text()
    assert "Old Timer" not in current.text()
    assert "Old Timer" in chosen.text()
    assert "New Comer" not in chosen.text()
    assert 'name="season"' in client_for("coordinator").get(LIST).content.decode()


def test_after_the_deadline_the_list_offers_no_new_nomination_or_ranking(client_for, season, quota):
    NominationFactory.create_batch(2, season=season)

    with time_machine.travel(AFTER_THE_DEADLINE):
        response = client_for("coordinator").get(LIST)

    html = response.content.decode()
    assert parse(response).text("days-left") == "passed"
    assert f'href="{CREATE}' not in html
    assert 'name="direction"' not in html


# --- the organiser's list --------------------------------------------------------------------


@pytest.fixture
def several_cities(season, quota, nomination_in, other_coordinator):
    montpellier = other_coordinator.city
    QuotaFactory(season=season, city=montpellier)
    nomination_in(Status.SUBMITTED, given_name="Sota", family_name="Kimura")
    nomination_in(Status.ACCEPTED, given_name="Aiko", family_name="Tanaka")
    NominationFactory(season=season, city=montpellier, given_name="Camille", family_name="Laurent")
    NominationFactory(
        season=season, city=montpellier, given_name="Hugo", family_name="Martin", school="Joffre"
    )
    NominationFactory(season=SeasonFactory(year=2026), given_name="Old", family_name="Timer")


def names_in(response) -> list[str]:
    shown = parse(response)
    if "nomination-table" not in shown.rows:
        return []
    return [row[0] for row in shown.table("nomination-table")]


def test_the_organiser_sees_every_city_of_the_current_season_with_counts_per_status(
    client_for, several_cities
):
    response = client_for("organiser").get(LIST)

    assert sorted(names_in(response)) == [
        "Aiko Tanaka",
        "Camille Laurent",
        "Hugo Martin",
        "Sota Kimura",
    ]
    counts = parse(response).text("status-counts")
    assert "All 4" in counts
    assert "Draft 2" in counts
    assert "Submitted 1" in counts
    assert "Accepted 1" in counts


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"city": "montpellier"}, ["Camille Laurent", "Hugo Martin"]),
        ({"status": "submitted"}, ["Sota Kimura"]),
        ({"status": ["submitted", "accepted"]}, ["Aiko Tanaka", "Sota Kimura"]),
        ({"search": "joffre"}, ["Hugo Martin"]),
        ({"search": "tanaka"}, ["Aiko Tanaka"]),
        ({"season": ""}, ["Aiko Tanaka", "Camille Laurent", "Hugo Martin", "Old Timer",
                          "Sota Kimura"]),
    ],
)  # fmt: skip
def test_the_organiser_filters_by_season_city_status_and_search(
    client_for, several_cities, query, expected
):
    assert sorted(names_in(client_for("organiser").get(LIST, query))) == expected


def test_the_status_counts_keep_the_other_filters(client_for, several_cities):
    response = client_for("organiser").get(LIST, {"city": "montpellier", "status": "submitted"})

    counts = parse(response).text("status-counts")
    assert "All 2" in counts
    assert "Draft 2" in counts
    assert "Submitted 0" in counts
    assert names_in(response) == []


def test_the_organisers_list_is_paginated(client_for, season, quota):
    NominationFactory.create_batch(55, season=season)

    first = client_for("organiser").get(LIST)
    second = client_for("organiser").get(LIST, {"page": 2})

    assert len(names_in(first)) == 50
    assert len(names_in(second)) == 5
    assert "page=2" in first.content.decode()


@pytest.mark.parametrize("role", ["organiser", "coordinator"])
def test_the_list_needs_as_many_queries_for_200_nominations_as_for_10(
    client_for, season, quota, role, django_assert_max_num_queries
):
    montpellier = City.objects.get(slug="montpellier")

    kumamoto = quota.city
    biology = ResearchField.objects.get(slug="biology")

    def add(count: int) -> None:
        # In bulk, to keep the test fast; every nomination has an interest, every third a CV.
        start = Nomination.objects.count()
        nominations = Nomination.objects.bulk_create(
            Nomination(season=season, city=city, given_name="Student", family_name=str(number),
                       rank=number, email=f"student{number}@{city.slug}.example.org")
            for number in range(start, start + count)
            for city in (kumamoto, montpellier)
        )  # fmt: skip
        ResearchInterest.objects.bulk_create(
            ResearchInterest(nomination=nomination, field=biology, rank=1)
            for nomination in nominations
        )
        Document.objects.bulk_create(
            Document(nomination=nomination, kind="cv", file="cv.pdf", filename="cv.pdf",
                     content_type="application/pdf", size=1)
            for nomination in nominations[::3]
        )  # fmt: skip

    add(10)
    client = client_for(role)
    with CaptureQueriesContext(connection) as ten:
        assert client.get(LIST).status_code == 200
    add(190)

    with django_assert_max_num_queries(len(ten)):
        response = client.get(LIST)

    assert response.status_code == 200
    assert "Missing:" in response.content.decode() or role == "organiser"


# --- the form --------------------------------------------------------------------------------


def test_the_form_marks_required_names_and_uses_email_and_date_inputs(client_for, season, quota):
    html = client_for("coordinator").get(CREATE).content.decode()

    assert re.search(r'<input type="text" name="given_name"[^>]*required', html)
    assert re.search(r'<input type="text" name="family_name"[^>]*required', html)
    assert re.search(r'<input type="email" name="email"', html)
    assert re.search(r'<input type="date" name="date_of_birth"', html)
    assert 'data-testid="sensitive-fields"' in html
    assert 'name="passport_number"' in html
    assert 'name="city"' not in html  # a coordinator nominates for their own city


def test_the_coordinator_creates_a_draft_through_the_form(client_for, season, quota, coordinator):
    response = client_for("coordinator").post(CREATE, form_data())

    nomination = Nomination.objects.get(email="yui@example.jp")
    assert response.status_code == 302
    assert response["Location"] == reverse("nominations:detail", args=[nomination.pk])
    assert nomination.city.slug == "kumamoto"
    assert nomination.status == Status.DRAFT
    assert nomination.date_of_birth == dt.date(2008, 6, 1)
    assert nomination.passport_number == "TZ123"
    assert [i.field.slug for i in nomination.interests.all()] == ["chemistry", "biology"]
    assert nomination.changes.get().actor == coordinator
    assert "Yui Nakamura (Kumamoto, 2027) is nominated as a draft." in messages_of(response)


def test_a_missing_name_and_a_bad_email_are_shown_beside_their_fields(client_for, season, quota):
    response = client_for("coordinator").post(CREATE, form_data(given_name="", email="yui@"))

    assert response.status_code == 200
    assert error_on(response, "given_name") == "This field is required."
    assert error_on(response, "email") == "Enter a valid email address."
    assert not Nomination.objects.exists()


def test_a_student_too_old_for_the_season_is_refused_beside_the_date_of_birth(
    client_for, season, quota
):
    response = client_for("coordinator").post(CREATE, form_data(date_of_birth="2000-01-01"))

    assert "the season admits 16 to 22 years" in error_on(response, "date_of_birth")
    assert not Nomination.objects.exists()


def test_the_same_research_interest_twice_is_refused_beside_the_interests(
    client_for, season, quota
):
    biology = ResearchField.objects.get(slug="biology").pk

    response = client_for("coordinator").post(
        CREATE, form_data(interest_1=biology, interest_2=biology)
    )

    assert error_on(response, "interest_1") == "Each research interest may be chosen once."


def test_an_address_nominated_already_this_season_is_refused_beside_the_email(
    client_for, season, quota
):
    NominationFactory(season=season, email="Yui@Example.jp")

    response = client_for("coordinator").post(CREATE, form_data())

    assert "already nominated for this season" in error_on(response, "email")
    assert Nomination.objects.count() == 1


def test_after_the_deadline_the_form_sends_the_coordinator_back_with_the_reason(
    client_for, season, quota
):
    with time_machine.travel(AFTER_THE_DEADLINE):
        response = client_for("coordinator").post(CREATE, form_data())

    assert response.status_code == 302
    assert "deadline of Kumamoto passed" in " ".join(messages_of(response))
    assert not Nomination.objects.exists()


def test_the_organiser_nominates_for_the_city_they_choose(client_for, season, quota, organiser):
    montpellier = City.objects.get(slug="montpellier")
    data = form_data(season=season.pk, city=montpellier.pk)

    form = client_for("organiser").get(CREATE).content.decode()
    response = client_for("organiser").post(CREATE, data)

    assert 'name="city"' in form
    assert response.status_code == 302
    assert Nomination.objects.get().city == montpellier


def test_the_coordinator_edits_a_draft_and_reorders_its_interests(client_for, draft):
    physics = ResearchField.objects.get(slug="physics").pk
    biology = ResearchField.objects.get(slug="biology").pk
    form = client_for("coordinator").get(reverse("participants:nomination_edit", args=[draft.pk]))
    assert 'value="Aiko"' in form.content.decode()

    response = client_for("coordinator").post(
        reverse("participants:nomination_edit", args=[draft.pk]),
        form_data(email=draft.email, school="Seiseiko", interest_1=physics, interest_2=biology),
    )

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.school == "Seiseiko"
    assert [i.field.slug for i in draft.interests.all()] == ["physics", "biology"]


def test_a_submitted_nomination_is_not_editable_by_its_coordinator(client_for, nomination_in):
    submitted = nomination_in(Status.SUBMITTED)
    url = reverse("participants:nomination_edit", args=[submitted.pk])

    shown = client_for("coordinator").get(url)
    posted = client_for("coordinator").post(url, form_data(email=submitted.email))

    for response in (shown, posted):
        assert response.status_code == 302
        assert response["Location"] == reverse("nominations:detail", args=[submitted.pk])
        assert "Only drafts can be changed" in " ".join(messages_of(response))
    submitted.refresh_from_db()
    assert submitted.given_name == "Aiko"


def test_the_organiser_may_correct_a_submitted_nomination(client_for, nomination_in):
    submitted = nomination_in(Status.SUBMITTED)

    response = client_for("organiser").post(
        reverse("participants:nomination_edit", args=[submitted.pk]),
        form_data(email=submitted.email, given_name="Aico"),
    )

    assert response.status_code == 302
    assert Nomination.objects.get(pk=submitted.pk).given_name == "Aico"


def test_a_draft_is_deleted_but_a_submitted_one_only_withdrawn(client_for, draft, nomination_in):
    submitted = nomination_in(Status.SUBMITTED)

    deleted = client_for("coordinator").post(reverse("nominations:delete", args=[draft.pk]))
    refused = client_for("coordinator").post(reverse("nominations:delete", args=[submitted.pk]))

    assert deleted.status_code == 302
    assert not Nomination.objects.filter(pk=draft.pk).exists()
    assert "Only drafts can be changed" in " ".join(messages_of(refused))
    assert Nomination.objects.filter(pk=submitted.pk).exists()


# --- documents -------------------------------------------------------------------------------


def upload(client: Client, nomination: Nomination, kind: str, file) -> object:
    url = reverse("nominations:document_upload", args=[nomination.pk])
    return client.post(url, {"kind": kind, "file": file})


def test_the_coordinator_uploads_a_document_and_sees_it_listed(client_for, season, quota):
    nomination = NominationFactory(season=season)

    response = upload(client_for("coordinator"), nomination, "cv", pdf("Lebenslauf Aiko.pdf"))

    assert response.status_code == 302
    assert response["Location"].endswith("#documents")
    document = nomination.documents.get()
    assert (document.kind, document.filename) == ("cv", "Lebenslauf_Aiko.pdf")
    detail = client_for("coordinator").get(reverse("nominations:detail", args=[nomination.pk]))
    assert "Lebenslauf_Aiko.pdf" in parse(detail).text("documents")


def test_a_new_upload_replaces_the_current_one_which_stays_under_earlier_versions(
    client_for, draft
):
    client = client_for("coordinator")

    upload(client, draft, "cv", SimpleUploadedFile("new-cv.png", PNG_BYTES))

    detail = parse(client.get(reverse("nominations:detail", args=[draft.pk])))
    assert "new-cv.png" in detail.text("documents")
    assert "cv.pdf" not in detail.text("documents")
    assert "cv.pdf" in detail.text("earlier-documents")
    assert "1 earlier version" in detail.text("earlier-documents")
    assert draft.documents.filter(kind="cv").count() == 2


def test_a_file_that_is_no_pdf_or_image_is_refused_beside_the_file_input(client_for, draft):
    response = upload(
        client_for("coordinator"), draft, "cv", SimpleUploadedFile("cv.pdf", b"just some text")
    )

    assert response.status_code == 200
    assert "Upload a PDF, PNG or JPEG file" in error_on(response, "file")
    assert draft.documents.count() == 3


def test_an_upload_without_a_file_or_with_an_unknown_kind_is_refused(client_for, draft):
    url = reverse("nominations:document_upload", args=[draft.pk])

    response = client_for("coordinator").post(url, {"kind": "passport"})

    assert response.status_code == 200
    assert error_on(response, "file") == "This field is required."
    assert "is not one of the available choices" in error_on(response, "kind")


def test_documents_download_as_attachments_and_preview_inline_sandboxed(client_for, draft):
    document = draft.documents.get(kind="cv")
    url = reverse("nominations:document_download", args=[draft.pk, document.pk])

    download = client_for("organiser").get(url)
    preview = client_for("organiser").get(url, {"inline": "1"})

    assert download["Content-Disposition"].startswith("attachment")
    assert download["X-Frame-Options"] == "DENY"
    assert b"".join(download.streaming_content) == PDF_BYTES
    assert preview["Content-Disposition"].startswith("inline")
    assert preview["Content-Security-Policy"] == "sandbox"
    assert preview["X-Frame-Options"] == "SAMEORIGIN"


def test_a_document_is_found_only_under_its_own_nomination(client_for, draft, season):
    other = complete_nomination(season=season)
    document = other.documents.first()

    response = client_for("organiser").get(
        reverse("nominations:document_download", args=[draft.pk, document.pk])
    )

    assert response.status_code == 404


def test_the_organiser_previews_documents_on_the_review_page(client_for, draft):
    html = client_for("organiser").get(reverse("nominations:detail", args=[draft.pk])).content
    coordinator_html = (
        client_for("coordinator").get(reverse("nominations:detail", args=[draft.pk])).content
    )

    assert b"<iframe" in html
    assert b"?inline=1" in html
    assert b"?inline=1" not in coordinator_html


# --- ranking ---------------------------------------------------------------------------------


@pytest.fixture
def three(season, quota):
    return NominationFactory.create_batch(3, season=season)


def ranking() -> list[int]:
    return list(Nomination.objects.order_by("rank").values_list("pk", flat=True))


def test_moving_a_nomination_up_swaps_it_with_the_one_above(client_for, season, three):
    first, second, third = three

    response = client_for("coordinator").post(
        RANK, {"season": season.pk, "move": third.pk, "direction": "up"}
    )

    assert response.status_code == 302
    assert response["Location"] == f"{LIST}?season={season.pk}"
    assert ranking() == [first.pk, third.pk, second.pk]
    assert "The ranking is saved." in messages_of(response)


def test_moving_the_last_one_down_changes_nothing(client_for, season, three):
    client_for("coordinator").post(
        RANK, {"season": season.pk, "move": three[2].pk, "direction": "down"}
    )

    assert ranking() == [nomination.pk for nomination in three]


def test_dragging_posts_the_whole_new_order(client_for, season, three):
    first, second, third = three

    client_for("coordinator").post(
        RANK, {"season": season.pk, "order": f"{third.pk},{first.pk},{second.pk}"}
    )

    assert ranking() == [third.pk, first.pk, second.pk]


def test_an_order_that_leaves_out_a_nomination_is_refused_with_a_message(client_for, season, three):
    response = client_for("coordinator").post(
        RANK, {"season": season.pk, "order": f"{three[1].pk},{three[0].pk}"}
    )

    assert "List every nomination of the city exactly once." in messages_of(response)
    assert ranking() == [nomination.pk for nomination in three]


def test_after_the_deadline_the_ranking_is_refused_with_the_reason(client_for, season, three):
    with time_machine.travel(AFTER_THE_DEADLINE):
        response = client_for("coordinator").post(
            RANK, {"season": season.pk, "move": three[1].pk, "direction": "up"}
        )

    assert "deadline of Kumamoto passed" in " ".join(messages_of(response))
    assert ranking() == [nomination.pk for nomination in three]


# --- the actions -----------------------------------------------------------------------------


def act(client: Client, nomination: Nomination, action: str, **data) -> object:
    url = reverse("participants:nomination_action", args=[nomination.pk])
    return client.post(url, {"action": action, **data})


def buttons(client: Client, nomination: Nomination) -> list[str]:
    html = client.get(reverse("nominations:detail", args=[nomination.pk])).content.decode()
    return re.findall(r'name="action" value="(\w+)"', html)


def test_the_coordinator_is_offered_submit_and_withdraw_on_a_draft(client_for, draft):
    assert buttons(client_for("coordinator"), draft) == ["submit", "withdraw"]


def test_the_organiser_is_offered_the_decisions_on_a_submitted_nomination(
    client_for, nomination_in
):
    submitted = nomination_in(Status.SUBMITTED)

    assert buttons(client_for("organiser"), submitted) == [
        "accept",
        "waitlist",
        "decline",
        "withdraw",
    ]
    assert buttons(client_for("coordinator"), submitted) == ["withdraw"]


@pytest.mark.parametrize("status", [Status.DRAFT, Status.SUBMITTED, Status.ACCEPTED])
@pytest.mark.parametrize("role", ["organiser", "coordinator"])
def test_the_page_offers_exactly_the_actions_the_api_lists(client_for, nomination_in, role, status):
    nomination = nomination_in(status)
    client = client_for(role)

    listed = client.get(f"/api/v1/nominations/{nomination.pk}/").json()["actions"]

    assert buttons(client, nomination) == listed


def test_the_coordinator_submits_a_complete_draft(client_for, draft):
    response = act(client_for("coordinator"), draft, "submit")

    assert response.status_code == 302
    assert Nomination.objects.get(pk=draft.pk).status == Status.SUBMITTED
    assert "Aiko Tanaka is now submitted." in messages_of(response)


def test_submitting_an_incomplete_draft_says_what_is_missing(client_for, season, quota):
    nomination = NominationFactory(season=season, school="")

    response = act(client_for("coordinator"), nomination, "submit")

    message = " ".join(messages_of(response))
    assert "The nomination is incomplete. Missing: school, CV" in message
    assert Nomination.objects.get(pk=nomination.pk).status == Status.DRAFT


def test_submitting_beyond_the_quota_is_refused_with_a_message(client_for, nomination_in, draft):
    for _ in range(3):
        nomination_in(Status.SUBMITTED)

    response = act(client_for("coordinator"), draft, "submit")

    assert "The quota of Kumamoto is full" in " ".join(messages_of(response))
    assert Nomination.objects.get(pk=draft.pk).status == Status.DRAFT


def test_the_organiser_accepts_with_a_comment_that_is_kept_and_mailed(
    client_for, nomination_in, coordinator
):
    submitted = nomination_in(Status.SUBMITTED, family_name="Tanaka")

    response = act(client_for("organiser"), submitted, "accept", comment="Welcome!")

    assert "Aiko Tanaka is now accepted." in messages_of(response)
    submitted.refresh_from_db()
    assert submitted.status == Status.ACCEPTED
    assert submitted.changes.last().comment == "Welcome!"
    assert OutboundEmail.objects.filter(event="nomination_accepted", to=coordinator.email).exists()
    review = parse(client_for("organiser").get(reverse("nominations:detail", args=[submitted.pk])))
    assert "Welcome!" in review.text("history")
    assert "is accepted" in review.text("emails")


@pytest.mark.parametrize(
    ("action", "status"), [("waitlist", "waitlisted"), ("decline", "declined")]
)
def test_the_organiser_waitlists_or_declines(client_for, nomination_in, action, status):
    submitted = nomination_in(Status.SUBMITTED)

    act(client_for("organiser"), submitted, action, comment="Sorry.")

    assert Nomination.objects.get(pk=submitted.pk).status == status


def test_when_the_places_are_full_the_organiser_may_only_accept_over_the_quota(
    client_for, nomination_in
):
    nomination_in(Status.ACCEPTED)
    nomination_in(Status.ACCEPTED)
    submitted = nomination_in(Status.SUBMITTED)
    client = client_for("organiser")
    html = client.get(reverse("nominations:detail", args=[submitted.pk])).content.decode()
    assert "Accept over the quota" in html
    assert 'name="over_quota" value="1"' in html

    refused = act(client, submitted, "accept")
    assert "All 2 places of Kumamoto are taken." in " ".join(messages_of(refused))
    assert Nomination.objects.get(pk=submitted.pk).status == Status.SUBMITTED

    act(client, submitted, "accept", over_quota="1")
    assert Nomination.objects.get(pk=submitted.pk).status == Status.ACCEPTED


def test_the_coordinator_confirms_an_accepted_student_and_withdraws_another(
    client_for, nomination_in
):
    accepted = nomination_in(Status.ACCEPTED)
    submitted = nomination_in(Status.SUBMITTED)
    client = client_for("coordinator")

    act(client, accepted, "confirm")
    act(client, submitted, "withdraw", comment="Changed plans.")

    assert Nomination.objects.get(pk=accepted.pk).status == Status.CONFIRMED
    assert Nomination.objects.get(pk=submitted.pk).status == Status.WITHDRAWN


def test_a_coordinator_who_tries_to_decide_is_told_they_may_not(client_for, nomination_in):
    submitted = nomination_in(Status.SUBMITTED)

    response = act(client_for("coordinator"), submitted, "accept")

    assert response.status_code == 302
    assert "Your role may not accept nominations." in messages_of(response)
    assert Nomination.objects.get(pk=submitted.pk).status == Status.SUBMITTED


def test_an_action_the_status_does_not_allow_is_refused_with_a_message(client_for, draft):
    response = act(client_for("organiser"), draft, "accept")

    assert "A draft nomination cannot be accepted." in messages_of(response)


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"action": "explode"},
        {"action": "accept", "comment": "x" * 3000},
        {"action": ["submit", "accept"], "over_quota": "maybe"},
    ],
)
def test_garbage_actions_are_refused_with_a_message(client_for, draft, data):
    response = client_for("organiser").post(
        reverse("participants:nomination_action", args=[draft.pk]), data
    )

    assert response.status_code == 302
    assert messages_of(response)
    assert Nomination.objects.get(pk=draft.pk).status == Status.DRAFT


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


# --- the Excel import ------------------------------------------------------------------------


def test_the_import_page_offers_the_template_and_an_upload(client_for, season, quota):
    coordinator_page = client_for("coordinator").get(IMPORT).content.decode()
    organiser_page = client_for("organiser").get(IMPORT).content.decode()

    assert f"{reverse('nominations:import_template')}?season={season.pk}" in coordinator_page
    assert 'type="file" name="file"' in coordinator_page
    assert 'name="city"' not in coordinator_page
    assert 'name="city"' in organiser_page


def test_the_template_downloads_as_an_excel_workbook(client_for, season, quota):
    response = client_for("coordinator").get(
        reverse("nominations:import_template"), {"season": season.pk}
    )

    assert response["Content-Type"] == spreadsheet.XLSX
    assert openpyxl.load_workbook(io.BytesIO(response.content)).sheetnames[0] == "Nominations"


def test_a_rejected_import_shows_each_error_against_its_row_and_column(
    client_for, season, quota, monkeypatch
):
    def reject(upload, *, actor, season, city):
        raise spreadsheet.ImportRejected(
            [
                {"row": 3, "column": "Date of birth", "message": "Enter a valid date."},
                {"row": None, "column": None, "message": "The sheet is empty."},
            ]
        )

    monkeypatch.setattr(spreadsheet, "import_nominations", reject)
    xlsx = SimpleUploadedFile("n.xlsx", b"PK\x03\x04", content_type=spreadsheet.XLSX)

    response = client_for("coordinator").post(IMPORT, {"season": season.pk, "file": xlsx})

    assert response.status_code == 200
    assert parse(response).table("import-errors") == [
        ["3", "Date of birth", "Enter a valid date."],
        ["—", "—", "The sheet is empty."],
    ]
    assert "Nothing was imported" in " ".join(messages_of(response))


def workbook_with(season, rows: list[dict]) -> SimpleUploadedFile:
    book = openpyxl.load_workbook(io.BytesIO(spreadsheet.build_template(season)))
    sheet = book["Nominations"]
    headers = {cell.value: cell.column for cell in sheet[1]}
    for number, row in enumerate(rows, start=2):
        for header, value in row.items():
            sheet.cell(row=number, column=headers[header], value=value)
    content = io.BytesIO()
    book.save(content)
    return SimpleUploadedFile("nominations.xlsx", content.getvalue())


def test_a_valid_workbook_is_imported_as_drafts_of_the_coordinators_city(client_for, season, quota):
    rows = [
        {"Given name": "Yui", "Family name": "Nakamura", "E-mail": "yui@example.jp"},
        {"Given name": "Ren", "Family name": "Ito", "Research interest 1": "physics"},
    ]

    response = client_for("coordinator").post(
        IMPORT, {"season": season.pk, "file": workbook_with(season, rows)}
    )

    assert response.status_code == 302
    assert "2 nominations imported as drafts." in messages_of(response)
    assert sorted(Nomination.objects.values_list("family_name", "city__slug", "status")) == [
        ("Ito", "kumamoto", "draft"),
        ("Nakamura", "kumamoto", "draft"),
    ]


def test_a_workbook_with_a_bad_row_imports_nothing_and_names_the_cell(client_for, season, quota):
    rows = [
        {"Given name": "Yui", "Family name": "Nakamura"},
        {"Given name": "Ren", "Family name": "Ito", "Date of birth": "next summer"},
    ]

    response = client_for("coordinator").post(
        IMPORT, {"season": season.pk, "file": workbook_with(season, rows)}
    )

    errors = parse(response).table("import-errors")
    assert [error[:2] for error in errors] == [["3", "Date of birth"]]
    assert not Nomination.objects.exists()


def test_the_organiser_imports_for_the_city_they_choose(client_for, season, quota):
    montpellier = City.objects.get(slug="montpellier")
    rows = [{"Given name": "Camille", "Family name": "Laurent"}]

    client_for("organiser").post(
        IMPORT,
        {"season": season.pk, "city": montpellier.pk, "file": workbook_with(season, rows)},
    )

    assert Nomination.objects.get().city == montpellier


# --- dashboards ------------------------------------------------------------------------------


def test_the_organisers_dashboard_counts_each_citys_nominations_by_status(
    client_for, season, several_cities, django_assert_max_num_queries
):
    client = client_for("organiser")
    with CaptureQueriesContext(connection) as before:
        client.get(reverse("portal:dashboard"))
    city = CityFactory(slug="mostar")
    QuotaFactory(season=season, city=city)
    NominationFactory.create_batch(5, season=season, city=city)

    with django_assert_max_num_queries(len(before)):
        response = client.get(reverse("portal:dashboard"))

    rows = {row[0]: row for row in parse(response).table("quota-table")}
    assert rows["Kumamoto"][4:6] == ["2 / 3", "1 submitted 1 accepted"]
    assert rows["Montpellier"][4:6] == ["0 / 3", "2 draft"]


def test_the_coordinators_dashboard_shows_their_quota_use_and_links_to_their_list(
    client_for, season, quota, nomination_in
):
    nomination_in(Status.SUBMITTED)

    response = client_for("coordinator").get(reverse("portal:dashboard"))

    assert parse(response).text("quota-use").startswith("1 of 2 places + 0 of 1 alternate used")
    assert f'href="{LIST}?season={season.pk}"' in response.content.decode()


# --- the demo --------------------------------------------------------------------------------


def test_the_demo_gives_kumamoto_one_draft_ready_to_submit_and_one_incomplete(db):
    load_demo_season()
    load_demo_season()  # idempotent

    statuses = set(Nomination.objects.values_list("status", flat=True))
    assert {"draft", "submitted", "accepted", "waitlisted"} <= statuses
    assert Nomination.objects.values("email").distinct().count() == Nomination.objects.count()
    client = Client()
    client.force_login(User.objects.get(username="kumamoto"))
    missing = parse(client.get(LIST)).testids["missing"]
    texts = [" ".join(text.split()) for text in missing]
    joined = " ".join(texts)
    assert "Complete: ready to submit." in joined
    assert "Missing:" in joined
    cv = Document.objects.filter(kind="cv").first()
    assert cv.content_type == "application/pdf"
    assert cv.file.open("rb").read(5) == b"%PDF-"
