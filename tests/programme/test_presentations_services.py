"""The final presentations' rules: slots by hand (participants of the season only, once each, no
room double-booked), moving and swapping, and the automatic proposal grouped by lab."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from ish.programme import presentations as services
from ish.programme.models import Presentation
from ish.programme.presentation_proposals import Break, Grouping, accept_proposal, propose
from tests.factories import (
    InstituteFactory,
    LabFactory,
    NominationFactory,
    PlacementFactory,
    SeasonFactory,
)

pytestmark = pytest.mark.django_db

HEIDELBERG = ZoneInfo("Europe/Berlin")


def at(hour: int, minute: int = 0, day: int = 12) -> dt.datetime:
    return dt.datetime(2027, 8, day, hour, minute, tzinfo=HEIDELBERG)


def participant(season, **fields):
    return NominationFactory(season=season, status="accepted", **fields)


def slot(season, students, room="Hörsaal 1", starts_at=None, minutes=15, **fields):
    return services.create_slot(
        season=season,
        room=room,
        starts_at=starts_at or at(9),
        minutes=minutes,
        nominations=students,
        **fields,
    )


def errors_of(raised: pytest.ExceptionInfo) -> dict:
    return raised.value.message_dict


@pytest.fixture
def season():
    return SeasonFactory()


def test_a_slot_by_hand_keeps_its_room_time_presenters_title_and_supervisor(season):
    aiko = participant(season)
    made = slot(season, [aiko], title=" Proteins ", supervisor="Dr. Weber")
    made.refresh_from_db()
    assert (made.room, made.starts_at, made.minutes) == ("Hörsaal 1", at(9), 15)
    assert list(made.nominations.all()) == [aiko]
    assert (made.title, made.supervisor) == ("Proteins", "Dr. Weber")


def test_someone_without_a_place_in_the_season_cannot_present(season):
    draft = NominationFactory(season=season, status="draft", given_name="Dora")
    other_season = participant(SeasonFactory(year=2028), given_name="Otto")
    for outsider in (draft, other_season):
        with pytest.raises(ValidationError) as raised:
            slot(season, [outsider])
        assert list(errors_of(raised)) == ["nominations"]
        assert outsider.given_name in errors_of(raised)["nominations"][0]


def test_a_slot_needs_someone_to_present(season):
    with pytest.raises(ValidationError) as raised:
        slot(season, [])
    assert list(errors_of(raised)) == ["nominations"]


def test_a_participant_presents_in_one_slot_only(season):
    aiko = participant(season, given_name="Aiko", family_name="Tanaka")
    slot(season, [aiko], room="Hörsaal 1")
    with pytest.raises(ValidationError) as raised:
        slot(season, [aiko], room="Hörsaal 2", starts_at=at(14))
    assert list(errors_of(raised)) == ["nominations"]
    assert "Aiko Tanaka" in errors_of(raised)["nominations"][0]
    assert Presentation.objects.count() == 1


def test_two_slots_in_one_room_may_not_overlap(season):
    slot(season, [participant(season)], starts_at=at(9), minutes=20)
    with pytest.raises(ValidationError) as raised:
        slot(season, [participant(season)], starts_at=at(9, 15))
    assert list(errors_of(raised)) == ["starts_at"]
    assert "Hörsaal 1" in errors_of(raised)["starts_at"][0]


def test_slots_may_follow_each_other_or_run_at_once_in_other_rooms(season):
    slot(season, [participant(season)], starts_at=at(9), minutes=15)
    slot(season, [participant(season)], starts_at=at(9, 15))
    slot(season, [participant(season)], room="Hörsaal 2", starts_at=at(9))
    assert Presentation.objects.count() == 3


def test_a_length_outside_one_to_240_minutes_is_refused_naming_the_field(season):
    for minutes in (0, 241):
        with pytest.raises(ValidationError) as raised:
            slot(season, [participant(season)], minutes=minutes)
        assert list(errors_of(raised)) == ["minutes"]


def test_an_edit_that_would_overlap_another_slot_is_refused(season):
    slot(season, [participant(season)], starts_at=at(9))
    later = slot(season, [participant(season)], starts_at=at(10))
    with pytest.raises(ValidationError) as raised:
        services.update_slot(later, minutes=30, starts_at=at(8, 50))
    assert list(errors_of(raised)) == ["starts_at"]
    later.refresh_from_db()
    assert later.starts_at == at(10)


def test_an_edit_may_lengthen_a_slot_within_its_own_time(season):
    made = slot(season, [participant(season)], starts_at=at(9))
    services.update_slot(made, minutes=25, title="Zebrafish")
    made.refresh_from_db()
    assert (made.minutes, made.title) == (25, "Zebrafish")


def test_moving_a_slot_to_a_free_cell_moves_it(season):
    made = slot(season, [participant(season)], starts_at=at(9))
    assert services.move_to(made, room="Hörsaal 2", starts_at=at(11)) is None
    made.refresh_from_db()
    assert (made.room, made.starts_at) == ("Hörsaal 2", at(11))


def test_moving_a_slot_onto_another_swaps_the_two(season):
    first = slot(season, [participant(season)], starts_at=at(9))
    second = slot(season, [participant(season)], room="Hörsaal 2", starts_at=at(9, 30))
    swapped = services.move_to(first, room="Hörsaal 2", starts_at=at(9, 30))
    assert swapped == second
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.room, first.starts_at) == ("Hörsaal 2", at(9, 30))
    assert (second.room, second.starts_at) == ("Hörsaal 1", at(9))


def test_neighbours_in_one_room_swap_places(season):
    first = slot(season, [participant(season)], starts_at=at(9))
    second = slot(season, [participant(season)], starts_at=at(9, 15))
    services.move_to(second, room="Hörsaal 1", starts_at=at(9))
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.starts_at, second.starts_at) == (at(9, 15), at(9))


def test_a_move_into_the_middle_of_another_slot_is_refused(season):
    slot(season, [participant(season)], starts_at=at(9), minutes=30)
    moving = slot(season, [participant(season)], starts_at=at(11))
    with pytest.raises(ValidationError) as raised:
        services.move_to(moving, room="Hörsaal 1", starts_at=at(9, 10))
    assert list(errors_of(raised)) == ["starts_at"]
    moving.refresh_from_db()
    assert moving.starts_at == at(11)


def test_a_swap_that_would_overlap_because_of_the_lengths_is_refused(season):
    short = slot(season, [participant(season)], starts_at=at(9), minutes=15)
    slot(season, [participant(season)], starts_at=at(9, 15), minutes=30)
    with pytest.raises(ValidationError):
        services.move_to(short, room="Hörsaal 1", starts_at=at(9, 15))
    short.refresh_from_db()
    assert short.starts_at == at(9)


def test_a_lab_host_changes_the_title_of_their_students_slot_only(season, lab_host, organiser):
    mine = participant(season)
    PlacementFactory(nomination=mine, lab=lab_host.lab, status="accepted")
    theirs = participant(season)
    PlacementFactory(nomination=theirs, status="accepted")
    own, other = slot(season, [mine]), slot(season, [theirs], starts_at=at(10))
    services.retitle(own, "Light sheets", actor=lab_host)
    with pytest.raises(ValidationError) as raised:
        services.retitle(other, "Not mine", actor=lab_host)
    assert list(errors_of(raised)) == ["title"]
    own.refresh_from_db()
    other.refresh_from_db()
    assert (own.title, other.title) == ("Light sheets", "")


# --- the proposal --------------------------------------------------------------------------------


@pytest.fixture
def labs(season):
    """Two institutes, three labs (A: two students; B and C: one each), and a participant with
    no lab; the institutes' names put Beta's labs after Alpha's."""
    alpha, beta = InstituteFactory(name="Alpha Institute"), InstituteFactory(name="Beta Institute")
    genome = LabFactory(institute=alpha, name="Genome", head="Prof. Gen")
    optics = LabFactory(institute=alpha, name="Optics", head="Prof. Opt")
    stars = LabFactory(institute=beta, name="Stars", head="Prof. Star")
    students = {}
    for name, lab in [("Ana", genome), ("Ben", genome), ("Cem", optics), ("Dan", stars)]:
        students[name] = participant(season, given_name=name, family_name=name)
        PlacementFactory(nomination=students[name], lab=lab, status="accepted")
    students["Eli"] = participant(season, given_name="Eli", family_name="Eli")
    # neither a participant (withdrawn) nor a lab's student (only offered)
    PlacementFactory(
        nomination=NominationFactory(season=season, status="withdrawn"),
        lab=genome,
        status="accepted",
    )
    offered = participant(season, given_name="Fay", family_name="Fay")
    PlacementFactory(nomination=offered, lab=stars, status="offered")
    students["Fay"] = offered
    return {"genome": genome, "optics": optics, "stars": stars, **students}


