"""Creating, changing, cancelling, deleting and copying events, and the clashes the office is
warned of."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from ish.errors import RuleViolation
from ish.programme import services
from ish.programme.audiences import Audiences, lists_of
from ish.programme.clashes import clashes, warning_texts
from ish.programme.models import Attendance, Event
from ish.programme.selectors import expected_at
from tests.factories import EventFactory, SeasonFactory
from tests.programme.summer import JULY_19, at, events_summer

pytestmark = pytest.mark.django_db


@pytest.fixture
def summer():
    return events_summer()


def new_event(summer, **values):
    defaults = {
        "title": "Castle tour",
        "kind": "excursion",
        "starts_at": at(JULY_19, 10),
        "ends_at": at(JULY_19, 12),
        "place": "Heidelberg Castle",
    }
    return services.create_event(
        actor=summer.organiser, season=summer.season, **(defaults | values)
    )


def test_the_office_creates_an_event_for_chosen_cities(summer):
    event = new_event(summer, audience="cities", cities=[summer.kumamoto], meal="packed_lunch")
    event.refresh_from_db()
    assert (event.title, event.sequence, event.meal) == ("Castle tour", 0, "packed_lunch")
    assert list(event.cities.all()) == [summer.kumamoto]
    assert set(expected_at(event)) == {summer.aiko}


def test_only_the_office_creates_events(summer):
    with pytest.raises(PermissionDenied):
        services.create_event(
            actor=summer.coordinator,
            season=summer.season,
            title="x",
            kind="other",
            starts_at=at(JULY_19, 10),
            ends_at=at(JULY_19, 11),
        )
    assert not Event.objects.exists()


def test_an_event_ending_before_it_starts_is_refused_naming_the_end(summer):
    with pytest.raises(ValidationError) as refused:
        new_event(summer, ends_at=at(JULY_19, 9))
    assert "ends_at" in refused.value.message_dict


def test_an_unknown_kind_is_refused_naming_the_kind(summer):
    with pytest.raises(ValidationError) as refused:
        new_event(summer, kind="party")
    assert "kind" in refused.value.message_dict


def test_a_city_event_without_cities_is_refused_naming_the_cities(summer):
    with pytest.raises(ValidationError) as refused:
        new_event(summer, audience="cities")
    assert list(refused.value.message_dict) == ["cities"]


def test_labs_given_for_an_event_for_everyone_are_refused_naming_the_labs(summer):
    with pytest.raises(ValidationError) as refused:
        new_event(summer, labs=[summer.genome])
    assert list(refused.value.message_dict) == ["labs"]


def test_a_withdrawn_student_cannot_be_listed(summer):
    with pytest.raises(ValidationError) as refused:
        new_event(summer, audience="participants", participants=[summer.aiko, summer.withdrawn])
    assert "Ken Mori" in refused.value.message_dict["participants"][0]
    assert not Event.objects.exists()


@pytest.mark.parametrize(
    ("change", "bumps"),
    [
        ({"title": "Castle and old town"}, True),
        ({"title_translations": {"de": "Schlossführung"}}, True),
        ({"starts_at": at(JULY_19, 9)}, True),
        ({"ends_at": at(JULY_19, 13)}, True),
        ({"place": "Schloss"}, True),
        ({"address": "Schlosshof 1"}, True),
        ({"meeting_point": "Bismarckplatz"}, True),
        ({"notes": "Bring water."}, True),
        ({"audience": "labs", "labs": ["genome"]}, True),
        ({"title": "Castle tour", "place": "Heidelberg Castle"}, False),
        ({"kind": "social"}, False),
        ({"meal": "lunch"}, False),
    ],
)
def test_a_change_a_calendar_shows_raises_the_sequence_by_one(summer, change, bumps):
    event = new_event(summer)
    if "labs" in change:
        change["labs"] = [summer.genome]
    changed = services.update_event(event, actor=summer.organiser, **change)
    assert changed.sequence == (1 if bumps else 0)
    changed.refresh_from_db()
    assert changed.sequence == (1 if bumps else 0)


def test_changing_who_of_a_city_event_attends_raises_the_sequence(summer):
    event = new_event(summer, audience="cities", cities=[summer.kumamoto])
    changed = services.update_event(
        event, actor=summer.organiser, cities=[summer.kumamoto, summer.rehovot]
    )
    assert changed.sequence == 1
    assert set(expected_at(changed)) == {summer.aiko, summer.noa}
    again = services.update_event(changed, actor=summer.organiser, title="Castle tour")
    assert again.sequence == 1
    assert set(again.cities.all()) == {summer.kumamoto, summer.rehovot}


def test_switching_an_event_to_everyone_empties_its_city_list(summer):
    event = new_event(summer, audience="cities", cities=[summer.kumamoto])
    changed = services.update_event(event, actor=summer.organiser, audience="everyone")
    assert not changed.cities.exists()
    assert set(expected_at(changed)) == {summer.aiko, summer.noa}


def test_a_bad_change_leaves_the_event_as_it_was(summer):
    event = new_event(summer)
    with pytest.raises(ValidationError) as refused:
        services.update_event(event, actor=summer.organiser, ends_at=at(JULY_19, 8))
    assert "ends_at" in refused.value.message_dict
    event.refresh_from_db()
    assert (event.ends_at, event.sequence) == (at(JULY_19, 12), 0)


def test_cancelling_keeps_the_event_marked_and_raises_the_sequence_once(summer):
    event = new_event(summer)
    cancelled = services.cancel_event(event, actor=summer.organiser)
    assert cancelled.is_cancelled
    assert cancelled.sequence == 1
    again = services.cancel_event(cancelled, actor=summer.organiser)
    assert again.sequence == 1
    assert Event.objects.filter(pk=event.pk, cancelled_at__isnull=False).exists()


def test_an_event_nobody_was_marked_at_can_be_deleted(summer):
    event = new_event(summer)
    services.delete_event(event, actor=summer.organiser)
    assert not Event.objects.exists()


def test_an_event_with_marked_attendance_cannot_be_deleted_only_cancelled(summer):
    event = new_event(summer)
    Attendance.objects.create(event=event, nomination=summer.aiko, status="present")
    with pytest.raises(RuleViolation) as refused:
        services.delete_event(event, actor=summer.organiser)
    assert "cancel it instead" in str(refused.value)
    assert Event.objects.filter(pk=event.pk).exists()


# --- copying ---------------------------------------------------------------------------------


def test_copying_a_day_keeps_the_clock_times_and_the_audiences(summer):
    morning = new_event(summer, audience="cities", cities=[summer.kumamoto])
    listed = new_event(
        summer,
        title="Lab visit",
        starts_at=at(JULY_19, 22),
        ends_at=at(JULY_19 + dt.timedelta(days=1), 1),
        audience="participants",
        participants=[summer.noa],
    )
    services.cancel_event(new_event(summer, title="Rained off"), actor=summer.organiser)
    new_event(
        summer,
        title="Next day",
        starts_at=at(dt.date(2027, 7, 20), 10),
        ends_at=at(dt.date(2027, 7, 20), 11),
    )
    copies = services.copy_day(summer.season, JULY_19, dt.date(2027, 7, 26), actor=summer.organiser)
    assert [copy.title for copy in copies] == ["Castle tour", "Lab visit"]
    first, second = copies
    assert (first.starts_at, first.ends_at) == (
        at(dt.date(2027, 7, 26), 10),
        at(dt.date(2027, 7, 26), 12),
    )
    assert (second.starts_at, second.ends_at) == (
        at(dt.date(2027, 7, 26), 22),
        at(dt.date(2027, 7, 27), 1),
    )
    assert list(first.cities.all()) == [summer.kumamoto]
    assert list(second.participants.all()) == [summer.noa]
    assert (first.uid, first.sequence) != (
        morning.uid,
        morning.sequence,
    ) or first.uid != morning.uid
    assert listed.pk not in {copy.pk for copy in copies}


def test_copying_a_day_onto_itself_is_refused_naming_the_target(summer):
    with pytest.raises(ValidationError) as refused:
        services.copy_day(summer.season, JULY_19, JULY_19, actor=summer.organiser)
    assert "to" in refused.value.message_dict


def test_copying_a_day_keeps_the_clock_time_across_the_change_to_winter_time(summer):
    EventFactory(season=summer.season, starts_at=at(dt.date(2027, 10, 30), 10))
    [copy] = services.copy_day(
        summer.season, dt.date(2027, 10, 30), dt.date(2027, 11, 1), actor=summer.organiser
    )
    assert copy.starts_at == at(dt.date(2027, 11, 1), 10)


def test_copying_last_seasons_programme_shifts_it_by_the_days_between_first_days(summer):
    target = SeasonFactory(year=2028)  # 17 July 2028: a Monday, 2027's was a Saturday
    welcome = new_event(
        summer,
        title="Welcome",
        starts_at=at(dt.date(2027, 7, 17), 9),
        ends_at=at(dt.date(2027, 7, 17), 12),
    )
    new_event(summer, title="Kumamoto day", audience="cities", cities=[summer.kumamoto])
    new_event(summer, title="Lab week", kind="lab", audience="labs", labs=[summer.genome])
    new_event(summer, title="Mentoring", audience="participants", participants=[summer.aiko])
    services.cancel_event(new_event(summer, title="Rained off"), actor=summer.organiser)
    result = services.copy_season(summer.season, target, actor=summer.organiser)
    titles = [event.title for event in result.copied]
    assert titles == ["Welcome", "Kumamoto day", "Lab week", "Mentoring"]
    assert [event.title for event in result.without_participants] == ["Mentoring"]
    assert [event.title for event in result.left_out] == ["Rained off"]
    copied = {event.title: event for event in target.events.all()}
    assert copied["Welcome"].starts_at == at(dt.date(2028, 7, 17), 9)
    assert copied["Kumamoto day"].starts_at == at(dt.date(2028, 7, 19), 10)
    assert list(copied["Kumamoto day"].cities.all()) == [summer.kumamoto]
    assert list(copied["Lab week"].labs.all()) == [summer.genome]
    assert not copied["Mentoring"].participants.exists()
    assert summer.season.events.count() == 5
    assert welcome.season_id == summer.season.pk


def test_copying_into_a_season_that_has_a_programme_is_refused(summer):
    target = SeasonFactory(year=2028)
    new_event(summer)
    EventFactory(season=target)
    with pytest.raises(RuleViolation):
        services.copy_season(summer.season, target, actor=summer.organiser)
    assert target.events.count() == 1


# --- clashes ---------------------------------------------------------------------------------


def codes(event):
    return [warning["code"] for warning in clashes([event])[event.pk]]


def test_a_participant_expected_at_two_overlapping_events_is_a_warning_on_both(summer):
    castle = new_event(summer, audience="cities", cities=[summer.kumamoto])
    lab = new_event(
        summer,
        title="Genome lab",
        kind="lab",
        starts_at=at(JULY_19, 11),
        ends_at=at(JULY_19, 17),
        audience="labs",
        labs=[summer.genome],
    )
    found = clashes([castle, lab])
    assert [(w["code"], w["names"]) for w in found[castle.pk]] == [("overlap", ["Aiko Tanaka"])]
    assert found[lab.pk][0]["title"] == "Castle tour"
    [text] = warning_texts(found[lab.pk], html=True)
    assert "<bdi>Aiko Tanaka</bdi>" in text
    assert "<bdi>Castle tour</bdi>" in text


def test_overlapping_events_of_different_people_do_not_clash(summer):
    castle = new_event(summer, audience="cities", cities=[summer.kumamoto])
    new_event(summer, title="Optics", audience="labs", labs=[summer.optics])
    assert codes(castle) == []


def test_back_to_back_events_and_a_cancelled_one_do_not_clash(summer):
    castle = new_event(summer)
    new_event(summer, title="Lunch", starts_at=at(JULY_19, 12), ends_at=at(JULY_19, 13))
    services.cancel_event(new_event(summer, title="Off"), actor=summer.organiser)
    assert codes(castle) == []


def test_an_event_outside_the_programme_days_is_a_warning(summer):
    early = new_event(
        summer, starts_at=at(dt.date(2027, 7, 16), 10), ends_at=at(dt.date(2027, 7, 16), 12)
    )
    last_day = new_event(
        summer,
        title="Farewell",
        starts_at=at(dt.date(2027, 8, 13), 18),
        ends_at=at(dt.date(2027, 8, 14), 0),
    )
    assert codes(early) == ["outside_programme"]
    assert codes(last_day) == []


def test_an_event_before_a_participants_arrival_is_a_warning(summer):
    summer.aiko.arrival_at = at(JULY_19, 11)
    summer.aiko.save()
    summer.noa.departure_at = at(JULY_19, 12)
    summer.noa.save()
    castle = new_event(summer)
    [warning] = clashes([castle])[castle.pk]
    assert (warning["code"], warning["names"]) == ("outside_stay", ["Aiko Tanaka"])


def test_warnings_are_read_in_the_readers_language_and_escape_names(summer):
    summer.aiko.given_name = "<b>Aiko</b>"
    summer.aiko.save()
    castle = new_event(summer)
    new_event(summer, title="Lab", starts_at=at(JULY_19, 11), ends_at=at(JULY_19, 13))
    found = clashes([castle])[castle.pk]
    with translation.override("de"):
        [text] = warning_texts(found, html=True)
        [plain] = warning_texts(found)
    assert "&lt;b&gt;Aiko&lt;/b&gt;" in text
    assert "<b>" not in text
    assert "gleichzeitig" in plain
    assert "<b>Aiko</b> Tanaka" in plain


def test_the_clashes_of_many_events_take_a_fixed_number_of_queries(
    summer, django_assert_max_num_queries
):
    for hour in range(8, 20):
        new_event(
            summer, title=f"At {hour}", starts_at=at(JULY_19, hour), ends_at=at(JULY_19, hour + 2)
        )
    events = list(Event.objects.select_related("season"))
    with django_assert_max_num_queries(6):
        found = clashes(events)
    assert sum(len(warnings) for warnings in found.values()) == 22  # each overlaps its neighbours


# --- the in-memory audiences agree with the selector -------------------------------------------


@pytest.mark.parametrize("audience", ["everyone", "cities", "labs", "participants"])
def test_the_audiences_read_at_once_agree_with_expected_at(summer, audience):
    lists = {"cities": {"cities": [summer.rehovot]}, "labs": {"labs": [summer.genome]}}
    lists["participants"] = {"participants": [summer.noa]}
    event = new_event(summer, audience=audience, **lists.get(audience, {}))
    expected = Audiences(summer.season.pk).expected(event, lists_of([event.pk]))
    assert expected == set(expected_at(event).values_list("pk", flat=True))
