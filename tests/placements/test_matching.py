"""The matching algorithm on plain values, no database: stability checked exhaustively on many
seeded random instances, capacities, completeness, determinism, the labs' tie-breaks and the
reasons a student is left without a lab."""

import itertools
import random
from collections import defaultdict

import pytest

from ish.placements import matching
from ish.placements.matching import Lab, Student

FIELDS = range(10)
B1, B2, C1 = 2, 3, 4  # CEFR indices


def random_instance(
    rng: random.Random, students: int, labs: int
) -> tuple[list[Student], dict[int, Lab]]:
    """Students with 0–3 distinct interests, shared English levels and coordinator's ranks (so
    the later tie-breaks matter), some declined by a lab already, and labs of 1–3 fields, some
    without free places."""
    lab_ids = rng.sample(range(1, 10 * labs + 1), labs)  # ids need not be dense or ordered
    return (
        [
            Student(
                id=student_id,
                interests=tuple(rng.sample(FIELDS, rng.choice([0, 1, 2, 3, 3, 3]))),
                english=rng.choice([-1, 0, 1, 2, 3, 4, 5]),
                city_rank=rng.choice([1, 2, 3, matching.NO_RANK]),
                declined_by=frozenset(rng.sample(lab_ids, rng.choice([0, 0, 0, 1]))),
            )
            for student_id in rng.sample(range(1, 10 * students + 1), students)
        ],
        {
            lab_id: Lab(
                id=lab_id,
                fields=frozenset(rng.sample(FIELDS, rng.randint(1, 3))),
                capacity=rng.choice([-1, 0, 1, 1, 2, 3]),
                min_english=rng.choice([-1, -1, 2, 3, 4]),
            )
            for lab_id in lab_ids
        },
    )


def instances(count: int, seed: int):
    rng = random.Random(seed)
    for _ in range(count):
        yield random_instance(rng, students=rng.randint(1, 60), labs=rng.randint(1, 15))


def preference_list(student: Student, labs: dict[int, Lab]) -> list[int]:
    return [lab_id for lab_id, _ in matching.preferences(student, matching.labs_by_field(labs))]


def lab_priority(lab: Lab, student: Student) -> tuple:
    """How the lab ranks the student, computed from the definition: through the student's
    strongest interest the lab covers."""
    interest = next(rank for rank, field in enumerate(student.interests) if field in lab.fields)
    return matching.priority(lab, student, interest)


def blocking_pairs(
    students: list[Student], labs: dict[int, Lab], matches: dict[int, int]
) -> list[tuple[int, int]]:
    """Every student–lab pair that would both rather have each other: for each student, walk
    their preference list up to their own lab and look for a lab there with a free place or
    holding a student it ranks below this one."""
    by_id = {student.id: student for student in students}
    held = defaultdict(list)
    for student_id, lab_id in matches.items():
        held[lab_id].append(by_id[student_id])
    pairs = []
    for student in students:
        for lab_id in preference_list(student, labs):
            if lab_id == matches.get(student.id):
                break
            lab = labs[lab_id]
            if lab.capacity <= 0:
                continue  # a lab without free places takes nobody
            has_room = len(held[lab_id]) < lab.capacity
            wants_more = any(
                lab_priority(lab, student) < lab_priority(lab, other) for other in held[lab_id]
            )
            if has_room or wants_more:
                pairs.append((student.id, lab_id))
    return pairs


def assert_capacities_respected(labs: dict[int, Lab], matches: dict[int, int]) -> None:
    taken = defaultdict(int)
    for lab_id in matches.values():
        taken[lab_id] += 1
    for lab_id, count in taken.items():
        assert count <= labs[lab_id].capacity, f"lab {lab_id} holds {count}"


# --- the checker itself -----------------------------------------------------------------------


def test_the_stability_checker_finds_a_blocking_pair():
    biology = 0
    first, second = Student(1, (biology,)), Student(2, (biology,))
    lab = Lab(10, frozenset({biology}), capacity=1)

    # The lab ranks student 1 higher (same level and rank, lower id), yet holds student 2.
    assert blocking_pairs([first, second], {10: lab}, {2: 10}) == [(1, 10)]
    # A free place left while a student who wants it goes without is a blocking pair too.
    assert blocking_pairs([first, second], {10: lab}, {}) == [(1, 10), (2, 10)]


# --- stability, capacities and completeness --------------------------------------------------


