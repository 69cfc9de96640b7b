"""Benchmark of the Excel roster, run by hand: `.venv/bin/python bench/roster.py`.

A season of 10,000 accepted students (written with bulk_create into a throwaway SQLite database,
and PostgreSQL when TEST_DATABASE_URL is set), each with research interests, a lab placement, a
bed and travel dates. Measured in one run, for an organiser's roster (all five sheets):

(a) `workbooks.build` and the whole `services.run_export` (file saved, mail written), beside a
    bare openpyxl write-only loop writing the same cells to the same sheets from lists computed
    beforehand: best wall-clock and CPU time of several runs (taking turns), and peak memory
    (tracemalloc) in separate runs.
(b) the queries of `workbooks.build` and of `run_export` at 1,000 and 10,000 students.
"""

import argparse
import datetime as dt
import gc
import io
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

SIZES, SEED = [1_000, 10_000], 2027
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


def a_season(size: int):
    """A season with `size` accepted students of the reference cities, each with two research
    interests, an accepted placement in one of 1,000 labs, a bed in one of 1,000 host families
    and travel dates, written with bulk_create."""
    from ish.accounts.models import Role, User
    from ish.housing.models import Accommodation, HousingAssignment
    from ish.labs.models import Institute, Lab
    from ish.nominations.models import Nomination, ResearchInterest
    from ish.placements.models import Placement
    from ish.seasons.models import City, ResearchField, Season

    rng = random.Random(SEED + size)
    year = 2100 + size % 997
    season = Season.objects.create(
        year=year, title=f"Benchmark {size}", starts_on=dt.date(year, 7, 17),
        ends_on=dt.date(year, 8, 13), nomination_deadline=dt.datetime(year, 3, 31, tzinfo=dt.UTC),
    )  # fmt: skip
    organiser, _ = User.objects.get_or_create(
        username="bench", defaults={"role": Role.ORGANISER, "email": "bench@example.org"}
    )
    cities, fields = list(City.objects.order_by("pk")), list(ResearchField.objects.order_by("pk"))
    if not Lab.objects.exists():
        institutes = Institute.objects.bulk_create(
            Institute(name=f"Institute {n}", short_name=f"I{n}") for n in range(10)
        )
        Lab.objects.bulk_create(
            Lab(institute=institutes[n % 10], name=f"Lab {n}", capacity=10 + size)
            for n in range(1_000)
        )
        Accommodation.objects.bulk_create(
            Accommodation(
                name=f"Family {n}", address=f"Hauptstraße {n}\n69117 Heidelberg", beds=10,
                contact_email=f"host{n}@example.de", available_from=dt.date(2100, 1, 1),
                available_until=dt.date(2199, 12, 31),
            )
            for n in range(1_000)
        )  # fmt: skip
    labs, places = list(Lab.objects.order_by("pk")), list(Accommodation.objects.order_by("pk"))
    arrival = dt.datetime(year, 7, 16, 6, 0, tzinfo=dt.UTC)
    students = Nomination.objects.bulk_create(
        Nomination(
            season=season, city=cities[n % len(cities)], status=Nomination.Status.ACCEPTED,
            given_name=rng.choice(GIVEN_NAMES), family_name=f"{rng.choice(FAMILY_NAMES)}-{n}",
            date_of_birth=dt.date(year - 19, 1 + n % 12, 1 + n % 28), gender="female",
            email=f"student{n}@bench.example", phone="+81961234567", nationality="JP",
            school="Kumamoto Prefectural High School", graduation_year=year,
            english_level="B2", german_level="A2", motivation="Proteins.",
            passport_number=f"P{n:08d}", dietary_requirements="vegetarian" if n % 5 else "",
            allergies="pollen" if n % 7 == 0 else "", emergency_contact_name=f"Parent {n}",
            emergency_contact_phone="+81901234567",
            arrival_at=arrival + dt.timedelta(minutes=n % 2_000),
            departure_at=arrival + dt.timedelta(days=29), arrival_details=f"LH {400 + n % 50}",
        )
        for n in range(size)
    )  # fmt: skip
    ResearchInterest.objects.bulk_create(
        ResearchInterest(nomination=student, field=fields[(n + rank) % len(fields)], rank=rank)
        for n, student in enumerate(students)
        for rank in (1, 2)
    )
    Placement.objects.bulk_create(
        Placement(
            nomination=student, lab=labs[n % len(labs)], status=Placement.Status.ACCEPTED,
            starts_on=season.starts_on, ends_on=season.ends_on,
        )
        for n, student in enumerate(students)
    )  # fmt: skip
    HousingAssignment.objects.bulk_create(
        HousingAssignment(
            nomination=student, accommodation=places[n % len(places)],
            check_in=season.starts_on - dt.timedelta(days=1),
            check_out=season.ends_on + dt.timedelta(days=1),
            status=HousingAssignment.Status.CONFIRMED,
        )
        for n, student in enumerate(students)
    )  # fmt: skip
    return season, organiser


