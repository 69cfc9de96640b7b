"""Load with writes on the real stack, then an invariant check: `.venv/bin/python bench/load.py`
(needs PostgreSQL — BENCH_DATABASE_URL or TEST_DATABASE_URL — and Redis at BENCH_REDIS_URL,
default redis://127.0.0.1:6379/12).

A fresh PostgreSQL database gets a season with small quotas, labs and beds (so that the limits
are reached); gunicorn (2 workers) and two Celery workers serve it on loopback. For at most
--seconds (default 35) the coordinators of every city create, document and submit nominations,
the office decides them, runs the matching, offers placements, suggests beds and exports rosters,
and the lab hosts answer offers, all through the API; then up to 15 s for the workers to empty
the outbox. Bounded: every loop stops at the deadline, whatever it is doing. Afterwards no quota,
capacity or bed limit may be exceeded, every committed decision has its mail, and no request or
task ended in a 500 or a traceback. Prints both tables and writes bench/results/load-*.json.
"""

import argparse
import http.client
import json
import os
import random
import signal
import statistics
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from pathlib import Path

import harness
from server import gunicorn

SEASON_YEAR = 2028
LABS, LAB_CAPACITY, PLACES, BEDS = 6, 2, 3, 2
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
DRAIN_SECONDS = 15
# A request still running at the deadline may take this long; then its actor stops.
REQUEST_TIMEOUT = 10
EXPORT_CUTOFF = 10
# Which mail each committed nomination transition must have left in the outbox (API.md, the
# notification catalogue): written here, not read from the code under test.
MAIL_OF = {"submit": "nomination_submitted", "accept": "nomination_accepted",
           "waitlist": "nomination_waitlisted", "decline": "nomination_declined"}  # fmt: skip


# --- the data (in a child on the fresh database) -------------------------------------------------


def build_child() -> dict:
    """The realistic 100-nomination season of the other benchmarks, plus the load's own season:
    a quota of PLACES places and as many alternates per city, LABS labs of LAB_CAPACITY with a
    host each, and a few host families of BEDS beds; a token for every actor."""
    import datetime as dt

    from knox.models import AuthToken

    from ish.accounts.models import Role, User
    from ish.housing.models import Accommodation
    from ish.seasons.models import City, Quota, ResearchField
    from tests import factories

    built = harness.a_season(100)
    season = factories.SeasonFactory(year=SEASON_YEAR)
    biology = ResearchField.objects.get(slug="biology")
    Quota.objects.bulk_create(
        Quota(season=season, city=city, places=PLACES, alternates=PLACES)
        for city in City.objects.all()
    )
    tokens = {"office": built["tokens"]["bench-office"], "cities": {}, "labs": {}}
    for coordinator in User.objects.filter(role=Role.COORDINATOR):
        tokens["cities"][coordinator.city_id] = AuthToken.objects.create(user=coordinator)[1]
    for n in range(LABS):
        lab = factories.LabFactory(name=f"Load lab {n}", capacity=LAB_CAPACITY, fields=[biology])
        host = factories.LabHostFactory(username=f"load-host-{n}", lab=lab)
        tokens["labs"][lab.pk] = AuthToken.objects.create(user=host)[1]
    Accommodation.objects.bulk_create(
        factories.AccommodationFactory.build_batch(
            4, beds=BEDS, available_from=dt.date(SEASON_YEAR, 7, 1),
            available_until=dt.date(SEASON_YEAR, 8, 31),
        )
    )  # fmt: skip
    return {"season": season.pk, "tokens": tokens}


# --- the actors ----------------------------------------------------------------------------------


class Actor:
    """One client on one keep-alive connection, recording every answer's status and time."""

    def __init__(self, name: str, port: int, token: str, until: float, record: dict):
        self.name, self.port, self.token, self.until = name, port, token, until
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT)
        self.statuses: Counter = Counter()
        self.times: list[float] = []
        record[name] = self

    def running(self) -> bool:
        return time.monotonic() < self.until

    def call(self, method: str, path: str, body=None, files=None) -> tuple[int, object]:
        headers = {"Authorization": f"Token {self.token}"}
        if files:
            boundary = uuid.uuid4().hex
            headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
            payload = _multipart(boundary, body or {}, files)
        elif body is not None:
            headers["Content-Type"] = "application/json"
            payload = json.dumps(body).encode()
        else:
            payload = None
        start = time.perf_counter()
        try:
            self.connection.request(method, path, body=payload, headers=headers)
            response = self.connection.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException):
            self.connection.close()
            self.statuses["connection error"] += 1
            return 0, None
        self.times.append(time.perf_counter() - start)
        self.statuses[response.status] += 1
        try:
            return response.status, json.loads(data) if data else None
        except ValueError:
            return response.status, None

    def results(self, path: str) -> list[dict]:
        status, data = self.call("GET", path)
        return data["results"] if status == 200 else []


