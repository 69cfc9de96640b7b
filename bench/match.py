"""Benchmark of the lab matching, run by hand: `.venv/bin/python bench/match.py`.

(a) The algorithm: `ish.placements.matching.match` on 10,000 students × 1,000 labs (capacities
    5–15, 3 interests each out of the 10 fields, labs covering 1–3 fields), seeded, beside a bare
    deferred-acceptance loop over plain lists on the same instance: best time of several runs, and
    peak memory (tracemalloc) in a separate run.
(b) The whole run: `services.run_matching` and `POST /api/v1/placements/match/`, reading from and
    writing to a throwaway SQLite database (and PostgreSQL when TEST_DATABASE_URL is set), for
    1,000 and 10,000 students, with the number of queries each needs.
"""

import argparse
import gc
import heapq
import json
import os
import random
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

import harness  # noqa: E402  (bench/, beside this script)

from ish.placements import matching  # noqa: E402  (needs the project on the path)

STUDENTS, LABS, FIELDS, SEED = 10_000, 1_000, 10, 2027
CEFR = ["A1", "A2", "B1", "B2", "C1", "C2"]


# --- the instance --------------------------------------------------------------------------------


def instance(students: int, labs: int, seed: int = SEED) -> tuple[list[dict], list[dict]]:
    """Students and labs as plain rows, the same for the algorithm and the database."""
    rng = random.Random(seed)
    return (
        [
            {
                "interests": rng.sample(range(FIELDS), 3),
                "english": rng.randrange(len(CEFR)),
                "rank": rng.choice([*range(1, 21), None]),
            }
            for _ in range(students)
        ],
        [
            {
                "fields": rng.sample(range(FIELDS), rng.randint(1, 3)),
                "capacity": rng.randint(5, 15),
                "min_english": rng.choice([None, None, 2, 3, 4]),
            }
            for _ in range(labs)
        ],
    )


def as_values(students: list[dict], labs: list[dict]):
    return (
        [
            matching.Student(
                id=n,
                interests=tuple(row["interests"]),
                english=row["english"],
                city_rank=row["rank"] if row["rank"] is not None else matching.NO_RANK,
            )
            for n, row in enumerate(students, start=1)
        ],
        {
            n: matching.Lab(
                id=n,
                fields=frozenset(row["fields"]),
                capacity=row["capacity"],
                min_english=row["min_english"] if row["min_english"] is not None else -1,
            )
            for n, row in enumerate(labs, start=1)
        },
    )


# --- (a) the algorithm beside a bare loop --------------------------------------------------------


def materialize(students: list[matching.Student], labs: dict[int, matching.Lab]):
    """Plain lists for the bare loop: each student's labs in the order of
    `matching.preferences`, each lab's ranking of its applicants as a dict of ranks."""
    by_field = matching.labs_by_field(labs)
    lab_ids = sorted(labs)
    index = {lab_id: i for i, lab_id in enumerate(lab_ids)}
    prefs, applicants = [], [[] for _ in lab_ids]
    for s, student in enumerate(students):
        row = []
        for lab_id, interest in matching.preferences(student, by_field):
            row.append(index[lab_id])
            applicants[index[lab_id]].append(
                (matching.priority(labs[lab_id], student, interest), s)
            )
        prefs.append(row)
    ranks = [{s: r for r, (_, s) in enumerate(sorted(entries))} for entries in applicants]
    capacity = [max(labs[lab_id].capacity, 0) for lab_id in lab_ids]
    return prefs, ranks, capacity, lab_ids


def bare_deferred_acceptance(prefs, ranks, capacity) -> tuple[list[int], int]:
    """Student-proposing deferred acceptance over plain lists: student index → lab index or -1,
    and the number of proposals made."""
    following = [0] * len(prefs)
    held = [[] for _ in capacity]  # max-heaps by rank: (-rank, student)
    free = list(range(len(prefs) - 1, -1, -1))
    while free:
        s = free.pop()
        row = prefs[s]
        while following[s] < len(row):
            lab = row[following[s]]
            following[s] += 1
            if capacity[lab] == 0:
                continue
            rank, heap = ranks[lab][s], held[lab]
            if len(heap) < capacity[lab]:
                heapq.heappush(heap, (-rank, s))
                break
            if rank < -heap[0][0]:
                free.append(heapq.heapreplace(heap, (-rank, s))[1])
                break
    matched = [-1] * len(prefs)
    for lab, heap in enumerate(held):
        for _, s in heap:
            matched[s] = lab
    return matched, sum(following)


def best_times(runs: int, *works) -> list[float]:
    """The best time of each piece of work; runs alternate, so a busy machine hits all alike."""
    times = [[] for _ in works]
    for _ in range(runs):
        for work, measured in zip(works, times, strict=True):
            gc.collect()
            start = time.perf_counter()
            work()
            measured.append(time.perf_counter() - start)
    return [min(measured) for measured in times]


