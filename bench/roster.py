"""Benchmark of the Excel roster, run by hand: `.venv/bin/python bench/roster.py`.

A season of 10,000 accepted students (built with the test factories and written with
bulk_create into a throwaway SQLite database under the system's temporary folder, and PostgreSQL
when TEST_DATABASE_URL is set), each with research interests, a lab placement, a bed and travel
dates. Measured in one run, for an organiser's roster (all five sheets):

(a) `workbooks.build` and the whole `services.run_export` (file saved, mail written), beside a
    bare openpyxl write-only loop writing the same cells to the same sheets from lists computed
    beforehand: best wall-clock and CPU time of several runs (taking turns); peak memory
    allocated by Python (tracemalloc) in separate runs, and the peak resident memory of a fresh
    process doing the work once (ru_maxrss: what the machine has to provide, interpreter,
    Django and the C libraries included).
(b) the queries of `workbooks.build` and of `run_export` at 1,000 and 10,000 students.
"""

import argparse
import datetime as dt
import gc
import io
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

import harness  # noqa: E402  (bench/, beside this script)

# BENCH_SIZES picks among them; the ratios are measured at the largest.
SIZES, SEED = [size for size in harness.sizes() if size >= 1_000] or [1_000], 2027
FAMILY_NAMES = [
    "Abe",
    "Bernard",
    "Chen",
    "Dupont",
    "Evans",
    "Fischer",
    "García",
    "Huang",
    "Ivanova",
    "Jones",
    "Kowalski",
    "Levi",
    "Müller",
    "Nakamura",
    "Okafor",
    "Petrov",
]
GIVEN_NAMES = ["Aiko", "Ben", "Chloé", "Daniel", "Emma", "Felix", "Hana", "Ilya", "Jonas", "Lea"]


# --- the season ----------------------------------------------------------------------------------


def season_year(size: int) -> int:
    return 2100 + size % 997


def one_each(values: list):
    """A factory declaration handing out `values` in turn, one per object of a batch."""
    import factory

    return factory.Iterator(values, cycle=False)


def a_season(size: int):
    """A season with `size` accepted students of the reference cities, each with two research
    interests, an accepted placement in one of 1,000 labs, a bed in one of 1,000 host families
    and travel dates: built with the test factories, written with bulk_create."""
    from ish.housing.models import Accommodation, HousingAssignment
    from ish.labs.models import Institute, Lab
    from ish.nominations.models import Nomination, ResearchInterest
    from ish.placements.models import Placement
    from ish.seasons.models import City, ResearchField
    from tests.factories import (
        AccommodationFactory,
        HousingAssignmentFactory,
        InstituteFactory,
        LabFactory,
        NominationFactory,
        OrganiserFactory,
        PlacementFactory,
        SeasonFactory,
    )

    rng = random.Random(SEED + size)
    year = season_year(size)
    season = SeasonFactory(year=year, title=f"Benchmark {size}")
    organiser = OrganiserFactory(username="bench", email="bench@example.org")
    cities, fields = list(City.objects.order_by("pk")), list(ResearchField.objects.order_by("pk"))
    if not Lab.objects.exists():
        institutes = Institute.objects.bulk_create(InstituteFactory.build_batch(10))
        Lab.objects.bulk_create(
            LabFactory.build_batch(1_000, institute=one_each(institutes * 100), capacity=10 + size)
        )
        Accommodation.objects.bulk_create(
            AccommodationFactory.build_batch(
                1_000, beds=10, available_from=dt.date(2100, 1, 1),
                available_until=dt.date(2199, 12, 31),
            )
        )  # fmt: skip
    labs, places = list(Lab.objects.order_by("pk")), list(Accommodation.objects.order_by("pk"))
    arrival = dt.datetime(year, 7, 16, 6, 0, tzinfo=dt.UTC)
    numbers = range(size)
    students = Nomination.objects.bulk_create(
        NominationFactory.build_batch(
            size, season=season, status=Nomination.Status.ACCEPTED, graduation_year=year,
            city=one_each([cities[n % len(cities)] for n in numbers]),
            given_name=one_each([rng.choice(GIVEN_NAMES) for _n in numbers]),
            family_name=one_each([f"{rng.choice(FAMILY_NAMES)}-{n}" for n in numbers]),
            date_of_birth=one_each([dt.date(year - 19, 1 + n % 12, 1 + n % 28) for n in numbers]),
            email=one_each([f"student{n}@bench.example" for n in numbers]),
            passport_number=one_each([f"P{n:08d}" for n in numbers]),
            dietary_requirements=one_each(["vegetarian" if n % 5 else "" for n in numbers]),
            allergies=one_each(["pollen" if n % 7 == 0 else "" for n in numbers]),
            emergency_contact_name=one_each([f"Parent {n}" for n in numbers]),
            emergency_contact_phone="+81901234567",
            arrival_at=one_each([arrival + dt.timedelta(minutes=n % 2_000) for n in numbers]),
            departure_at=arrival + dt.timedelta(days=29),
            arrival_details=one_each([f"LH {400 + n % 50}" for n in numbers]),
        )
    )  # fmt: skip
    # Research interests have no factory of their own (NominationFactory adds them on create).
    ResearchInterest.objects.bulk_create(
        ResearchInterest(nomination=student, field=fields[(n + rank) % len(fields)], rank=rank)
        for n, student in enumerate(students)
        for rank in (1, 2)
    )
    Placement.objects.bulk_create(
        PlacementFactory.build_batch(
            size, nomination=one_each(students), status=Placement.Status.ACCEPTED,
            lab=one_each([labs[n % len(labs)] for n in numbers]),
        )
    )  # fmt: skip
    HousingAssignment.objects.bulk_create(
        HousingAssignmentFactory.build_batch(
            size, nomination=one_each(students), status=HousingAssignment.Status.CONFIRMED,
            accommodation=one_each([places[n % len(places)] for n in numbers]),
        )
    )  # fmt: skip
    return season, organiser