def _multipart(boundary: str, fields: dict, files: dict) -> bytes:
    parts = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                     f"{value}\r\n".encode())  # fmt: skip
    for name, (filename, content, kind) in files.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                     f'filename="{filename}"\r\nContent-Type: {kind}\r\n\r\n'.encode()
                     + content + b"\r\n")  # fmt: skip
    return b"".join(parts) + f"--{boundary}--\r\n".encode()


def coordinator(actor: Actor, season: int, city: int) -> None:
    """Creates, documents and submits nominations until the deadline (the quota refuses some)."""
    n = 0
    while actor.running():
        n += 1
        status, created = actor.call("POST", "/api/v1/nominations/", {
            "season": season, "given_name": "Load", "family_name": f"City{city}-{n}",
            "date_of_birth": "2009-05-01", "gender": "female",
            "email": f"load-{city}-{n}-{uuid.uuid4().hex[:6]}@bench.example",
            "nationality": "JP", "school": "A school", "graduation_year": SEASON_YEAR,
            "english_level": "B2", "german_level": "A1", "research_interests": ["biology"],
            "motivation": "Load.", "language": "en",
        })  # fmt: skip
        if status != 201:
            continue
        for kind in ("cv", "motivation_letter", "transcript"):
            if actor.running():
                upload = {"file": (f"{kind}.pdf", PDF, "application/pdf")}
                path = f"/api/v1/nominations/{created['id']}/documents/"
                actor.call("POST", path, {"kind": kind}, upload)
        if actor.running():
            actor.call("POST", f"/api/v1/nominations/{created['id']}/submit/", {})


def office_decides(actor: Actor, season: int) -> None:
    rng = random.Random(1)
    while actor.running():
        waiting = actor.results(f"/api/v1/nominations/?season={season}&status=submitted")
        if not waiting:
            time.sleep(0.3)
        for nomination in waiting:
            if not actor.running():
                return
            action = "decline" if rng.random() < 0.1 else "accept"
            status, _data = actor.call(
                "POST", f"/api/v1/nominations/{nomination['id']}/{action}/", {}
            )
            if action == "accept" and status in {400, 409}:  # the city's places are taken
                actor.call("POST", f"/api/v1/nominations/{nomination['id']}/waitlist/", {})


def office_plans(actor: Actor, season: int, exports: list[int]) -> None:
    """Matching, offers, beds and a roster export, every few seconds."""
    while actor.running():
        actor.call("POST", "/api/v1/placements/match/", {"season": season})
        for placement in actor.results(f"/api/v1/placements/?season={season}&status=proposed"):
            if actor.running():
                actor.call("POST", f"/api/v1/placements/{placement['id']}/offer/", {})
        actor.call("POST", "/api/v1/housing-assignments/suggest/", {"season": season})
        # Not in the last seconds: an export asked for then would still be running at the check.
        if actor.until - time.monotonic() > EXPORT_CUTOFF:
            body = {"kind": "roster", "season": season}
            status, job = actor.call("POST", "/api/v1/exports/", body)
            if status == 202:
                exports.append(job["id"])
        for _ in range(20):
            if actor.running():
                time.sleep(0.2)


def lab_host(actor: Actor, season: int) -> None:
    rng = random.Random(actor.name)
    while actor.running():
        offered = actor.results(f"/api/v1/placements/?season={season}&status=offered")
        if not offered:
            time.sleep(0.3)
        for placement in offered:
            if not actor.running():
                return
            action = "decline" if rng.random() < 0.2 else "accept"
            status, _data = actor.call(
                "POST", f"/api/v1/placements/{placement['id']}/{action}/", {}
            )
            if action == "accept" and status in {400, 409}:  # the lab is full
                actor.call("POST", f"/api/v1/placements/{placement['id']}/decline/", {})


# --- the stack -----------------------------------------------------------------------------------


def workers(url: str, broker: str, folder: Path) -> list[subprocess.Popen]:
    celery = Path(sys.executable).with_name("celery")
    env = harness.child_env(url, CELERY_BROKER_URL=broker, CELERY_TASK_ALWAYS_EAGER="false")
    subprocess.run([str(celery), "--app", "ish", "purge", "-f"], cwd=harness.PROJECT, env=env,
                   capture_output=True, check=False)  # fmt: skip
    started = []
    for n in (1, 2):
        log = open(folder / f"worker{n}.log", "w")  # noqa: SIM115  (closed with the process)
        started.append(subprocess.Popen(
            [str(celery), "--app", "ish", "worker", "--concurrency", "1", "--hostname",
             f"bench{n}-{os.getpid()}@%h", "--loglevel", "INFO", "--without-mingle",
             "--without-gossip"],
            cwd=harness.PROJECT, env=env, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        ))  # fmt: skip
    return started


