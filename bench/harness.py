"""What every benchmark shares: throwaway databases, a season built with the test factories,
child processes configured for one database, timing, and the markdown table and JSON it leaves."""

import contextlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

PROJECT = Path(__file__).resolve().parent.parent
RESULTS = PROJECT / "bench" / "results"
DEFAULT_SIZES = [100, 1_000, 10_000]
SQLITE = "sqlite://"


# --- what to measure ---------------------------------------------------------------------------


def sizes() -> list[int]:
    """BENCH_SIZES=100,1000 narrows a run; BENCH_QUICK=1 keeps the two smallest."""
    chosen = [int(size) for size in os.environ.get("BENCH_SIZES", "").split(",") if size.strip()]
    chosen = chosen or DEFAULT_SIZES
    return chosen[:2] if quick() else chosen


def quick() -> bool:
    return os.environ.get("BENCH_QUICK", "") not in {"", "0", "false"}


def postgres_url() -> str | None:
    for name in ("BENCH_DATABASE_URL", "TEST_DATABASE_URL"):
        url = os.environ.get(name, "")
        if url.startswith(("postgres://", "postgresql://")):
            return url
    return None


def database_kinds() -> list[str]:
    """SQLite always (a file in a temporary folder), PostgreSQL when an address is given."""
    return [SQLITE] + ([url] if (url := postgres_url()) else [])


def label(url: str) -> str:
    return "SQLite" if url.startswith("sqlite") else "PostgreSQL"


def short(size: int) -> str:
    return f"{size // 1000}k" if size >= 1000 else str(size)


# --- throwaway databases -----------------------------------------------------------------------