def names(proposed) -> list[str]:
    return sorted(n.given_name for n in proposed.nominations)


def test_the_proposal_groups_a_labs_students_into_one_slot_in_institute_order(season, labs):
    proposal = propose(season, rooms=["Room 1"], starts_at=at(9), minutes=20)
    assert [names(s) for s in proposal.slots] == [
        ["Ana", "Ben"],
        ["Cem"],
        ["Dan"],
        ["Eli"],
        ["Fay"],
    ]
    assert [s.starts_at for s in proposal.slots] == [
        at(9),
        at(9, 20),
        at(9, 40),
        at(10),
        at(10, 20),
    ]
    assert [s.supervisor for s in proposal.slots] == [
        "Prof. Gen",
        "Prof. Opt",
        "Prof. Star",
        "",
        "",
    ]
    assert {n.given_name for n in proposal.without_lab} == {"Eli", "Fay"}


def test_the_proposal_can_give_every_student_a_slot_of_their_own(season, labs):
    proposal = propose(
        season, rooms=["Room 1"], starts_at=at(9), minutes=15, grouping=Grouping.STUDENT
    )
    assert [names(s) for s in proposal.slots] == [
        ["Ana"],
        ["Ben"],
        ["Cem"],
        ["Dan"],
        ["Eli"],
        ["Fay"],
    ]
    assert [s.supervisor for s in proposal.slots][:2] == ["Prof. Gen", "Prof. Gen"]