def peak_memory(work) -> int:
    gc.collect()
    tracemalloc.start()
    work()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def bench_algorithm(runs: int) -> dict:
    students, labs = as_values(*instance(STUDENTS, LABS))
    outcome = matching.match(students, labs)
    prefs, ranks, capacity, lab_ids = materialize(students, labs)
    bare, proposals = bare_deferred_acceptance(prefs, ranks, capacity)
    same = {s + 1: lab_ids[lab] for s, lab in enumerate(bare) if lab >= 0} == outcome.matches
    match_s, bare_s = best_times(
        runs,
        lambda: matching.match(students, labs),
        lambda: bare_deferred_acceptance(prefs, ranks, capacity),
    )
    return {
        "matched": len(outcome.matches),
        "same_result": same,
        "proposals": proposals,
        "match_s": match_s,
        "bare_s": bare_s,
        "match_peak": peak_memory(lambda: matching.match(students, labs)),
        "bare_peak": peak_memory(lambda: bare_deferred_acceptance(prefs, ranks, capacity)),
    }


# --- (b) the whole run on a database -------------------------------------------------------------


def bench_endpoint(database_url: str, sizes: list[int]) -> list[dict]:
    """Runs in a child process configured for one database (settings are read once)."""
    os.environ.update(DEBUG="true", TEST_DATABASE_URL=database_url)
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.settings"  # reads TEST_DATABASE_URL
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    with tempfile.TemporaryDirectory() as folder:
        test_settings = connection.settings_dict.setdefault("TEST", {})
        test_settings["NAME"] = (
            str(Path(folder) / "bench.sqlite3") if connection.vendor == "sqlite" else "ish_bench"
        )
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        try:
            return [_measure_run(students) for students in sizes]
        finally:
            connection.creation.destroy_test_db(test_settings["NAME"], verbosity=0)


def _measure_run(size: int) -> dict:
    from django.db import connection
    from rest_framework.test import APIClient

    from ish.placements import services
    from ish.placements.models import Placement

    season, organiser = _database_instance(size)
    start = time.perf_counter()
    result = services.run_matching(season, actor=organiser)
    fresh = time.perf_counter() - start
    start = time.perf_counter()
    services.run_matching(season, actor=organiser)  # replacing every earlier proposal
    rerun = time.perf_counter() - start
    api = APIClient()
    api.force_authenticate(organiser)
    start = time.perf_counter()
    response = api.post("/api/v1/placements/match/", {"season": season.pk}, format="json")
    endpoint = time.perf_counter() - start
    assert response.status_code == 200, response.content[:500]
    queries = harness.queries_of(lambda: services.run_matching(season, actor=organiser))
    return {
        "database": connection.vendor,
        "students": size,
        "proposed": result.proposed,
        "placements": Placement.objects.filter(nomination__season=season).count(),
        "fresh_s": fresh,
        "rerun_s": rerun,
        "endpoint_s": endpoint,
        "queries": queries,
    }


def _database_instance(size: int):
    """A season with `size` accepted students and the 1,000 labs, written with bulk_create."""
    from ish.accounts.models import Role, User
    from ish.labs.models import Institute, Lab
    from ish.nominations.models import Nomination, ResearchInterest
    from ish.seasons.models import City, ResearchField, Season

    students, labs = instance(size, LABS)
    year = 2100 + size % 997
    season = Season.objects.create(
        year=year, title=f"Benchmark {size}", starts_on=f"{year}-07-17", ends_on=f"{year}-08-13",
        nomination_deadline=f"{year}-03-31T23:59:00+02:00",
    )  # fmt: skip
    organiser = User.objects.get_or_create(username="bench", defaults={"role": Role.ORGANISER})[0]
    fields = list(ResearchField.objects.order_by("pk"))
    if not Lab.objects.exists():
        institutes = Institute.objects.bulk_create(
            Institute(name=f"Institute {n}", short_name=f"I{n}") for n in range(10)
        )
        created = Lab.objects.bulk_create(
            Lab(
                institute=institutes[n % 10],
                name=f"Lab {n}",
                capacity=row["capacity"],
                min_english_level=CEFR[row["min_english"]] if row["min_english"] else "",
            )
            for n, row in enumerate(labs)
        )
        Lab.fields.through.objects.bulk_create(
            Lab.fields.through(lab=lab, researchfield=fields[field])
            for lab, row in zip(created, labs, strict=True)
            for field in row["fields"]
        )
    city = City.objects.get(slug="kumamoto")
    nominations = Nomination.objects.bulk_create(
        Nomination(
            season=season, city=city, status=Nomination.Status.ACCEPTED, rank=row["rank"],
            given_name="Student", family_name=f"No. {n}", email=f"s{n}@bench.example",
            english_level=CEFR[row["english"]],
        )
        for n, row in enumerate(students)
    )  # fmt: skip
    ResearchInterest.objects.bulk_create(
        ResearchInterest(nomination=nomination, field=fields[field], rank=rank)
        for nomination, row in zip(nominations, students, strict=True)
        for rank, field in enumerate(row["interests"], start=1)
    )
    return season, organiser


