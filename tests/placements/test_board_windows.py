"""The board a page of students and of labs at a time: a state's or one lab's students, links
that keep those filters, and counts that cover the whole season."""

import re
from html import unescape

import pytest

from ish.labs.models import Lab
from ish.nominations.models import Nomination
from ish.placements.models import Placement
from tests.factories import LabFactory, NominationFactory, PlacementFactory
from tests.placements.shared import BOARD, LIST

pytestmark = pytest.mark.django_db

Status = Placement.Status


def students(season, count: int, prefix: str) -> list[Nomination]:
    return Nomination.objects.bulk_create(
        NominationFactory.build(season=season, status=Nomination.Status.ACCEPTED,
                                family_name=f"{prefix}-{n:02d}")
        for n in range(count)
    )  # fmt: skip


def next_page(response, nav: str) -> str:
    html = response.content.decode()
    block = html[html.index(f'data-testid="{nav}"') :]
    return BOARD + unescape(re.search(r'rel="next" href="(\?[^"#]*)', block)[1])


def figure(response, testid: str) -> str:
    return re.search(rf'data-testid="{testid}">(\d+)<', response.content.decode())[1]


def test_the_students_come_a_page_at_a_time_and_the_counts_cover_every_page(as_role, season, lab):
    students(season, 52, "Unplaced")
    for student in students(season, 3, "Placed"):
        PlacementFactory(nomination=student, lab=lab, status=Status.OFFERED)
    office = as_role("organiser")

    first = office.get(BOARD, {"season": season.pk})
    html = first.content.decode()
    assert html.count('data-testid="student-row"') == 50
    assert (figure(first, "count-unplaced"), figure(first, "count-offered")) == ("52", "3")
    assert "Unplaced-49" in html
    assert "Unplaced-50" not in html

    second = office.get(next_page(first, "student-pages"))
    html = second.content.decode()
    assert html.count('data-testid="student-row"') == 5
    assert "Unplaced-51" in html
    assert "Placed-02" in html
    assert figure(second, "count-unplaced") == "52"


def test_a_state_shows_only_its_students_and_its_pages_keep_it(as_role, season, lab):
    students(season, 3, "Unplaced")
    for student in students(season, 55, "Offered"):
        PlacementFactory(nomination=student, lab=lab, status=Status.OFFERED)
    office = as_role("organiser")

    first = office.get(BOARD, {"season": season.pk, "status": Status.OFFERED})
    assert first.content.decode().count('data-testid="student-row"') == 50
    assert "Unplaced-" not in first.content.decode()
    following = next_page(first, "student-pages")
    assert "status=offered" in following
    assert f"season={season.pk}" in following
    second = office.get(following)
    assert second.content.decode().count('data-testid="student-row"') == 5
    assert "Unplaced-" not in second.content.decode()
    pills = office.get(BOARD, {"season": season.pk}).content.decode()
    assert re.search(r'data-status-count="none">[^<]*<span class="badge[^"]*">3<', pills)


def test_one_labs_students_and_row_are_shown_by_its_link(as_role, season, lab):
    other = LabFactory(name="Other lab")
    (mine,) = students(season, 1, "Mine")
    (theirs,) = students(season, 1, "Theirs")
    PlacementFactory(nomination=mine, lab=lab, status=Status.ACCEPTED)
    PlacementFactory(nomination=theirs, lab=other, status=Status.ACCEPTED)
    office = as_role("organiser")
    assert f'href="?season={season.pk}&amp;lab={lab.pk}#students"' in (
        office.get(BOARD, {"season": season.pk}).content.decode()
    )

    page = office.get(BOARD, {"season": season.pk, "lab": lab.pk}).content.decode()

    assert "Mine-00" in page
    assert "Theirs-00" not in page
    assert page.count('data-testid="lab-row"') == 1
    assert f'data-lab="{lab.pk}"' in page


def test_the_labs_come_a_page_at_a_time(as_role, season, lab):
    LabFactory.create_batch(51)
    office = as_role("organiser")

    first = office.get(BOARD, {"season": season.pk})
    assert first.content.decode().count('data-testid="lab-row"') == 50
    second = office.get(next_page(first, "lab-pages"))
    assert second.content.decode().count('data-testid="lab-row"') == Lab.objects.count() - 50


def test_a_citys_placements_and_students_without_a_lab_come_a_page_at_a_time(as_role, season, lab):
    for student in students(season, 52, "Placed"):
        PlacementFactory(nomination=student, lab=lab, status=Status.OFFERED)
    students(season, 51, "Waiting")
    coordinator = as_role("coordinator")

    first = coordinator.get(LIST, {"season": season.pk}).content.decode()
    assert first.count("Placed-") == 50
    assert first.count("Waiting-") == 50
    second = coordinator.get(LIST, {"season": season.pk, "page": 2}).content.decode()
    assert "Placed-51" in second
    assert f'href="?season={season.pk}&amp;page=2&amp;unplaced=2#unplaced"' in second
    waiting = coordinator.get(LIST, {"season": season.pk, "unplaced": 2}).content.decode()
    assert "Waiting-50" in waiting
    assert waiting.count("Waiting-") == 1