@pytest.mark.parametrize("seed", range(5))
def test_no_student_and_lab_would_both_rather_have_each_other(seed):
    for students, labs in instances(100, seed):
        outcome = matching.match(students, labs)

        assert blocking_pairs(students, labs, outcome.matches) == []


@pytest.mark.parametrize("seed", range(3))
def test_no_lab_gets_more_students_than_it_has_free_places(seed):
    for students, labs in instances(100, seed):
        outcome = matching.match(students, labs)

        assert_capacities_respected(labs, outcome.matches)
        assert all(labs[lab_id].capacity > 0 for lab_id in outcome.matches.values())


@pytest.mark.parametrize("seed", range(3))
def test_every_student_is_matched_or_told_why_and_only_to_a_lab_of_their_interests(seed):
    for students, labs in instances(100, seed):
        outcome = matching.match(students, labs)

        assert outcome.matches.keys() | outcome.unmatched.keys() == {s.id for s in students}
        assert not outcome.matches.keys() & outcome.unmatched.keys()
        for student in students:
            if student.id in outcome.matches:
                lab = labs[outcome.matches[student.id]]
                rank = outcome.interest_rank[student.id]
                assert student.interests[rank - 1] in lab.fields
                # the strongest interest the lab covers is the one reported
                assert not lab.fields & set(student.interests[: rank - 1])


@pytest.mark.parametrize("seed", range(3))
def test_every_student_is_matched_when_the_labs_of_each_field_have_room_for_everyone_naming_it(
    seed,
):
    rng = random.Random(seed)
    for _ in range(50):
        students = [
            Student(id=n, interests=tuple(rng.sample(FIELDS, rng.randint(1, 3))))
            for n in range(1, rng.randint(2, 80))
        ]
        labs, next_id = {}, 1
        for field_id in FIELDS:
            wanted = sum(field_id in s.interests for s in students)
            while wanted > 0:  # single-field labs, exactly enough places in total
                capacity = min(wanted, rng.randint(1, 5))
                labs[next_id] = Lab(next_id, frozenset({field_id}), capacity)
                next_id += 1
                wanted -= capacity

        outcome = matching.match(students, labs)

        assert outcome.unmatched == {}
        assert len(outcome.matches) == len(students)


def test_every_student_is_matched_when_every_lab_covers_every_field_and_places_suffice():
    rng = random.Random(7)
    students = [Student(id=n, interests=tuple(rng.sample(FIELDS, 3))) for n in range(1, 101)]
    labs = {n: Lab(n, frozenset(FIELDS), capacity=10) for n in range(1, 11)}

    outcome = matching.match(students, labs)

    assert len(outcome.matches) == 100
    assert_capacities_respected(labs, outcome.matches)


def _all_assignments(students: list[Student], labs: dict[int, Lab]):
    """Every way to give each student one of their acceptable labs or none, within capacities."""
    options = [[None, *preference_list(student, labs)] for student in students]
    for choice in itertools.product(*options):
        matches = {
            s.id: lab_id for s, lab_id in zip(students, choice, strict=True) if lab_id is not None
        }
        taken = defaultdict(int)
        for lab_id in matches.values():
            taken[lab_id] += 1
        if all(count <= labs[lab_id].capacity for lab_id, count in taken.items()):
            yield matches


def stable_matchings(students: list[Student], labs: dict[int, Lab]) -> list[dict[int, int]]:
    return [m for m in _all_assignments(students, labs) if not blocking_pairs(students, labs, m)]


def test_of_two_stable_matchings_the_students_get_the_one_they_prefer():
    # Each student prefers the lab that prefers the other student: student 2 tries lab 1 first,
    # student 1 lab 2 (the rotation by id); lab 1 wants student 1 for reaching its preferred
    # English level, lab 2 (no preference) wants student 2 for their coordinator's rank.
    labs = {
        1: Lab(1, frozenset({BIOLOGY}), capacity=1, min_english=B2),
        2: Lab(2, frozenset({BIOLOGY}), capacity=1),
    }
    first_to_lab_1 = Student(id=2, interests=(BIOLOGY,), english=B1, city_rank=1)
    first_to_lab_2 = Student(id=1, interests=(BIOLOGY,), english=B2, city_rank=9)
    students = [first_to_lab_1, first_to_lab_2]

    outcome = matching.match(students, labs)

    assert sorted(map(sorted, map(dict.items, stable_matchings(students, labs)))) == [
        [(1, 1), (2, 2)],
        [(1, 2), (2, 1)],
    ]
    assert outcome.matches == {2: 1, 1: 2}


