"""The office's certificates page (who completed, who not and why, the verdict by hand, generating
them all with the exports' progress) by role, in a flat number of queries; and a single
certificate downloaded from the participant's page by the office and their own coordinator."""

import datetime as dt

import pytest
from django.urls import reverse

from ish.nominations.models import Nomination
from ish.programme.attendance import mark
from ish.rosters.models import ExportJob
from tests.factories import BERLIN, EventFactory
from tests.letters.certificate_data import after_the_programme, client_of, participant
from tests.letters.pdf import pdf_text

pytestmark = pytest.mark.django_db
PAGE = "/certificates/"


def rows(response) -> dict[str, str]:
    """Each row's participant (as the page links them) and whether they completed."""
    html = response.content.decode()
    return {
        person.full_name: ("yes" if f'id="row-{person.pk}" data-testid="certificate-row" '
                                   f'data-completed="yes"' in html else "no")
        for person in Nomination.objects.all()
        if f'id="row-{person.pk}"' in html
    }  # fmt: skip


def test_the_office_sees_who_completed_and_why_the_others_did_not(farewell):
    absent_thrice = farewell.people["Cyrillic"]
    for day in range(3):
        event = EventFactory(
            season=farewell.season,
            starts_at=dt.datetime(2027, 7, 20 + day, 10, tzinfo=BERLIN),
            ends_at=dt.datetime(2027, 7, 20 + day, 12, tzinfo=BERLIN),
        )
        mark(event, absent_thrice.pk, "absent", by=farewell.organiser)

    with after_the_programme():
        response = client_of(farewell.organiser).get(PAGE, {"season": farewell.season.pk})

    assert response.status_code == 200
    assert rows(response) == {
        "Zoë Šimůnková-Øster": "yes",
        "小明 王": "yes",
        "花子 山田": "yes",
        "דוד כהן": "yes",
        "Алексей Иванов": "no",
    }
    page = response.content.decode()
    assert "Absent at 3 events; at most 2 absences complete the programme." in page
    assert 'data-testid="count-completed">4<' in page
    assert "absent at no more than 2" in page  # the rule


@pytest.mark.parametrize("who", ["coordinator", "lab_host"])
def test_the_page_does_not_exist_for_anyone_but_the_office(farewell, who):
    client = client_of(getattr(farewell, who))

    assert client.get(PAGE).status_code == 404
    person = farewell.people["Latin"]
    assert client.post(f"{PAGE}{person.pk}/completion/", {"completed": "yes"}).status_code == 404
    assert client.post(f"{PAGE}generate/", {"season": farewell.season.pk}).status_code == 404
    assert Nomination.objects.get(pk=person.pk).completed_programme is None
    assert not ExportJob.objects.exists()


def test_the_sidebar_shows_certificates_to_the_office_only(farewell):
    office = client_of(farewell.organiser).get("/").content.decode()
    coordinator = client_of(farewell.coordinator).get("/").content.decode()

    assert f'href="{PAGE}"' in office
    assert f'href="{PAGE}"' not in coordinator


@pytest.mark.parametrize(("verdict", "stored"), [("yes", True), ("no", False), ("derived", None)])
def test_the_office_marks_a_participant_by_hand(farewell, verdict, stored):
    person = farewell.people["Latin"]
    Nomination.objects.filter(pk=person.pk).update(completed_programme=not stored)

    response = client_of(farewell.organiser).post(
        f"{PAGE}{person.pk}/completion/", {"completed": verdict}
    )

    assert response.status_code == 302
    assert response["Location"].endswith(f"?season={farewell.season.pk}#row-{person.pk}")
    assert Nomination.objects.get(pk=person.pk).completed_programme is stored


def test_generate_all_starts_the_export_and_the_page_shows_its_progress(
    farewell, django_capture_on_commit_callbacks
):
    with after_the_programme():
        client = client_of(farewell.organiser)  # signed in then: sessions expire
        with django_capture_on_commit_callbacks(execute=False):
            response = client.post(
                f"{PAGE}generate/", {"season": farewell.season.pk, "language": "de"}
            )
        page = client.get(PAGE, {"season": farewell.season.pk}).content.decode()

    job = ExportJob.objects.get()
    assert (job.kind, job.language, job.season) == ("certificates", "de", farewell.season)
    assert response["Location"].endswith("#generated")
    assert f'id="export-{job.pk}"' in page
    assert reverse("rosters:row", args=[job.pk]) in page  # polled while it is built


def test_a_row_offers_the_certificate_in_each_language_once_completed(farewell):
    with after_the_programme():
        page = client_of(farewell.organiser).get(PAGE).content.decode()
        person = farewell.people["Latin"]
        download = client_of(farewell.organiser).get(
            f"{PAGE}{person.pk}/", {"language": "de", "from": "certificates"}
        )

    assert f"{PAGE}{person.pk}/?language=en&amp;from=certificates" in page
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert "Urkunde" in pdf_text(download.content)


@pytest.mark.parametrize("extra", [5, 195])
def test_the_page_costs_as_many_queries_for_200_participants_as_for_10(
    farewell, django_assert_max_num_queries, extra
):
    for n in range(extra):
        participant(farewell.season, farewell.kumamoto, farewell.lab, "More", f"Student {n:03}")
    with after_the_programme():
        client = client_of(farewell.organiser)
        with django_assert_max_num_queries(25):
            response = client.get(PAGE)

    assert response.content.decode().count('data-testid="certificate-row"') == 5 + extra


# --- the participant's page ------------------------------------------------------------------


@pytest.mark.parametrize("who", ["organiser", "coordinator"])
def test_the_participants_page_has_the_certificate_for_the_office_and_their_coordinator(
    farewell, who
):
    person = farewell.people["Japanese"]
    with after_the_programme():
        client = client_of(getattr(farewell, who))
        page = client.get(reverse("nominations:detail", args=[person.pk])).content.decode()
        download = client.get(f"{PAGE}{person.pk}/", {"language": "en"})

    assert f"{PAGE}{person.pk}/?language=en" in page
    assert download.status_code == 200
    assert "花子 山田" in pdf_text(download.content)


@pytest.mark.parametrize("who", ["rehovot_coordinator", "lab_host"])
def test_another_citys_coordinator_and_a_lab_host_get_404_for_the_download(farewell, who):
    with after_the_programme():
        response = client_of(getattr(farewell, who)).get(f"{PAGE}{farewell.people['Japanese'].pk}/")

    assert response.status_code == 404


def test_before_completion_the_download_goes_back_with_the_rule(farewell):
    person = farewell.people["Japanese"]
    client = client_of(farewell.coordinator)

    response = client.get(f"{PAGE}{person.pk}/", {"language": "en"}, follow=True)

    assert response.redirect_chain[-1][0] == reverse("nominations:detail", args=[person.pk])
    assert "has not completed the programme" in response.content.decode()
