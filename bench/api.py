"""The API lists and one nomination under gunicorn (2 workers) beside two floors served by the
same process in the same run, loaded with wrk: `.venv/bin/python bench/api.py` (`--profile` for
where the time of the nominations list goes instead).

For each database (SQLite; PostgreSQL with BENCH_DATABASE_URL or TEST_DATABASE_URL) and each size
(BENCH_SIZES, default 100,1000,10000), a fresh database gets a season from the factories
(bench/harness.py), gunicorn serves it with bench/settings.py, and wrk runs every endpoint in
interleaved rounds (so a busy machine slows all alike); the median of the rounds counts.
Prints the markdown table of the README and writes bench/results/api-*.json.
"""

import argparse
import json
import shutil
import subprocess
import sys
import urllib.request
from pathlib import Path

import harness
import programme_season
from server import gunicorn

WRK_SCRIPT = Path(__file__).with_name("wrk.lua")
CONNECTIONS, THREADS = 20, 2

# (key, label, path); {season}, {nomination} and {event} are filled from the built season.
ENDPOINTS = [
    ("nominations", "nominations, organiser", "/api/v1/nominations/"),
    ("accepted", "nominations `?season&status=accepted`",
     "/api/v1/nominations/?season={season}&status=accepted"),
    ("placements", "placements", "/api/v1/placements/"),
    ("housing", "housing-assignments", "/api/v1/housing-assignments/"),
    ("one", "one nomination", "/api/v1/nominations/{nomination}/"),
    ("events", "events `?season`", "/api/v1/events/?season={season}"),
    ("attendance", "an event's attendance (welcome lunch, everyone)",
     "/api/v1/events/{event}/attendance/"),
    ("catering", "an event's catering (welcome lunch)", "/api/v1/events/{event}/catering/"),
    ("presentations", "presentations `?season`", "/api/v1/presentations/?season={season}"),
    ("floor", "floor: 50 nominations from `.values()`", "/bench/floor/"),
    ("constant", "constant JSON", "/bench/constant/"),
]  # fmt: skip
FLOORED = [key for key, _label, _path in ENDPOINTS if key not in {"floor", "constant"}]


