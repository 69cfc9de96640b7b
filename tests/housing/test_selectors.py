"""Who reads which housing: the office everything, a coordinator their city's students' beds and no
places, a lab host nothing."""

import pytest

from ish.housing import selectors
from ish.housing.models import HousingAssignment

pytestmark = pytest.mark.django_db


@pytest.fixture
def beds(student, place):
    """A bed each for a student of Kumamoto (the coordinator's city) and one of Hangzhou."""
    room = place(beds=2)
    return {
        city: HousingAssignment.objects.create(
            nomination=student(city=city),
            accommodation=room,
            check_in=room.available_from,
            check_out=room.available_until,
        )
        for city in ("kumamoto", "hangzhou")
    }


def test_the_office_reads_all_housing(organiser, beds):
    assert set(selectors.assignments_visible_to(organiser)) == set(beds.values())
    assert selectors.accommodations_visible_to(organiser).count() == 1


def test_a_coordinator_reads_only_their_citys_beds_and_no_places(coordinator, beds):
    assert list(selectors.assignments_visible_to(coordinator)) == [beds["kumamoto"]]
    assert not selectors.accommodations_visible_to(coordinator).exists()


def test_a_lab_host_reads_no_housing(lab_host, beds):
    assert not selectors.assignments_visible_to(lab_host).exists()
    assert not selectors.accommodations_visible_to(lab_host).exists()