def stop(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
    for process in processes:
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


# --- the check (in a child) ----------------------------------------------------------------------


def check_child(season_id: int, drain: float) -> dict:
    import datetime as dt

    from django.contrib.contenttypes.models import ContentType
    from django.db.models import Count, Q

    from ish.housing.models import Accommodation, HousingAssignment
    from ish.labs.models import Lab
    from ish.nominations.models import Nomination, NominationChange
    from ish.notifications.models import OutboundEmail
    from ish.placements.models import Placement
    from ish.rosters.models import ExportJob
    from ish.seasons.models import Quota

    unfinished = [ExportJob.Status.PENDING, ExportJob.Status.RUNNING]
    deadline = time.monotonic() + drain  # the workers empty the outbox meanwhile
    while time.monotonic() < deadline:
        busy = (
            OutboundEmail.objects.filter(status=OutboundEmail.Status.PENDING).exists()
            or ExportJob.objects.filter(status__in=unfinished).exists()
        )
        if not busy:
            break
        time.sleep(0.5)
    checks = []
    quotas = Quota.objects.filter(season_id=season_id).annotate(
        used=Count("city__nominations", filter=Q(city__nominations__season_id=season_id,
                   city__nominations__status__in=Nomination.COUNTS_AGAINST_QUOTA)),
        placed=Count("city__nominations", filter=Q(city__nominations__season_id=season_id,
                     city__nominations__status__in=Nomination.HOLDS_A_PLACE)),
    )  # fmt: skip
    checks.append(
        (
            "quota: submitted or decided ≤ places + alternates, per city",
            len(quotas),
            [str(q.city_id) for q in quotas if q.used > q.places + q.alternates],
        )
    )
    checks.append(
        (
            "quota: accepted or confirmed ≤ places, per city",
            len(quotas),
            [str(q.city_id) for q in quotas if q.placed > q.places],
        )
    )
    labs = Lab.objects.annotate(
        accepted=Count(
            "placements",
            filter=Q(
                placements__status=Placement.Status.ACCEPTED,
                placements__nomination__season_id=season_id,
            ),
        )
    )
    checks.append(("capacity: accepted placements ≤ the lab's capacity", len(labs),
                   [lab.name for lab in labs if lab.accepted > lab.capacity]))  # fmt: skip
    guests: Counter = Counter()
    for bed in HousingAssignment.objects.filter(
        nomination__season_id=season_id, status__in=HousingAssignment.OCCUPYING
    ):
        night = bed.check_in
        while night < bed.check_out:
            guests[bed.accommodation_id, night] += 1
            night += dt.timedelta(days=1)
    beds = dict(Accommodation.objects.values_list("pk", "beds"))
    checks.append(
        (
            "beds: guests ≤ beds, per accommodation and night",
            len(guests),
            [f"{place} {night}" for (place, night), n in guests.items() if n > beds[place]],
        )
    )
    kind = ContentType.objects.get_for_model(Nomination)
    mailed = set(OutboundEmail.objects.filter(content_type=kind).values_list("object_id", "event"))
    decisions = NominationChange.objects.filter(
        nomination__season_id=season_id, action__in=MAIL_OF
    ).values_list("nomination_id", "action")
    checks.append(("mail: every committed submit/decision has its outbox row", len(decisions),
                   [f"{pk} {action}" for pk, action in decisions
                    if (pk, MAIL_OF[action]) not in mailed]))  # fmt: skip
    outbox = Counter(OutboundEmail.objects.values_list("status", flat=True))
    exports = Counter(
        ExportJob.objects.filter(season_id=season_id).values_list("status", flat=True)
    )
    checks.append(
        (
            "exports: none left pending or running",
            sum(exports.values()),
            [f"{exports[s]} {s}" for s in unfinished if exports[s]],
        )
    )
    statuses = Nomination.objects.filter(season_id=season_id)
    return {
        "checks": [{"invariant": name, "checked": n, "violations": bad} for name, n, bad in checks],
        "outbox": dict(outbox),
        "exports": dict(exports),
        "nominations": dict(Counter(statuses.values_list("status", flat=True))),
    }


# --- the run -------------------------------------------------------------------------------------


def run(database_url: str, broker: str, seconds: int) -> dict:
    with harness.databases(database_url) as dbs:
        url = dbs.new("load")
        built = harness.in_child("load.py", url, "--build")
        season, tokens = built["season"], built["tokens"]
        folder = Path(dbs.folder)
        access_log = folder / "gunicorn.log"
        started = workers(url, broker, folder)
        try:
            with gunicorn(url, log=access_log, CELERY_BROKER_URL=broker,
                          CELERY_TASK_ALWAYS_EAGER="false") as base:  # fmt: skip
                port = int(base.rsplit(":", 1)[1])
                until = time.monotonic() + seconds
                actors: dict[str, Actor] = {}
                exports: list[int] = []
                threads = [
                    threading.Thread(target=coordinator, args=(
                        Actor(f"coordinator {city}", port, token, until, actors), season, city))
                    for city, token in tokens["cities"].items()
                ] + [
                    threading.Thread(target=lab_host, args=(
                        Actor(f"lab host {lab}", port, token, until, actors), season))
                    for lab, token in tokens["labs"].items()
                ] + [
                    threading.Thread(target=office_decides, args=(
                        Actor("office, deciding", port, tokens["office"], until, actors), season)),
                    threading.Thread(target=office_plans, args=(
                        Actor("office, planning", port, tokens["office"], until, actors), season,
                        exports)),
                ]  # fmt: skip
                for thread in threads:
                    thread.start()
                for thread in threads:
                    thread.join(timeout=max(until - time.monotonic(), 0) + REQUEST_TIMEOUT)
                checked = harness.in_child("load.py", url, "--check", str(season),
                                           "--drain", str(DRAIN_SECONDS))  # fmt: skip
        finally:
            stop(started)
        log = access_log.read_text(errors="replace")
        worker_logs = "".join((folder / f"worker{n}.log").read_text(errors="replace")
                              for n in (1, 2))  # fmt: skip
    answers = Counter()
    for actor in actors.values():
        answers.update(actor.statuses)
    server_errors = [line for line in log.splitlines() if '" 5' in line or "Traceback" in line]
    task_errors = [line for line in worker_logs.splitlines()
                   if "Traceback" in line or " ERROR/" in line]  # fmt: skip
    checked["checks"] += [
        {"invariant": "no 5xx answer in gunicorn's log", "checked": sum(answers.values()),
         "violations": server_errors[:20]},
        {"invariant": "no traceback or ERROR in the workers' logs",
         "checked": len(worker_logs.splitlines()), "violations": task_errors[:20]},
    ]  # fmt: skip
    return {
        "seconds": seconds,
        "actors": {name: summary(actor) for name, actor in actors.items()},
        "answers": {str(k): v for k, v in answers.items()},
        "exports_requested": len(exports),
        **checked,
    }  # fmt: skip


def summary(actor: Actor) -> dict:
    times = sorted(actor.times) or [float("nan")]
    return {
        "statuses": {str(status): n for status, n in actor.statuses.items()},
        "requests": len(actor.times),
        "median_ms": statistics.median(times) * 1000,
        "p95_ms": times[int(len(times) * 0.95)] * 1000,
    }


def report(result: dict) -> None:
    rows = []
    for name, actor in result["actors"].items():
        answers = ", ".join(f"{k}: {v}" for k, v in sorted(actor["statuses"].items()))
        median, p95 = f"{actor['median_ms']:.0f} ms", f"{actor['p95_ms']:.0f} ms"
        rows.append([name, actor["requests"], answers, median, p95])
    print(harness.markdown(["actor", "requests", "answers", "median", "p95"], rows))
    print(f"\nnominations of the load season by status: {result['nominations']}; outbox: "
          f"{result['outbox']}; exports: {result['exports']}\n")  # fmt: skip
    rows = [[check["invariant"], f"{check['checked']:,}",
             "none" if not check["violations"] else f"**{len(check['violations'])}**: "
             + "; ".join(map(str, check["violations"][:3]))]
            for check in result["checks"]]  # fmt: skip
    print(harness.markdown(["invariant", "checked", "violations"], rows))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=20 if harness.quick() else 35)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--build", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--check", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--drain", type=float, default=DRAIN_SECONDS, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        harness.setup_django()
        result = build_child() if args.build else check_child(args.check, args.drain)
        print(json.dumps(result))
        return
    if args.seconds + REQUEST_TIMEOUT + DRAIN_SECONDS > 60:
        sys.exit("bench/load.py is bounded to 60 s: --seconds at most 35")
    database = harness.postgres_url()
    if not database:
        print("bench/load.py: skipped, it needs PostgreSQL (BENCH_DATABASE_URL=postgres://…)")
        return
    broker = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/12")
    if not broker.startswith("redis://127.0.0.1") and not broker.startswith("redis://localhost"):
        sys.exit("bench/load.py runs on loopback only: BENCH_REDIS_URL=redis://127.0.0.1:…")
    print(harness.machine())
    result = run(database, broker, args.seconds)
    report(result)
    failed = any(check["violations"] for check in result["checks"])
    print(f"\nwritten: {harness.save('load', {'machine': harness.machine(), **result})}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
