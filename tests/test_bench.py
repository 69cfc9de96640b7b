"""The benchmarks' season builder (bench/harness.py) writes what the benchmarks measure."""

import pytest

from bench import harness, programme_season
from ish.housing.models import HousingAssignment
from ish.nominations.models import Document, Nomination
from ish.placements.models import Placement
from ish.programme.models import Attendance, Event, Presentation
from ish.seasons.models import City, Quota


@pytest.mark.django_db
def test_the_benchmark_season_has_every_kind_of_row_the_pages_and_lists_show():
    built = harness.a_season(20)

    nominations = Nomination.objects.filter(season_id=built["season"])
    assert nominations.count() == 20
    assert Quota.objects.filter(season_id=built["season"]).count() == City.objects.count()
    assert Document.objects.filter(nomination__in=nominations).count() == 60
    placed = nominations.filter(status__in=Nomination.HOLDS_A_PLACE).count()
    assert 0 < placed < 20
    assert Placement.objects.filter(nomination__in=nominations).count() == placed
    assert HousingAssignment.objects.filter(nomination__in=nominations).count() == placed
    assert set(built["tokens"]) == {
        "bench-office",
        f"bench-{City.objects.order_by('pk').first().slug}",
        "bench-lab",
    }


@pytest.mark.django_db
def test_the_benchmark_programme_has_events_attendance_and_a_slot_for_every_participant():
    built = programme_season.a_programme(harness.a_season(200))

    season = built["season"]
    placed = Nomination.objects.filter(season_id=season, status__in=Nomination.HOLDS_A_PLACE)
    assert Event.objects.filter(season_id=season).count() == 20
    welcome = Event.objects.get(pk=built["event"])
    assert (welcome.audience, welcome.meal) == ("everyone", "lunch")
    assert str(welcome.starts_at.astimezone(programme_season.HEIDELBERG).date()) == built["day"]
    assert Attendance.objects.filter(event=welcome).count() == placed.count() // 2
    assert Presentation.objects.filter(season_id=season).count() == placed.count()
    assert Presentation.nominations.through.objects.count() == placed.count()