# --- the bare loop -------------------------------------------------------------------------------


def same_cells(season, organiser) -> list[tuple[str, list, list[list]]]:
    """Each sheet's title, header and rows as plain lists: the cells the export writes."""
    from ish.spreadsheets import registered_export

    cells = []
    for sheet in registered_export("roster").sheets(organiser, season):
        rows = [[column.value(row) for column in sheet.columns] for row in sheet.rows]
        cells.append((str(sheet.title), [str(column.header) for column in sheet.columns], rows))
    return cells


def bare_loop(cells, target) -> None:
    """openpyxl in write-only mode and nothing else: the floor for writing these cells."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    for title, header, rows in cells:
        worksheet = workbook.create_sheet(title)
        worksheet.append(header)
        for row in rows:
            worksheet.append(row)
    workbook.save(target)


# --- measuring -----------------------------------------------------------------------------------


def best_times(works: dict, runs: int) -> dict[str, float]:
    """The best wall-clock and CPU time of each piece of work, taking turns so that a busy
    machine slows them all alike. CPU time is the steadier figure where other processes run."""
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in works}
    for _ in range(runs):
        for name, work in works.items():
            gc.collect()
            wall, cpu = time.perf_counter(), time.process_time()
            work()
            times[name].append((time.perf_counter() - wall, time.process_time() - cpu))
    best = {}
    for name, measured in times.items():
        best[f"{name}_s"] = min(wall for wall, _cpu in measured)
        best[f"{name}_cpu"] = min(cpu for _wall, cpu in measured)
    return best


def peak_memory(work) -> int:
    gc.collect()
    tracemalloc.start()
    work()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def queries(work) -> int:
    return harness.queries_of(work)


def peak_rss() -> int:
    """The process's peak resident memory so far, in bytes (Linux counts kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def configure(database_url: str) -> None:
    """Settings for one database (they are read once per process), then Django."""
    os.environ.update(
        DEBUG="true", TEST_DATABASE_URL=database_url,
        CELERY_TASK_ALWAYS_EAGER="true",
        EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",  # stored, not sent
    )  # fmt: skip
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.settings"  # reads TEST_DATABASE_URL
    import django

    django.setup()
    from django.test.utils import setup_test_environment

    setup_test_environment()


def measure(database_url: str, runs: int, folder: str) -> dict:
    """In a child process for one database: fills a throwaway database (a file in `folder` for
    SQLite) and measures; the database is left for the processes measuring memory."""
    configure(database_url)
    from django.db import connection

    test_settings = connection.settings_dict.setdefault("TEST", {})
    test_settings["NAME"] = (
        str(Path(folder) / "bench.sqlite3") if connection.vendor == "sqlite" else "ish_bench"
    )
    name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        return {**_measure(runs), "database_name": name}
    except BaseException:
        connection.creation.destroy_test_db(test_settings["NAME"], verbosity=0)
        raise


