"""The office's NYSF pages: who may open them, the list with its filters and sorting, the review
page with scores, interview and decisions, the pre-departure checklist, and no 500 on garbage."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ish.exchange import checklist, services
from ish.exchange.models import Application, OutboundProgramme, Score
from tests.factories import (
    PDF_BYTES,
    ApplicationFactory,
    OrganiserFactory,
    SeasonFactory,
)

pytestmark = pytest.mark.django_db

Status = Application.Status


@pytest.fixture
def application(application_in):
    return application_in(
        Status.SHORTLISTED,
        given_name="Lea",
        family_name="Hoffmann",
        documents=["cv"],
        documents__filename="lebenslauf.pdf",
    )


def pages_of(application: Application) -> list[tuple[str, str, dict]]:
    document = application.documents.get()
    pk = application.pk
    return [
        ("get", reverse("exchange:list"), {}),
        ("get", reverse("exchange:detail", args=[pk]), {}),
        ("post", reverse("exchange:score", args=[pk]), {"points": 5}),
        ("post", reverse("exchange:interview", args=[pk]), {"interview_notes": "x"}),
        ("post", reverse("exchange:action", args=[pk]), {"action": "select"}),
        ("get", reverse("exchange:document_download", args=[pk, document.pk]), {}),
        ("get", reverse("exchange:departures"), {}),
        ("post", reverse("exchange:travel_update", args=[pk]), {}),
    ]


# --- who may ---------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["coordinator", "lab_host"])
def test_other_roles_get_403_on_every_page(client_as, application, role):
    client = client_as(role)

    for method, path, data in pages_of(application):
        assert getattr(client, method)(path, data).status_code == 403, path

    application.refresh_from_db()
    assert application.status == Status.SHORTLISTED
    assert not Score.objects.exists()


def test_anonymous_visitors_are_sent_to_the_login_page(client, application):
    for method, path, data in pages_of(application):
        response = getattr(client, method)(path, data)
        assert response.status_code == 302, path
        assert response["Location"].startswith(reverse("login")), path


def test_the_organiser_opens_every_page(client_as, application):
    client = client_as("organiser")

    for path in [
        reverse("exchange:list"),
        reverse("exchange:detail", args=[application.pk]),
        reverse("exchange:departures"),
    ]:
        assert client.get(path).status_code == 200, path


def test_the_nav_links_nysf_for_organisers_only(client_as, application):
    link = f'href="{reverse("exchange:list")}"'

    assert link in client_as("organiser").get(reverse("portal:dashboard")).content.decode()
    assert link not in client_as("coordinator").get(reverse("portal:dashboard")).content.decode()


def test_the_login_page_links_the_public_form(client):
    page = client.get(reverse("login")).content.decode()

    assert "Heidelberg pupils: apply for the NYSF" in page
    assert f'href="{reverse("exchange:apply")}"' in page


# --- the list --------------------------------------------------------------------------------


def test_the_list_shows_each_applications_row(client_as, application, organiser):
    services.score(application, reviewer=organiser, points=7)
    services.score(application, reviewer=OrganiserFactory(username="panel"), points=8)
    services.confirm_nomination(application, confirmed=True)

    page = client_as("organiser").get(reverse("exchange:list")).content.decode()

    assert "Lea Hoffmann" in page
    assert application.school.name in page
    assert "Female" in page  # the gender
    assert "15</span>" in page
    assert "(2 reviewers)" in page
    assert "not yet" not in page
    assert 'data-status="shortlisted"' in page


def test_the_list_filters_by_status_school_and_season(client_as, application_in):
    application_in(Status.SELECTED, given_name="Lea", family_name="Sommer")
    paul = application_in(Status.REJECTED, given_name="Paul", family_name="Winter")
    client = client_as("organiser")

    selected = client.get(reverse("exchange:list"), {"status": "selected"}).content.decode()
    by_school = client.get(reverse("exchange:list"), {"school": paul.school_id}).content.decode()
    other_season = SeasonFactory(year=2026)
    empty = client.get(reverse("exchange:list"), {"season": other_season.pk}).content.decode()

    assert "Lea Sommer" in selected
    assert "Paul Winter" not in selected
    assert "Paul Winter" in by_school
    assert "Lea Sommer" not in by_school
    assert "No applications match." in empty


def test_the_list_sorts_by_score_best_first_or_on_request_worst_first(
    client_as, application_in, organiser
):
    low = application_in(Status.SUBMITTED, family_name="Low")
    high = application_in(Status.SUBMITTED, family_name="High")
    services.score(low, reviewer=organiser, points=1)
    services.score(high, reviewer=organiser, points=9)
    client = client_as("organiser")

    best_first = client.get(reverse("exchange:list")).content.decode()
    worst_first = client.get(reverse("exchange:list"), {"sort": "score"}).content.decode()

    assert best_first.index("High") < best_first.index("Low")
    assert worst_first.index("Low") < worst_first.index("High")


# --- the review page -------------------------------------------------------------------------


def test_the_review_page_shows_data_documents_and_the_allowed_decisions(client_as, application):
    page = client_as("organiser").get(reverse("exchange:detail", args=[application.pk]))
    html = page.content.decode()

    assert application.motivation in html
    document = application.documents.get()
    assert reverse("exchange:document_download", args=[application.pk, document.pk]) in html
    assert "lebenslauf.pdf" in html
    assert page.context["review"].actions == ("select", "reserve", "reject", "withdraw")
    assert 'data-testid="awaiting-school"' not in html
    assert 'value="select"' in html
    assert 'value="shortlist"' not in html


def test_a_document_downloads_from_the_portal(client_as, application):
    document = application.documents.get()

    response = client_as("organiser").get(
        reverse("exchange:document_download", args=[application.pk, document.pk])
    )

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content) == PDF_BYTES


def test_a_document_of_another_application_is_404(client_as, application, application_in):
    other = application_in(Status.SUBMITTED)
    document = application.documents.get()

    response = client_as("organiser").get(
        reverse("exchange:document_download", args=[other.pk, document.pk])
    )

    assert response.status_code == 404


def test_the_organiser_scores_beside_the_other_reviewers(client_as, application, organiser):
    services.score(
        application,
        reviewer=OrganiserFactory(username="panel", first_name="Jakob", last_name="Brenner"),
        points=6,
        comment="Lovely letter.",
    )
    client = client_as("organiser")

    response = client.post(
        reverse("exchange:score", args=[application.pk]), {"points": 8, "comment": "Bright."}
    )
    page = client.get(reverse("exchange:detail", args=[application.pk])).content.decode()

    assert response.status_code == 302
    application.refresh_from_db()
    assert application.score == 14
    assert Score.objects.get(reviewer=organiser).comment == "Bright."
    assert "Jakob Brenner" in page
    assert "Lovely letter." in page
    assert "14 points from 2 reviewers" in page
    assert 'value="8"' in page  # the own score, ready to change


@pytest.mark.parametrize("points", ["-1", "11", "many", ""])
def test_a_score_out_of_range_is_shown_on_the_form(client_as, application, points):
    response = client_as("organiser").post(
        reverse("exchange:score", args=[application.pk]), {"points": points}
    )

    assert response.status_code == 200
    assert "points" in response.context["score_form"].errors
    assert not Score.objects.exists()


def test_the_interview_date_and_notes_are_saved(client_as, application):
    response = client_as("organiser").post(
        reverse("exchange:interview", args=[application.pk]),
        {"interview_at": "2027-06-20T10:30", "interview_notes": "Curious and well prepared."},
    )

    assert response.status_code == 302
    application.refresh_from_db()
    assert timezone.localtime(application.interview_at).strftime("%Y-%m-%d %H:%M") == (
        "2027-06-20 10:30"
    )
    assert application.interview_notes == "Curious and well prepared."


def test_a_garbage_interview_date_is_shown_on_the_form(client_as, application):
    response = client_as("organiser").post(
        reverse("exchange:interview", args=[application.pk]), {"interview_at": "soon"}
    )

    assert response.status_code == 200
    assert "interview_at" in response.context["interview_form"].errors


def test_a_decision_is_taken_with_its_comment_and_shown_in_the_history(client_as, application):
    client = client_as("organiser")

    response = client.post(
        reverse("exchange:action", args=[application.pk]),
        {"action": "select", "comment": "Welcome to the NYSF!"},
        follow=True,
    )

    application.refresh_from_db()
    assert application.status == Status.SELECTED
    html = response.content.decode()
    assert "Lea Hoffmann is now selected." in html
    assert "Welcome to the NYSF!" in html
    assert 'Shortlisted <span class="flip-rtl">→</span> <span' in html
    assert "NYSF 2027: the decision on your application" in html


def test_an_illegal_decision_is_refused_with_the_rule(client_as, application):
    response = client_as("organiser").post(
        reverse("exchange:action", args=[application.pk]), {"action": "confirm"}, follow=True
    )

    assert (
        "An application with the status “shortlisted” cannot move to “confirmed”."
        in response.content.decode()
    )
    application.refresh_from_db()
    assert application.status == Status.SHORTLISTED


def test_shortlisting_before_the_school_confirms_is_refused_with_the_rule(
    client_as, application_in
):
    unconfirmed = application_in(Status.SUBMITTED, nominator_confirmed_at=None)
    client = client_as("organiser")

    page = client.get(reverse("exchange:detail", args=[unconfirmed.pk])).content.decode()
    response = client.post(
        reverse("exchange:action", args=[unconfirmed.pk]), {"action": "shortlist"}, follow=True
    )

    assert 'data-testid="awaiting-school"' in page
    assert "the school has not confirmed the nomination yet" in response.content.decode()
    unconfirmed.refresh_from_db()
    assert unconfirmed.status == Status.SUBMITTED


def test_after_a_selected_candidate_withdraws_the_next_reserve_is_offered(
    client_as, application_in, organiser
):
    OutboundProgramme.objects.filter(pk=OutboundProgramme.nysf().pk).update(places=1)
    selected = application_in(Status.SELECTED, given_name="Jonas")
    reserve = application_in(Status.RESERVE, given_name="Sophie", family_name="Braun")
    client = client_as("organiser")
    before = client.get(reverse("exchange:detail", args=[selected.pk])).content.decode()

    services.perform(selected, "withdraw", actor=None, comment="Cannot travel.")
    hint = client.get(reverse("exchange:detail", args=[selected.pk])).content.decode()
    client.post(reverse("exchange:action", args=[reserve.pk]), {"action": "select"})
    after = client.get(reverse("exchange:detail", args=[selected.pk])).content.decode()

    assert 'data-testid="move-up"' not in before
    assert "move up <bdi>Sophie Braun</bdi>" in hint
    reserve.refresh_from_db()
    assert reserve.status == Status.SELECTED
    assert 'data-testid="move-up"' not in after


# --- pre-departure ---------------------------------------------------------------------------


def travel_form(application: Application, **fields) -> dict:
    prefix = f"a{application.pk}-"
    values = {
        "nysf_session": application.nysf_session,
        "departure_on": application.departure_on or "",
        "return_on": application.return_on or "",
        "passport_expires_on": application.passport_expires_on or "",
        "visa_done_on": application.visa_done_on or "",
        "insurance_done_on": application.insurance_done_on or "",
        "consent_done_on": application.consent_done_on or "",
        "flights_done_on": application.flights_done_on or "",
        **fields,
    }
    return {prefix + name: value for name, value in values.items()}


def test_the_departures_page_lists_selected_and_confirmed_with_what_is_missing(
    client_as, travelling, application_in
):
    application_in(Status.SHORTLISTED, given_name="Paul", family_name="Schneider")

    response = client_as("organiser").get(reverse("exchange:departures"))
    html = response.content.decode()

    assert [c["departure"].application for c in response.context["candidates"]] == [travelling]
    assert "Paul Schneider" not in html
    assert "Who is missing what" in html
    assert "passport, travel insurance, flights" in html
    assert 'data-item="visa_done_on" data-missing="no"' in html
    assert 'data-item="flights_done_on" data-missing="yes"' in html


def test_ticking_an_item_sets_todays_date(client_as, travelling):
    response = client_as("organiser").post(
        reverse("exchange:travel_update", args=[travelling.pk]),
        travel_form(travelling, tick="flights_done_on"),
    )

    assert response.status_code == 302
    assert response["Location"].endswith(f"#candidate-{travelling.pk}")
    travelling.refresh_from_db()
    assert travelling.flights_done_on == timezone.localdate()
    assert travelling.visa_done_on == dt.date(2027, 10, 1)


def test_dates_and_the_session_are_entered_inline(client_as, travelling):
    client_as("organiser").post(
        reverse("exchange:travel_update", args=[travelling.pk]),
        travel_form(
            travelling,
            nysf_session="Session A",
            passport_expires_on="2028-07-22",
            insurance_done_on="2027-11-02",
        ),
    )

    travelling.refresh_from_db()
    assert travelling.nysf_session == "Session A"
    assert travelling.insurance_done_on == dt.date(2027, 11, 2)
    assert checklist.missing_before_departure(travelling) == ["flights"]


def test_a_return_before_the_departure_is_shown_on_the_candidates_form(client_as, travelling):
    response = client_as("organiser").post(
        reverse("exchange:travel_update", args=[travelling.pk]),
        travel_form(travelling, return_on="2028-01-01"),
    )

    assert response.status_code == 200
    (candidate,) = response.context["candidates"]
    assert candidate["form"].errors["return_on"] == ["The return must be after the departure."]
    travelling.refresh_from_db()
    assert travelling.return_on == dt.date(2028, 1, 22)


def test_a_candidate_no_longer_selected_cannot_be_updated_there(client_as, application):
    response = client_as("organiser").post(
        reverse("exchange:travel_update", args=[application.pk]), travel_form(application)
    )

    assert response.status_code == 404


# --- garbage ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        {"season": "abc"},
        {"status": "nonsense"},
        {"school": "999999"},
        {"gender": "robot"},
        {"sort": "password"},
        {"page": "-3"},
        {"q": "\x00"},
    ],
)
def test_a_garbage_list_query_is_no_500(client_as, application, query):
    assert client_as("organiser").get(reverse("exchange:list"), query).status_code == 200


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("action", {"action": "explode"}),
        ("action", {}),
        ("score", {"points": "1e9"}),
        ("interview", {"interview_at": "2027-02-30T25:61"}),
        ("travel_update", {"tick": "status"}),
    ],
)
def test_garbage_posts_are_no_500(client_as, application_in, name, data):
    selected = application_in(Status.SELECTED)

    response = client_as("organiser").post(reverse(f"exchange:{name}", args=[selected.pk]), data)

    assert response.status_code in {200, 302}
    selected.refresh_from_db()
    assert selected.status == Status.SELECTED


def test_the_departures_page_takes_a_garbage_season(client_as, travelling):
    assert (
        client_as("organiser").get(reverse("exchange:departures"), {"season": "x"}).status_code
        == 200
    )


def test_an_unknown_application_is_404(client_as, db):
    assert client_as("organiser").get(reverse("exchange:detail", args=[999999])).status_code == 404


# --- query counts ----------------------------------------------------------------------------


def grow(season, rows: int, status: str, reviewers) -> None:
    """Applications with a document and a score per reviewer, until there are `rows`; travelling
    ones with their dates."""
    ApplicationFactory.create_in_bulk(
        (
            {
                "season": season,
                "status": status,
                "nominator_confirmed_at": timezone.now() if n % 2 else None,
                "departure_on": dt.date(2028, 1, 6),
                "return_on": dt.date(2028, 1, 22),
                "visa_done_on": dt.date(2027, 10, 1) if n % 3 else None,
            }
            for n in range(Application.objects.count(), rows)
        ),
        documents=["cv"],
        scored_by=reviewers,
    )


@pytest.mark.parametrize(
    ("page", "status", "shown", "most"),
    [
        ("exchange:list", Status.SUBMITTED, lambda page: len(page["page"].object_list), 14),
        ("exchange:departures", Status.SELECTED, lambda page: len(page["candidates"]), 6),
    ],
)
def test_the_office_pages_take_the_same_queries_for_10_and_for_200_applications(
    client_as, open_season, organiser, page, status, shown, most
):
    reviewers = [organiser, OrganiserFactory(username="panel")]
    client = client_as("organiser")
    client.get(reverse(page))  # the session and the translations, loaded once
    counts = {}
    for rows in (10, 200):
        grow(open_season, rows, status, reviewers)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse(page), {"season": open_season.pk})
        assert response.status_code == 200
        assert shown(response.context) == min(rows, 50 if page == "exchange:list" else rows)
        counts[rows] = len(queries)

    assert counts[10] == counts[200], counts
    assert counts[200] <= most, counts
