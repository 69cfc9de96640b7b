"""Student-proposing deferred acceptance (Gale–Shapley with capacities), on plain values.

Students rank labs by their research interests: every lab covering their first interest, then
those covering the second, then the third, leaving out labs that have declined them. Among labs
of one field a student has no preference of their own; they try them in an order rotated by their
id, which spreads proposals evenly over the labs instead of sending everybody to the same one
first. Labs rank students first by how high the student ranked the lab's field. The labs'
preferences only break ties among those: whether the student reaches the lab's preferred English
level, then the city coordinator's ranking; then English level, and finally the nomination id, so
every run gives the same result.

The result is stable: no student and lab would both rather have each other than what they got.
"""

import heapq
from collections.abc import Iterator
from dataclasses import dataclass, field

NO_RANK = 10_000  # a student the coordinator did not rank comes after every ranked one


@dataclass(frozen=True)
class Student:
    id: int
    interests: tuple[int, ...]  # research field ids, strongest first
    english: int = -1  # CEFR index, 0 = A1 … 5 = C2
    city_rank: int = NO_RANK
    declined_by: frozenset[int] = frozenset()  # labs that have declined this student already


@dataclass(frozen=True)
class Lab:
    id: int
    fields: frozenset[int]
    capacity: int  # free places this season
    min_english: int = -1


@dataclass(frozen=True)
class PassedOver:
    """Why a student did not get a lab of one of their stronger interests."""

    interest: int  # 1 = the student's first interest
    field_id: int
    reason: str  # NO_LAB_FOR_INTERESTS, LABS_FULL or DECLINED_BY_ALL
    declined_by: tuple[int, ...] = ()  # the labs of this interest that had declined the student


@dataclass
class Outcome:
    matches: dict[int, int] = field(default_factory=dict)  # student id → lab id
    interest_rank: dict[int, int] = field(default_factory=dict)  # student id → 1, 2 or 3
    unmatched: dict[int, str] = field(default_factory=dict)  # student id → reason code
    # Students matched on a later interest → why each stronger one gave no lab.
    passed_over: dict[int, tuple[PassedOver, ...]] = field(default_factory=dict)


# Reason codes for students left without a lab, or for an interest that gave none (the service
# turns them into sentences).
NO_INTERESTS = "no_interests"
NO_LAB_FOR_INTERESTS = "no_lab_for_interests"
LABS_FULL = "labs_full"
DECLINED_BY_ALL = "declined_by_all"


def labs_by_field(labs: dict[int, Lab]) -> dict[int, list[int]]:
    by_field: dict[int, list[int]] = {}
    for lab in sorted(labs.values(), key=lambda lab: lab.id):
        for field_id in lab.fields:
            by_field.setdefault(field_id, []).append(lab.id)
    return by_field


def preferences(student: Student, by_field: dict[int, list[int]]) -> Iterator[tuple[int, int]]:
    """The labs a student would work in, best first, each with the interest (0 = first) that
    led there; generated lazily, since most students stop at their first few."""
    seen = set(student.declined_by)  # a lab that said no is not asked again
    for interest, field_id in enumerate(student.interests):
        candidates = by_field.get(field_id, [])
        offset = student.id % len(candidates) if candidates else 0
        for index in range(len(candidates)):
            lab_id = candidates[(offset + index) % len(candidates)]
            if lab_id not in seen:
                seen.add(lab_id)
                # A lab covering an earlier interest was yielded then, so this is the student's
                # strongest interest the lab covers.
                yield lab_id, interest


def priority(lab: Lab, student: Student, interest: int) -> tuple[int, int, int, int, int]:
    """How much a lab wants a student who came through their `interest`-th interest: smaller is
    better. After the interest come the lab's preferences, as tie-breaks: reaching its preferred
    English level, then the coordinator's rank; only then the English level itself. (Were the
    level right after the interest, the preference would change nothing: a student below it
    always has less English than one who reaches it.)"""
    below_preferred_level = 1 if student.english < lab.min_english else 0
    return (interest, below_preferred_level, student.city_rank, -student.english, student.id)


def match(students: list[Student], labs: dict[int, Lab]) -> Outcome:
    by_field = labs_by_field(labs)
    by_id = {student.id: student for student in students}
    proposals = {student.id: preferences(student, by_field) for student in students}
    # Each lab holds its tentative admits in a heap whose top is the one it wants least.
    held: dict[int, list[tuple]] = {lab_id: [] for lab_id in labs}
    free = sorted(by_id)
    free.reverse()  # pop() from the end: students propose in id order
    while free:
        student_id = free.pop()
        student = by_id[student_id]
        for lab_id, interest in proposals[student_id]:
            lab = labs[lab_id]
            if lab.capacity <= 0:
                continue
            _, below, city_rank, english, own_id = priority(lab, student, interest)
            key = (-interest, -below, -city_rank, -english, -own_id)  # negated: a max-heap
            heap = held[lab_id]
            if len(heap) < lab.capacity:
                heapq.heappush(heap, (key, student_id))
                break
            if key > heap[0][0]:  # the lab prefers this student to the one it wants least
                _, rejected = heapq.heapreplace(heap, (key, student_id))
                free.append(rejected)
                break
    outcome = Outcome()
    for lab_id, heap in held.items():
        for key, student_id in heap:
            outcome.matches[student_id] = lab_id
            outcome.interest_rank[student_id] = -key[0] + 1
    for student in students:
        rank = outcome.interest_rank.get(student.id)
        if rank is None:
            outcome.unmatched[student.id] = _why_unmatched(student, by_field)
        elif rank > 1:
            outcome.passed_over[student.id] = tuple(
                _why_passed_over(student, by_field, interest) for interest in range(rank - 1)
            )
    return outcome


def _why_passed_over(student: Student, by_field: dict[int, list[int]], interest: int) -> PassedOver:
    """Why the student's `interest`-th interest (0 = first) gave them no lab: every lab covering
    it that had not declined them was full, or held students it ranks higher."""
    field_id = student.interests[interest]
    candidates = by_field.get(field_id, [])
    declined = tuple(lab_id for lab_id in candidates if lab_id in student.declined_by)
    if not candidates:
        reason = NO_LAB_FOR_INTERESTS
    elif len(declined) == len(candidates):
        reason = DECLINED_BY_ALL
    else:
        reason = LABS_FULL
    return PassedOver(interest + 1, field_id, reason, declined)


def _why_unmatched(student: Student, by_field: dict[int, list[int]]) -> str:
    if not student.interests:
        return NO_INTERESTS
    candidates = {lab_id for field_id in student.interests for lab_id in by_field.get(field_id, ())}
    if not candidates:
        return NO_LAB_FOR_INTERESTS
    if candidates <= student.declined_by:
        return DECLINED_BY_ALL
    return LABS_FULL