# --- the report ----------------------------------------------------------------------------------


def megabytes(size: int) -> str:
    return f"{size / 2**20:.1f} MB"


def print_algorithm(result: dict) -> None:
    ratio = result["match_s"] / result["bare_s"]
    print(f"(a) {STUDENTS:,} students × {LABS:,} labs: {result['proposals']:,} proposals, "
          f"{result['matched']:,} matched; ", end="")  # fmt: skip
    print("same matching as the bare loop" if result["same_result"] else "RESULTS DIFFER")
    print(f"    {'':30} {'best time':>10} {'peak memory':>12}")
    match_peak = megabytes(result["match_peak"])
    print(f"    {'matching.match':30} {result['match_s']:>9.3f}s {match_peak:>12}")
    print(f"    {'bare loop over plain lists':30} {result['bare_s']:>9.3f}s "
          f"{megabytes(result['bare_peak']):>12}")  # fmt: skip
    print(f"    ratio {ratio:.2f}× (target ≤ 3×)")


def print_endpoint(rows: list[dict]) -> None:
    print("(b) the whole run (target: endpoint < 5 s, queries constant)")
    print(f"    {'database':10} {'students':>8} {'proposed':>8} {'run':>7} {'re-run':>7} "
          f"{'endpoint':>8} {'queries':>7}")  # fmt: skip
    for row in rows:
        print(
            f"    {row['database']:10} {row['students']:>8,} {row['proposed']:>8,} "
            f"{row['fresh_s']:>6.2f}s {row['rerun_s']:>6.2f}s {row['endpoint_s']:>7.2f}s "
            f"{row['queries']:>7}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--runs",
        type=int,
        default=2 if harness.quick() else 5,
        help="timing runs of (a); the best counts",
    )
    parser.add_argument("--part", choices=["all", "algorithm", "endpoint"], default="all")
    parser.add_argument("--endpoint-on", help=argparse.SUPPRESS)  # the child process of (b)
    args = parser.parse_args()
    sizes = [size for size in harness.sizes() if size >= 1_000] or [1_000]
    if args.endpoint_on:
        print(json.dumps(bench_endpoint(args.endpoint_on, sizes)))
        return
    print(f"{os.cpu_count()} cores, Python {sys.version.split()[0]}, {time.strftime('%Y-%m-%d')}")
    result: dict = {"machine": harness.machine()}
    if args.part in {"all", "algorithm"}:
        result["algorithm"] = bench_algorithm(args.runs)
        print_algorithm(result["algorithm"])
    if args.part in {"all", "endpoint"}:
        databases = ["sqlite:///bench.sqlite3"]  # the name is replaced by a throwaway file
        if harness.postgres_url():
            databases.append(harness.postgres_url())
        rows = []
        for url in databases:
            child = subprocess.run(
                [sys.executable, __file__, "--endpoint-on", url],
                capture_output=True, text=True, check=True, cwd=PROJECT,
            )  # fmt: skip
            rows += json.loads(child.stdout.splitlines()[-1])
        print_endpoint(rows)
        result["endpoint"] = rows
    print()
    print(markdown(result))
    print(f"\nwritten: {harness.save('match', result)}")


def markdown(result: dict) -> str:
    """The README's tables: the algorithm beside the bare loop, and the whole run."""
    tables = []
    if "algorithm" in result:
        a = result["algorithm"]
        tables.append(harness.markdown(
            [f"the algorithm, {STUDENTS:,} students × {LABS:,} labs", "best time", "peak memory",
             "× bare"],
            [["`matching.match`", f"{a['match_s']:.3f} s", megabytes(a["match_peak"]),
              f"{a['match_s'] / a['bare_s']:.2f}×"],
             ["bare deferred acceptance over plain lists", f"{a['bare_s']:.3f} s",
              megabytes(a["bare_peak"]), "1.00×"]],
        ))  # fmt: skip
    if "endpoint" in result:
        tables.append(harness.markdown(
            ["the whole run", "first run", "re-run", "endpoint", "queries"],
            [[f"{row['database']}, {row['students']:,} students", f"{row['fresh_s']:.2f} s",
              f"{row['rerun_s']:.2f} s", f"{row['endpoint_s']:.2f} s", row["queries"]]
             for row in result["endpoint"]],
        ))  # fmt: skip
    return "\n\n".join(tables)


if __name__ == "__main__":
    main()