# --- the bare loop -------------------------------------------------------------------------------


def same_cells(season, organiser) -> list[tuple[str, list, list[list]]]:
    """Each sheet's title, header and rows as plain lists: the cells the export writes."""
    from ish.rosters import workbooks

    sheets = workbooks.sheets_for("roster", workbooks._interests(season))
    cells = []
    for sheet in sheets:
        columns = workbooks.visible_columns(sheet, organiser)
        rows = [[column.value(row) for column in columns] for row in sheet.rows(organiser, season)]
        cells.append((str(sheet.title), [str(column.header) for column in columns], rows))
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
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        work()
    return len(captured)


def measure(database_url: str, runs: int) -> dict:
    """Runs in a child process configured for one database (settings are read once)."""
    media = tempfile.mkdtemp(prefix="ish-bench-media-")
    os.environ.update(
        ISH_TESTING="1", DEBUG="true", TEST_DATABASE_URL=database_url, MEDIA_ROOT=media,
        CELERY_TASK_ALWAYS_EAGER="true",
        EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",  # stored, not sent
    )  # fmt: skip
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ish.settings")
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
            return _measure(runs)
        finally:
            connection.creation.destroy_test_db(test_settings["NAME"], verbosity=0)


def _measure(runs: int) -> dict:
    from django.db import connection

    from ish.rosters import services, workbooks
    from ish.rosters.models import ExportJob

    def build(season, organiser):
        return lambda: workbooks.build("roster", organiser, season, io.BytesIO())

    def export(season, organiser):
        def run() -> None:
            job = ExportJob.objects.create(kind="roster", season=season, requested_by=organiser)
            services.run_export(job.pk)
            job.refresh_from_db()
            assert job.status == ExportJob.Status.DONE, job.error

        return run

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
    header = ["wall time", "× bare", "CPU time", "× bare", "peak memory"]
    print(
        f"    {'':30} {header[0]:>9} {header[1]:>6} {header[2]:>8} {header[3]:>6} {header[4]:>11}"
    )
    for label, key in [
        ("workbooks.build (roster)", "build"),
        ("services.run_export (roster)", "run_export"),
        ("bare openpyxl write-only loop", "bare"),
    ]:
        wall, cpu = result[f"{key}_s"], result[f"{key}_cpu"]
        peak = megabytes(result[f"{key}_peak"])
        print(f"    {label:30} {wall:>8.2f}s {wall / result['bare_s']:>5.2f}× {cpu:>7.2f}s "
              f"{cpu / result['bare_cpu']:>5.2f}× {peak:>11}")  # fmt: skip
    counts = result["queries"]
    print("    queries        " + "  ".join(f"{int(size):>6,} students" for size in counts))
    for name in ("build", "run_export"):
        print(f"    {name:14} " + "  ".join(f"{counts[size][name]:>15}" for size in counts))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="timing runs; the best counts")
    parser.add_argument("--on", help=argparse.SUPPRESS)  # the child process for one database
    args = parser.parse_args()
    if args.on:
        print(json.dumps(measure(args.on, args.runs)))
        return
    print(f"{os.cpu_count()} cores, Python {sys.version.split()[0]}, {time.strftime('%Y-%m-%d')}")
    print("targets: build within 1.5× of the bare loop, peak memory < 200 MB, constant queries")
    databases = ["sqlite:///bench.sqlite3"]  # the name is replaced by a throwaway file
    if os.environ.get("TEST_DATABASE_URL", "").startswith("postgres"):
        databases.append(os.environ["TEST_DATABASE_URL"])
    for url in databases:
        child = subprocess.run(
            [sys.executable, __file__, "--on", url, "--runs", str(args.runs)],
            capture_output=True, text=True, cwd=PROJECT,
        )  # fmt: skip
        if child.returncode:
            sys.exit(child.stderr)
        report(json.loads(child.stdout.splitlines()[-1]))


if __name__ == "__main__":
    main()