def test_the_proposal_fills_the_rooms_in_parallel_in_consecutive_runs(season, labs):
    proposal = propose(season, rooms=["Room 1", "Room 2"], starts_at=at(9), minutes=20)
    by_room = {
        room: [(names(s), s.starts_at) for s in proposal.slots if s.room == room]
        for room in ("Room 1", "Room 2")
    }
    assert by_room == {
        "Room 1": [(["Ana", "Ben"], at(9)), (["Cem"], at(9, 20)), (["Dan"], at(9, 40))],
        "Room 2": [(["Eli"], at(9)), (["Fay"], at(9, 20))],
    }


def test_the_proposal_skips_the_breaks(season, labs):
    proposal = propose(
        season,
        rooms=["Room 1"],
        starts_at=at(9),
        minutes=20,
        breaks=[Break(at(9, 30), 30)],
    )
    assert [s.starts_at for s in proposal.slots] == [at(9), at(10), at(10, 20), at(10, 40), at(11)]


def test_the_proposal_saves_nothing_until_it_is_accepted(season, labs):
    kept = slot(season, [labs["Ana"]], room="Old room")
    proposal = propose(season, rooms=["Room 1"], starts_at=at(9), minutes=20)
    assert list(Presentation.objects.all()) == [kept]
    assert proposal.replaces == 1
    accept_proposal(proposal)
    slots = Presentation.objects.order_by("starts_at")
    assert [s.room for s in slots] == ["Room 1"] * 5
    assert sorted(slots[0].nominations.values_list("given_name", flat=True)) == ["Ana", "Ben"]
    assert slots[0].supervisor == "Prof. Gen"


def test_accepting_keeps_a_title_where_the_same_students_present_together_again(season, labs):
    slot(season, [labs["Cem"]], title="Lasers")
    slot(season, [labs["Ana"]], starts_at=at(10), title="Alone no more")
    accept_proposal(propose(season, rooms=["Room 1"], starts_at=at(9), minutes=20))
    titles = dict(
        Presentation.objects.filter(nominations__given_name__in=["Cem", "Ana"]).values_list(
            "nominations__given_name", "title"
        )
    )
    assert titles == {"Cem": "Lasers", "Ana": ""}


def test_a_proposal_without_rooms_proposes_nothing(season, labs):
    assert propose(season, rooms=[" "], starts_at=at(9), minutes=20).slots == []