def test_each_student_gets_their_best_lab_among_all_stable_matchings_on_small_instances():
    rng = random.Random(42)
    for _ in range(150):
        students, labs = random_instance(rng, students=rng.randint(2, 5), labs=rng.randint(1, 4))
        outcome = matching.match(students, labs)
        lists = {student.id: preference_list(student, labs) for student in students}

        stable = stable_matchings(students, labs)

        assert outcome.matches in stable
        for matches in stable:
            for student in students:
                mine = lists[student.id]
                theirs = outcome.matches.get(student.id)
                other = matches.get(student.id)
                position = mine.index(theirs) if theirs is not None else len(mine)
                assert other is None or position <= mine.index(other)


# --- determinism -----------------------------------------------------------------------------


def test_the_same_input_gives_the_same_outcome_every_time():
    for students, labs in instances(20, seed=11):
        assert matching.match(students, labs) == matching.match(students, labs)


def test_the_order_of_students_and_labs_in_the_input_does_not_change_the_outcome():
    rng = random.Random(12)
    for students, labs in instances(30, seed=12):
        shuffled_students = rng.sample(students, len(students))
        shuffled_labs = dict(rng.sample(list(labs.items()), len(labs)))

        first = matching.match(students, labs)
        second = matching.match(shuffled_students, shuffled_labs)

        assert first.matches == second.matches
        assert first.interest_rank == second.interest_rank
        assert first.unmatched == second.unmatched


# --- the students' preferences ---------------------------------------------------------------


def test_a_student_tries_the_labs_of_their_first_interest_before_those_of_the_second():
    biology, physics = 0, 2
    labs = {
        1: Lab(1, frozenset({physics}), 1),
        2: Lab(2, frozenset({biology}), 1),
        3: Lab(3, frozenset({physics}), 1),
        4: Lab(4, frozenset({biology}), 1),
    }
    student = Student(id=6, interests=(biology, physics))

    ranked = list(matching.preferences(student, matching.labs_by_field(labs)))

    assert [interest for _, interest in ranked] == [0, 0, 1, 1]
    assert {lab_id for lab_id, _ in ranked[:2]} == {2, 4}
    assert {lab_id for lab_id, _ in ranked[2:]} == {1, 3}


def test_a_lab_covering_two_interests_is_listed_once_under_the_stronger_one():
    biology, physics = 0, 2
    labs = {1: Lab(1, frozenset({biology, physics}), 1), 2: Lab(2, frozenset({physics}), 1)}
    student = Student(id=1, interests=(physics, biology))

    ranked = list(matching.preferences(student, matching.labs_by_field(labs)))

    assert sorted(ranked) == [(1, 0), (2, 0)]


def test_students_start_at_different_labs_of_the_same_field():
    biology = 0
    labs = {n: Lab(n, frozenset({biology}), 1) for n in range(1, 5)}
    by_field = matching.labs_by_field(labs)

    first_choices = {
        next(matching.preferences(Student(id=n, interests=(biology,)), by_field))[0]
        for n in range(1, 5)
    }

    assert first_choices == {1, 2, 3, 4}


# --- the labs' tie-breaks --------------------------------------------------------------------


def winner_of_one_place(*students: Student, min_english: int = -1) -> int:
    """Which of the students a lab of biology with one place takes."""
    biology = 0
    lab = Lab(100, frozenset({biology}), capacity=1, min_english=min_english)
    outcome = matching.match(list(students), {lab.id: lab})
    [(winner, _)] = outcome.matches.items()
    return winner


BIOLOGY, CHEMISTRY = 0, 1


def test_a_lab_prefers_a_stronger_interest_over_its_preferred_english_level():
    meets_level = Student(id=2, interests=(CHEMISTRY, BIOLOGY), english=B2, city_rank=1)
    below_level = Student(id=1, interests=(BIOLOGY,), english=B1, city_rank=9)

    assert winner_of_one_place(meets_level, below_level, min_english=B2) == 1


def test_a_lab_without_an_english_preference_ignores_it_and_ranks_the_interest_first():
    second_interest = Student(id=2, interests=(CHEMISTRY, BIOLOGY), english=C1, city_rank=1)
    first_interest = Student(id=1, interests=(BIOLOGY,), english=B1, city_rank=9)

    assert winner_of_one_place(second_interest, first_interest) == 1