class Databases:
    """Fresh migrated databases of one kind: migrated once into a template, then copied (a file
    copy on SQLite, CREATE DATABASE … TEMPLATE on PostgreSQL); all dropped on leaving."""

    def __init__(self, kind: str, folder: Path):
        self.kind, self.folder = kind, folder
        self.prefix = f"ish_bench_{os.getpid()}"
        self.created: list[str] = []
        self.template = self._empty("template")
        migrate = [sys.executable, "manage.py", "migrate", "--noinput", "-v0"]
        try:
            subprocess.run(migrate, cwd=PROJECT, env=child_env(self.template), check=True)
        except BaseException:
            self.close()
            raise

    def new(self, name: str) -> str:
        if self.kind == SQLITE:
            path = self.folder / f"{name}.sqlite3"
            shutil.copyfile(urlsplit(self.template).path, path)
            return f"sqlite:///{path}"
        return self._empty(name, template=f"{self.prefix}_template")

    def _empty(self, name: str, template: str | None = None) -> str:
        if self.kind == SQLITE:
            return f"sqlite:///{self.folder / f'{name}.sqlite3'}"
        database = f"{self.prefix}_{name}"
        suffix = f" TEMPLATE {template}" if template else ""
        self._admin(f"DROP DATABASE IF EXISTS {database}", f"CREATE DATABASE {database}{suffix}")
        self.created.append(database)
        return urlunsplit(urlsplit(self.kind)._replace(path=f"/{database}"))

    def _admin(self, *statements: str) -> None:
        import psycopg

        address = self.kind.replace("postgres://", "postgresql://")
        with psycopg.connect(address, autocommit=True) as db:
            for statement in statements:
                db.execute(statement)

    def drop(self, url: str) -> None:
        if self.kind == SQLITE:
            Path(urlsplit(url).path).unlink(missing_ok=True)
        else:
            database = urlsplit(url).path.lstrip("/")
            self._admin(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
            self.created.remove(database)

    def close(self) -> None:
        if self.kind != SQLITE:  # the template last: the others were copied from it
            for database in reversed(self.created):
                self._admin(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")


@contextlib.contextmanager
def databases(kind: str) -> Iterator[Databases]:
    with tempfile.TemporaryDirectory(prefix="ish-bench-") as folder:
        os.environ["MEDIA_ROOT"] = str(Path(folder) / "media")  # inherited by every child
        found = Databases(kind, Path(folder))
        try:
            yield found
        finally:
            found.close()


# --- child processes, each configured for one database -------------------------------------------


def child_env(database_url: str, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "BENCH_DATABASE_URL": database_url,
        "PYTHONPATH": str(PROJECT),
        **extra,
    }


def in_child(script: str, database_url: str, *args: str, **extra: str) -> dict:
    """`python bench/<script> --child …` on `database_url`; what it printed last, as JSON."""
    child = subprocess.run(
        [sys.executable, str(PROJECT / "bench" / script), "--child", *args],
        capture_output=True, text=True, cwd=PROJECT, env=child_env(database_url, **extra),
    )  # fmt: skip
    if child.returncode:
        sys.exit(f"bench/{script} {' '.join(args)} failed:\n{child.stderr[-4000:]}")
    return json.loads(child.stdout.splitlines()[-1])


def setup_django() -> None:
    """In a child: Django on the database its parent named."""
    sys.path.insert(0, str(PROJECT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()


# --- the data ------------------------------------------------------------------------------------

GIVEN_NAMES = ["Aiko", "Li", "Maja", "Jean", "Sofia", "Omar", "Hana", "Lukas", "Amara", "Chen"]
FAMILY_NAMES = ["Tanaka", "Wang", "Novak", "Martin", "Rossi", "Haddad", "Kim", "Weber", "Okafor"]
DOCUMENT_KINDS = ["cv", "motivation_letter", "transcript"]


def a_season(size: int) -> dict:
    """A realistic season of `size` nominations over every city (each with its quota and a
    coordinator): most accepted, with two research interests, three documents, a placement in one
    of size/10 labs and a bed in one of size/10 host families; the rest submitted, waitlisted,
    declined or draft. Built with the factories' `build`, written with bulk_create. Returns the
    ids the benchmarks need."""
    import datetime as dt
    import random

    from knox.models import AuthToken

    from ish.accounts.models import Role, User
    from ish.housing.models import Accommodation, HousingAssignment
    from ish.labs.models import Institute, Lab
    from ish.nominations.models import Document, Nomination, ResearchInterest
    from ish.placements.models import Placement
    from ish.seasons.models import City, Quota, ResearchField
    from tests import factories

    rng, year = random.Random(2027 + size), 2027
    season = factories.SeasonFactory(year=year)
    cities, fields = list(City.objects.order_by("pk")), list(ResearchField.objects.order_by("pk"))
    per_city = size // len(cities) + 1
    Quota.objects.bulk_create(
        Quota(season=season, city=city, places=per_city, alternates=per_city) for city in cities
    )
    organiser = factories.OrganiserFactory(username="bench-office")
    coordinators = User.objects.bulk_create(
        User(username=f"bench-{city.slug}", email=f"{city.slug}@bench.example", city=city,
             role=Role.COORDINATOR, password=organiser.password)
        for city in cities
    )  # fmt: skip
    places = max(size // 10, 5)
    institutes = Institute.objects.bulk_create(factories.InstituteFactory.build_batch(10))
    labs = Lab.objects.bulk_create(
        factories.LabFactory.build(institute=institutes[n % 10], capacity=12) for n in range(places)
    )
    Lab.fields.through.objects.bulk_create(
        Lab.fields.through(lab=lab, researchfield=fields[n % len(fields)])
        for n, lab in enumerate(labs)
    )
    lab_host = factories.LabHostFactory(username="bench-lab", lab=labs[0])
    homes = Accommodation.objects.bulk_create(
        factories.AccommodationFactory.build_batch(places, beds=12)
    )
    statuses = [Nomination.Status.ACCEPTED] * 14 + [
        Nomination.Status.SUBMITTED, Nomination.Status.WAITLISTED,
        Nomination.Status.DECLINED, Nomination.Status.CONFIRMED, Nomination.Status.DRAFT,
        Nomination.Status.ACCEPTED,
    ]  # fmt: skip
    arrival = dt.datetime(year, 7, 16, 6, 0, tzinfo=dt.UTC)
    decided = dt.datetime(year, 4, 10, 9, 0, tzinfo=dt.UTC)
    nominations = Nomination.objects.bulk_create(
        factories.NominationFactory.build(
            season=season, city=cities[n % len(cities)], status=statuses[n % len(statuses)],
            rank=n // len(cities) + 1,
            given_name=rng.choice(GIVEN_NAMES), family_name=f"{rng.choice(FAMILY_NAMES)}-{n}",
            email=f"student{n}@bench.example", date_of_birth=dt.date(2008, 1 + n % 12, 1 + n % 28),
            passport_number=f"P{n:08d}", emergency_contact_name=f"Parent {n}",
            emergency_contact_phone="+81901234567", dietary_requirements=["", "vegan"][n % 5 == 0],
            arrival_at=arrival + dt.timedelta(minutes=n % 2_000),
            departure_at=arrival + dt.timedelta(days=29), arrival_details=f"LH {400 + n % 50}",
            submitted_at=decided - dt.timedelta(days=30), decided_at=decided,
        )
        for n in range(size)
    )  # fmt: skip
    ResearchInterest.objects.bulk_create(
        ResearchInterest(nomination=nomination, field=fields[(n + rank) % len(fields)], rank=rank)
        for n, nomination in enumerate(nominations)
        for rank in (1, 2)
    )
    Document.objects.bulk_create(
        Document(nomination=nomination, kind=kind, filename=f"{kind}.pdf",
                 file=f"nominations/{year}/{nomination.pk}/{kind}.pdf",
                 content_type="application/pdf", size=len(factories.PDF_BYTES))
        for nomination in nominations
        for kind in DOCUMENT_KINDS
    )  # fmt: skip
    placed = [n for n in nominations if n.status in Nomination.HOLDS_A_PLACE]
    Placement.objects.bulk_create(
        factories.PlacementFactory.build(
            nomination=nomination, lab=labs[n % len(labs)], status=Placement.Status.ACCEPTED
        )
        for n, nomination in enumerate(placed)
    )
    HousingAssignment.objects.bulk_create(
        factories.HousingAssignmentFactory.build(
            nomination=nomination, accommodation=homes[n % len(homes)],
            status=HousingAssignment.Status.CONFIRMED,
        )
        for n, nomination in enumerate(placed)
    )  # fmt: skip
    tokens = {user.username: AuthToken.objects.create(user=user)[1]
              for user in [organiser, coordinators[0], lab_host]}  # fmt: skip
    return {
        "size": size,
        "season": season.pk,
        "organiser": organiser.pk,
        "coordinator": coordinators[0].pk,
        "lab_host": lab_host.pk,
        "nomination": placed[0].pk,
        "tokens": tokens,
    }


# --- measuring -----------------------------------------------------------------------------------


def timed(work: Callable[[], object], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return times


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def queries_of(work: Callable[[], object]) -> int:
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    # The log keeps at most 9,000 queries: counted from a full one, nothing would show.
    reset_queries()
    with CaptureQueriesContext(connection) as captured:
        work()
    return len(captured)


# --- the report ----------------------------------------------------------------------------------


def markdown(header: list[str], rows: list[list]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def save(name: str, result: dict) -> Path:
    """bench/results/<name>-<time>.json (git ignores the folder)."""
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"{name}-{time.strftime('%Y%m%d-%H%M%S')}.json"
    path.write_text(json.dumps(result, indent=1, default=str))
    return path


def machine() -> dict:
    return {
        "cores": os.cpu_count(),
        "python": sys.version.split()[0],
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "sizes": sizes(),
        "quick": quick(),
    }


def seconds(value: float) -> str:
    return f"{value * 1000:,.0f} ms" if value < 1 else f"{value:,.2f} s"


def ratio(numerator: float, denominator: float) -> str:
    return f"{numerator / denominator:.2f}×" if denominator else "–"
