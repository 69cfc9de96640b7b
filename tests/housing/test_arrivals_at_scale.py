"""The arrivals page stays the same size however many travel: each day's arrivals and
departures a page at a time with the day's full count, a later page of one day by its own
link, and the students yet to answer a page at a time."""

import datetime as dt
import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ish.nominations.models import Nomination
from ish.participants.arrivals import TRAVELLERS_PER_PAGE, UNANSWERED_PER_PAGE
from tests.factories import BERLIN, NominationFactory
from tests.housing.page_reading import ARRIVALS

pytestmark = pytest.mark.django_db


def travellers(season, count: int) -> None:
    """`count` accepted students arriving on 16 July a minute apart (the last just before
    midnight in Heidelberg: still the 16th) and leaving on 14 August."""
    start = Nomination.objects.count()
    Nomination.objects.bulk_create(
        NominationFactory.build(
            season=season,
            status=Nomination.Status.ACCEPTED,
            family_name=f"Traveller-{n:03d}",
            arrival_at=dt.datetime(2027, 7, 16, 23, 59, tzinfo=BERLIN) - dt.timedelta(minutes=n),
            departure_at=dt.datetime(2027, 8, 14, 9, 0, tzinfo=BERLIN),
        )
        for n in range(start, start + count)
    )


def day_html(html: str, day: str) -> str:
    return html.split(f'data-day="{day}"')[1].split("</section>")[0]


def test_a_day_shows_a_page_of_its_travellers_with_its_full_count(client_as, season):
    travellers(season, 60)
    client = client_as("organiser")

    html = client.get(ARRIVALS).content.decode()

    arrival_day = day_html(html, "2027-07-16")
    assert arrival_day.count('data-testid="arrival"') == TRAVELLERS_PER_PAGE
    assert "60 arrivals" in arrival_day
    assert "Traveller-059" in arrival_day  # the earliest first
    assert "Traveller-009" not in arrival_day
    assert re.search(r'data-testid="count-arrivals">60<', html)
    following = unescape(re.search(r'rel="next" href="(\?[^"#]*)', arrival_day)[1])
    assert "arrivals-2027-07-16=2" in following

    second = day_html(client.get(ARRIVALS + following).content.decode(), "2027-07-16")
    assert second.count('data-testid="arrival"') == 10
    assert "Traveller-000" in second
    assert "Traveller-059" not in second


@pytest.mark.parametrize("later_page", [False, True])
def test_the_arrivals_page_reads_as_many_queries_for_200_travellers_as_for_10(
    client_as, season, later_page
):
    client = client_as("organiser")
    query = "?arrivals-2027-07-16=2" if later_page else ""
    travellers(season, 10)
    with CaptureQueriesContext(connection) as small:
        client.get(ARRIVALS + query)
    travellers(season, 190)
    with CaptureQueriesContext(connection) as large:
        html = client.get(ARRIVALS + query).content.decode()

    assert len(large) == len(small)
    assert html.count('data-testid="unanswered-row"') == UNANSWERED_PER_PAGE
    assert re.search(r'data-testid="count-unanswered">200<', html)