def test_a_lab_prefers_a_student_who_ranked_its_field_higher_over_better_english():
    first_interest = Student(id=2, interests=(BIOLOGY,), english=B2, city_rank=9)
    second_interest = Student(id=1, interests=(CHEMISTRY, BIOLOGY), english=C1, city_rank=1)

    assert winner_of_one_place(first_interest, second_interest, min_english=B2) == 2


def test_between_equal_interests_a_lab_prefers_a_student_at_its_preferred_english_level():
    meets_level = Student(id=2, interests=(BIOLOGY,), english=B2, city_rank=9)
    below_level = Student(id=1, interests=(BIOLOGY,), english=B1, city_rank=1)

    assert winner_of_one_place(meets_level, below_level, min_english=B2) == 2
    # the lab's preference is what decides: without it, the coordinator's rank does
    assert winner_of_one_place(meets_level, below_level) == 1


def test_above_its_preferred_english_level_a_lab_goes_by_the_coordinators_rank():
    fluent = Student(id=2, interests=(BIOLOGY,), english=C1, city_rank=9)
    ranked_first = Student(id=1, interests=(BIOLOGY,), english=B2, city_rank=1)

    assert winner_of_one_place(fluent, ranked_first, min_english=B2) == 1


def test_between_equal_interests_a_lab_prefers_the_coordinators_rank_over_better_english():
    better_english = Student(id=2, interests=(BIOLOGY,), english=C1, city_rank=9)
    ranked_first = Student(id=1, interests=(BIOLOGY,), english=B2, city_rank=1)

    assert winner_of_one_place(better_english, ranked_first) == 1


def test_between_equal_ranks_a_lab_prefers_better_english():
    better_english = Student(id=2, interests=(BIOLOGY,), english=C1, city_rank=3)
    weaker_english = Student(id=1, interests=(BIOLOGY,), english=B2, city_rank=3)

    assert winner_of_one_place(better_english, weaker_english) == 2


def test_between_equal_english_a_lab_prefers_the_student_their_coordinator_ranked_higher():
    ranked_first = Student(id=2, interests=(BIOLOGY,), english=B2, city_rank=1)
    ranked_second = Student(id=1, interests=(BIOLOGY,), english=B2, city_rank=2)
    unranked = Student(id=0, interests=(BIOLOGY,), english=B2)

    assert winner_of_one_place(ranked_first, ranked_second, unranked) == 2


def test_when_everything_else_is_equal_the_lower_id_wins():
    assert winner_of_one_place(Student(7, (BIOLOGY,)), Student(3, (BIOLOGY,))) == 3


def test_a_rejected_student_moves_on_to_their_next_lab():
    chemistry_lab = Lab(2, frozenset({CHEMISTRY}), capacity=1)
    biology_lab = Lab(1, frozenset({BIOLOGY}), capacity=1)
    strong = Student(id=5, interests=(BIOLOGY,), english=C1)
    displaced = Student(id=4, interests=(BIOLOGY, CHEMISTRY), english=B1)

    outcome = matching.match([displaced, strong], {1: biology_lab, 2: chemistry_lab})

    assert outcome.matches == {5: 1, 4: 2}
    assert outcome.interest_rank == {5: 1, 4: 2}


# --- the unmatched and their reasons ---------------------------------------------------------


def test_a_student_without_interests_is_unmatched_for_that_reason():
    labs = {1: Lab(1, frozenset(FIELDS), capacity=5)}

    outcome = matching.match([Student(id=1, interests=())], labs)

    assert outcome.unmatched == {1: matching.NO_INTERESTS}


def test_a_student_whose_interests_no_lab_covers_is_unmatched_for_that_reason():
    labs = {1: Lab(1, frozenset({BIOLOGY}), capacity=5)}

    outcome = matching.match([Student(id=1, interests=(CHEMISTRY,))], labs)

    assert outcome.unmatched == {1: matching.NO_LAB_FOR_INTERESTS}


def test_a_student_outranked_at_every_lab_of_their_interests_is_unmatched_as_labs_full():
    labs = {1: Lab(1, frozenset({BIOLOGY}), capacity=1)}
    students = [Student(id=1, interests=(BIOLOGY,)), Student(id=2, interests=(BIOLOGY,))]

    outcome = matching.match(students, labs)

    assert outcome.matches == {1: 1}
    assert outcome.unmatched == {2: matching.LABS_FULL}