def drop(database_url: str, database: str) -> dict:
    configure(database_url)
    from django.db import connection

    configured = connection.settings_dict["NAME"]
    connection.settings_dict["NAME"] = database
    connection.creation.destroy_test_db(configured, verbosity=0)
    return {"dropped": database}


def in_a_child(*args: str) -> dict:
    """This script run again with `args`; what it printed last, as JSON."""
    child = subprocess.run(
        [sys.executable, __file__, *args], capture_output=True, text=True, cwd=PROJECT
    )
    if child.returncode:
        sys.exit(child.stderr)
    return json.loads(child.stdout.splitlines()[-1])


def measured_on(url: str, runs: int) -> dict:
    """Everything measured on one database. The processes measuring resident memory are started
    by this small one, not by the one holding the data: Linux counts the starting process's
    peak into ru_maxrss of the process it starts."""
    with tempfile.TemporaryDirectory(prefix="ish-bench-") as folder:
        os.environ["MEDIA_ROOT"] = str(Path(folder) / "media")  # inherited by every child
        result = in_a_child("--on", url, "--folder", folder, "--runs", str(runs))
        database = result["database_name"]
        try:
            result["rss"] = {
                work: in_a_child("--on", url, "--database", database, "--rss", work)
                for work in WORKS
            }
        finally:
            in_a_child("--on", url, "--drop", database)
    return result


def rss_of(work: str, database_url: str, database: str) -> dict[str, int]:
    """In a fresh process on the filled database: its peak resident memory before the work
    (Django and the inputs loaded) and after doing it once."""
    configure(database_url)
    from django.conf import settings
    from django.db import connection

    from ish.accounts.models import User
    from ish.seasons.models import Season

    settings.DATABASES["default"]["NAME"] = connection.settings_dict["NAME"] = database
    season = Season.objects.get(year=season_year(SIZES[-1]))
    organiser = User.objects.get(username="bench")
    if work == "bare":
        cells = same_cells(season, organiser)  # the loop's input, counted before it

        def todo() -> None:
            _to_file(lambda target: bare_loop(cells, target))

    elif work == "build":

        def todo() -> None:
            _to_file(build_to(season, organiser))

    else:
        todo = export(season, organiser)
    gc.collect()
    before = peak_rss()
    todo()
    return {"before": before, "peak": peak_rss()}


WORKS = ["build", "run_export", "bare"]


def export(season, organiser):
    """The whole task for a new job, as a worker runs it."""
    from ish.rosters import services
    from ish.rosters.models import ExportJob

    def run() -> None:
        job = ExportJob.objects.create(kind="roster", season=season, requested_by=organiser)
        services.run_export(job.pk)
        job.refresh_from_db()
        assert job.status == ExportJob.Status.DONE, job.error

    return run


def _measure(runs: int) -> dict:
    from django.db import connection

    from ish.rosters import workbooks

    def build(season, organiser):
        return lambda: workbooks.build("roster", organiser, season, io.BytesIO())

    result: dict = {"database": connection.vendor, "queries": {}}
    for size in SIZES:
        start = time.perf_counter()
        season, organiser = a_season(size)
        result.setdefault("setup_s", {})[size] = time.perf_counter() - start
        export(season, organiser)()  # once first: per-process caches (content types) fill up
        result["queries"][size] = {
            "build": queries(build(season, organiser)),
            "run_export": queries(export(season, organiser)),
        }
    rows = workbooks.build("roster", organiser, season, io.BytesIO())
    cells = same_cells(season, organiser)
    assert sum(len(sheet_rows) for _title, _header, sheet_rows in cells) == rows
    result |= {
        "students": SIZES[-1],
        "rows": rows,
        "cells": sum(len(header) * (len(r) + 1) for _t, header, r in cells),
        **best_times(
            {
                "build": build(season, organiser),
                "run_export": export(season, organiser),
                "bare": lambda: bare_loop(cells, io.BytesIO()),
            },
            runs,
        ),
        # Written to files, as the worker does: a BytesIO would count the workbook itself.
        "build_peak": peak_memory(lambda: _to_file(build_to(season, organiser))),
        "run_export_peak": peak_memory(export(season, organiser)),
        "bare_peak": peak_memory(lambda: _to_file(lambda target: bare_loop(cells, target))),
    }
    return result


def build_to(season, organiser):
    from ish.rosters import workbooks

    return lambda target: workbooks.build("roster", organiser, season, target)