def wrk(url: str, token: str, seconds: int) -> dict:
    run = subprocess.run(
        ["wrk", f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency",
         "--timeout", "10s",
         "-s", str(WRK_SCRIPT), "-H", f"Authorization: Token {token}", url],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    figures = json.loads(run.stdout.strip().splitlines()[-1])
    figures["rps"] = figures["requests"] / (figures["duration_us"] / 1e6)
    return figures


def first_answer(url: str, token: str) -> int:
    """The size of one answer; anything but 200 stops the run (wrk would count errors fast)."""
    request = urllib.request.Request(url, headers={"Authorization": f"Token {token}"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return len(response.read())


def measure(kind: str, size: int, rounds: int, seconds: int, dbs: harness.Databases) -> dict:
    url = dbs.new(f"api_{size}")
    try:
        built = harness.in_child("api.py", url, "--build", str(size))
        token = built["tokens"]["bench-office"]
        with gunicorn(url) as base:
            paths = {key: base + path.format(**built) for key, _label, path in ENDPOINTS}
            sizes = {key: first_answer(address, token) for key, address in paths.items()}
            runs: dict[str, list[dict]] = {key: [] for key in paths}
            for _ in range(rounds):
                for key, address in paths.items():
                    runs[key].append(wrk(address, token, seconds))
                    # Requests wrk left queued would slow the next endpoint's run: one more
                    # request, queued behind them, returns when they are done.
                    first_answer(paths["constant"], token)
    finally:
        dbs.drop(url)
    result = {"database": harness.label(kind), "size": size, "endpoints": {}}
    for key, measured in runs.items():
        result["endpoints"][key] = {
            "rps": harness.median([run["rps"] for run in measured]),
            "p95_ms": harness.median([run["p95_us"] / 1000 for run in measured]),
            "p50_ms": harness.median([run["p50_us"] / 1000 for run in measured]),
            "non_2xx": sum(run["non_2xx"] for run in measured),
            "socket_errors": sum(run["socket_errors"] for run in measured),
            "bytes": sizes[key],
            "rounds": measured,
        }
    return result


# --- the report ----------------------------------------------------------------------------------


def cell(result: dict, key: str) -> str:
    figures, floor = result["endpoints"][key], result["endpoints"]["floor"]
    text = f"{figures['rps']:,.0f}/s, p95 {figures['p95_ms']:,.0f} ms"
    if key in FLOORED and floor["rps"] and floor["p95_ms"]:
        share = figures["rps"] / floor["rps"]
        text += f" ({share:.0%} of floor, p95 {figures['p95_ms'] / floor['p95_ms']:.1f}×)"
    if figures["non_2xx"] or figures["socket_errors"]:
        text += f" **{figures['non_2xx']} non-2xx, {figures['socket_errors']} socket errors**"
    return text


def verdict(result: dict, key: str) -> str:
    """The issue's targets: requests/s at least 50 % of the floor's (70 % for one nomination),
    p95 at most 2× the floor's."""
    figures, floor = result["endpoints"][key], result["endpoints"]["floor"]
    if not (floor["rps"] and floor["p95_ms"]):
        return "–"
    share, slower = figures["rps"] / floor["rps"], figures["p95_ms"] / floor["p95_ms"]
    wanted = 0.7 if key == "one" else 0.5
    held = share >= wanted and slower <= 2
    return f"{'held' if held else 'MISSED'}: {share:.0%} (≥ {wanted:.0%}), p95 {slower:.1f}× (≤ 2×)"


def report(results: list[dict]) -> None:
    columns = [f"{r['database']} {harness.short(r['size'])}" for r in results]
    rows = [[label] + [cell(r, key) for r in results] for key, label, _path in ENDPOINTS]
    print(harness.markdown(["endpoint", *columns], rows))
    print()
    rows = [[label] + [verdict(r, key) for r in results]
            for key, label, _path in ENDPOINTS if key in FLOORED]  # fmt: skip
    print(harness.markdown(["target (share of the floor, p95)", *columns], rows))
    print()
    by_database: dict[str, dict[int, dict]] = {}
    for result in results:
        by_database.setdefault(result["database"], {})[result["size"]] = result
    pairs = [
        (db, runs[min(runs)], runs[max(runs)]) for db, runs in by_database.items() if len(runs) > 1
    ]
    if not pairs:
        return
    header = [f"{db}: {harness.short(big['size'])} ÷ {harness.short(small['size'])} slower by"
              for db, small, big in pairs]  # fmt: skip
    rows = []
    for key, label, _path in ENDPOINTS:
        rows.append(
            [label] + [
                harness.ratio(small["endpoints"][key]["rps"], big["endpoints"][key]["rps"] or 0)
                for _db, small, big in pairs
            ]
        )  # fmt: skip
    print(harness.markdown(["endpoint (req/s at the smallest ÷ at the largest)", *header], rows))
    print("\nanswer sizes (bytes): " + "; ".join(
        f"{r['database']} {harness.short(r['size'])}: "
        + ", ".join(f"{key} {r['endpoints'][key]['bytes']:,}" for key in FLOORED)
        for r in results
    ))  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=1 if harness.quick() else 3)
    parser.add_argument("--seconds", type=int, default=2 if harness.quick() else 5)
    parser.add_argument("--profile", action="store_true", help="profile the nominations list")
    parser.add_argument("--report", metavar="JSON", help="print the tables of an earlier run")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--build", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.report:
        report(json.loads(Path(args.report).read_text())["results"])
        return
    if args.child:
        harness.setup_django()
        if args.profile:
            import profiling

            print(json.dumps(profiling.profile_child(args.build)))
        else:
            print(json.dumps(programme_season.a_programme(harness.a_season(args.build))))
        return
    if args.profile:
        import profiling

        profiling.main(max(harness.sizes()))
        return
    if not shutil.which("wrk"):
        sys.exit("bench/api.py needs wrk: apt-get install -y wrk (Debian), brew install wrk")
    print(harness.machine())
    print(f"gunicorn 2 workers, wrk -t{THREADS} -c{CONNECTIONS} -d{args.seconds}s, "
          f"{args.rounds} interleaved rounds, median")  # fmt: skip
    results = []
    for kind in harness.database_kinds():
        with harness.databases(kind) as dbs:
            for size in harness.sizes():
                results.append(measure(kind, size, args.rounds, args.seconds, dbs))
                print(f"  {harness.label(kind)} {size:,}: done", file=sys.stderr)
    written = harness.save("api", {"machine": harness.machine(), "results": results})
    report(results)
    print(f"\nwritten: {written}")


if __name__ == "__main__":
    main()