def test_a_student_is_not_proposed_again_to_a_lab_that_declined_them():
    labs = {1: Lab(1, frozenset({BIOLOGY}), capacity=1), 2: Lab(2, frozenset({BIOLOGY}), 1)}
    student = Student(id=2, interests=(BIOLOGY,), declined_by=frozenset({1}))

    assert preference_list(student, labs) == [2]
    assert matching.match([student], labs).matches == {2: 2}


def test_a_student_every_lab_of_their_interests_declined_is_unmatched_for_that_reason():
    labs = {1: Lab(1, frozenset({BIOLOGY}), capacity=1), 2: Lab(2, frozenset({CHEMISTRY}), 1)}
    student = Student(id=1, interests=(BIOLOGY,), declined_by=frozenset({1}))

    outcome = matching.match([student], labs)

    assert outcome.unmatched == {1: matching.DECLINED_BY_ALL}


def test_a_student_matched_on_their_first_interest_has_nothing_passed_over():
    labs = {1: Lab(1, frozenset({BIOLOGY}), capacity=1)}

    outcome = matching.match([Student(id=1, interests=(BIOLOGY, CHEMISTRY))], labs)

    assert outcome.passed_over == {}


def test_a_student_matched_on_a_later_interest_is_told_why_each_stronger_one_gave_no_lab():
    ASTRONOMY, PHYSICS = 3, 2
    labs = {
        1: Lab(1, frozenset({BIOLOGY}), capacity=1),
        2: Lab(2, frozenset({PHYSICS}), capacity=1),
        3: Lab(3, frozenset({PHYSICS}), capacity=1),
        4: Lab(4, frozenset({CHEMISTRY}), capacity=2),
    }
    rival = Student(id=1, interests=(BIOLOGY,), city_rank=1)
    third_choice = Student(id=2, interests=(ASTRONOMY, BIOLOGY, CHEMISTRY), city_rank=2)
    declined = Student(id=3, interests=(PHYSICS, CHEMISTRY), declined_by=frozenset({2, 3}))

    outcome = matching.match([rival, third_choice, declined], labs)

    assert outcome.matches == {1: 1, 2: 4, 3: 4}
    assert outcome.passed_over == {
        2: (
            matching.PassedOver(1, ASTRONOMY, matching.NO_LAB_FOR_INTERESTS),
            matching.PassedOver(2, BIOLOGY, matching.LABS_FULL),
        ),
        3: (matching.PassedOver(1, PHYSICS, matching.DECLINED_BY_ALL, (2, 3)),),
    }


def test_a_declining_lab_is_named_beside_the_full_ones_of_the_same_interest():
    labs = {
        1: Lab(1, frozenset({BIOLOGY}), capacity=1),
        2: Lab(2, frozenset({BIOLOGY}), capacity=1),
        3: Lab(3, frozenset({CHEMISTRY}), capacity=1),
    }
    # the rival starts at lab 1 (the rotation by id), the student's lab 2 has declined them
    rival = Student(id=2, interests=(BIOLOGY,), city_rank=1)
    student = Student(id=1, interests=(BIOLOGY, CHEMISTRY), city_rank=2, declined_by=frozenset({2}))

    outcome = matching.match([rival, student], labs)

    assert outcome.matches == {2: 1, 1: 3}
    assert outcome.passed_over == {
        1: (matching.PassedOver(1, BIOLOGY, matching.LABS_FULL, (2,)),),
    }


@pytest.mark.parametrize("capacity", [0, -2])
def test_a_lab_without_free_places_never_gets_a_student(capacity):
    labs = {
        1: Lab(1, frozenset({BIOLOGY}), capacity=capacity),
        2: Lab(2, frozenset({CHEMISTRY}), capacity=1),
    }
    students = [Student(id=n, interests=(BIOLOGY, CHEMISTRY)) for n in (1, 2)]

    outcome = matching.match(students, labs)

    assert 1 not in outcome.matches.values()
    assert outcome.matches == {1: 2}
    assert outcome.unmatched == {2: matching.LABS_FULL}


def test_nothing_to_match_gives_an_empty_outcome():
    assert matching.match([], {}) == matching.Outcome()
    assert matching.match([], {1: Lab(1, frozenset({BIOLOGY}), 3)}) == matching.Outcome()