def _to_file(write) -> None:
    with tempfile.TemporaryFile() as target:
        write(target)


# --- the report ----------------------------------------------------------------------------------


def megabytes(size: int) -> str:
    return f"{size / 2**20:.1f} MB"


def report(result: dict) -> None:
    setup = result["setup_s"][str(result["students"])]
    print(f"{result['database']}: {result['students']:,} students, {result['rows']:,} rows, "
          f"{result['cells']:,} cells (data written in {setup:.1f} s)")  # fmt: skip
    header = ["wall time", "× bare", "CPU time", "× bare", "tracemalloc", "peak RSS (before)"]
    print(f"    {'':30} {header[0]:>9} {header[1]:>6} {header[2]:>8} {header[3]:>6} "
          f"{header[4]:>11} {header[5]:>20}")  # fmt: skip
    for label, key in [
        ("workbooks.build (roster)", "build"),
        ("services.run_export (roster)", "run_export"),
        ("bare openpyxl write-only loop", "bare"),
    ]:
        wall, cpu = result[f"{key}_s"], result[f"{key}_cpu"]
        peak = megabytes(result[f"{key}_peak"])
        rss = result["rss"][key]
        resident = f"{megabytes(rss['peak'])} ({megabytes(rss['before'])})"
        print(f"    {label:30} {wall:>8.2f}s {wall / result['bare_s']:>5.2f}× {cpu:>7.2f}s "
              f"{cpu / result['bare_cpu']:>5.2f}× {peak:>11} {resident:>20}")  # fmt: skip
    counts = result["queries"]
    print("    queries        " + "  ".join(f"{int(size):>6,} students" for size in counts))
    for name in ("build", "run_export"):
        print(f"    {name:14} " + "  ".join(f"{counts[size][name]:>15}" for size in counts))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=2 if harness.quick() else 5,
                        help="timing runs; the best counts")  # fmt: skip
    # The child processes: --on a database, filling it in --folder and measuring, or measuring
    # one work's --rss on the filled --database, or dropping it.
    parser.add_argument("--on", help=argparse.SUPPRESS)
    parser.add_argument("--folder", help=argparse.SUPPRESS)
    parser.add_argument("--database", help=argparse.SUPPRESS)
    parser.add_argument("--rss", choices=WORKS, help=argparse.SUPPRESS)
    parser.add_argument("--drop", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.on:
        if args.rss:
            result = rss_of(args.rss, args.on, args.database)
        elif args.drop:
            result = drop(args.on, args.drop)
        else:
            result = measure(args.on, args.runs, args.folder)
        print(json.dumps(result))
        return
    print(f"{os.cpu_count()} cores, Python {sys.version.split()[0]}, {time.strftime('%Y-%m-%d')}")
    print("targets: build within 1.5× of the bare loop, peak memory < 200 MB, constant queries")
    databases = ["sqlite:///bench.sqlite3"]  # the name is replaced by a throwaway file
    if harness.postgres_url():
        databases.append(harness.postgres_url())
    results = []
    for url in databases:
        results.append(measured_on(url, args.runs))
        report(results[-1])
    print()
    print(markdown(results))
    print(
        f"\nwritten: {harness.save('roster', {'machine': harness.machine(), 'results': results})}"
    )


def markdown(results: list[dict]) -> str:
    """The README's table: each work beside the bare loop, per database."""
    rows = []
    for result in results:
        for label, key in [("`workbooks.build`", "build"), ("`services.run_export`", "run_export"),
                           ("bare openpyxl loop", "bare")]:  # fmt: skip
            rss = result["rss"][key]
            rows.append([
                f"{result['database']}, {result['students']:,} students: {label}",
                f"{result[f'{key}_s']:.2f} s", f"{result[f'{key}_cpu']:.2f} s",
                f"{result[f'{key}_cpu'] / result['bare_cpu']:.2f}×",
                megabytes(result[f"{key}_peak"]),
                f"{megabytes(rss['peak'])} ({megabytes(rss['before'])})",
                ", ".join(str(counts.get(key, "–")) for counts in result["queries"].values()),
            ])  # fmt: skip
    header = ["roster (organiser)", "wall", "CPU", "CPU × bare", "tracemalloc",
              "peak RSS (before)", f"queries at {', '.join(map(str, SIZES))}"]  # fmt: skip
    return harness.markdown(header, rows)


if __name__ == "__main__":
    main()
