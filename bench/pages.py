"""The portal's list pages at every size, rendered in-process by Django's test client:
`.venv/bin/python bench/pages.py`.

For each database and size (as bench/api.py), a fresh database gets a season from the factories;
each page is requested once to warm up, then timed (median of --runs), with its HTML size and its
number of queries. Prints the markdown table (with the ratio of the largest size to the smallest)
and writes bench/results/pages-*.json.
"""

import argparse
import json
import sys
from pathlib import Path

import harness
import programme_season

# (key, label, path, who): who reads it, organiser unless said; season= is added, {day} and
# {event} are filled from the built season.
PAGES = [
    ("dashboard", "dashboard", "/", "organiser"),
    ("figures", "season figures", "/season/", "organiser"),
    ("nominations", "nominations, organiser", "/nominations/", "organiser"),
    ("city_nominations", "nominations, a coordinator's city", "/nominations/", "coordinator"),
    ("calendar", "housing calendar", "/housing/", "organiser"),
    ("accommodations", "accommodations", "/housing/accommodations/", "organiser"),
    ("city_housing", "housing, a coordinator's city", "/housing/city/", "coordinator"),
    ("arrivals", "arrivals", "/housing/arrivals/", "organiser"),
    ("placements", "placements list", "/placements/", "organiser"),
    ("board", "placements board", "/placements/board/", "organiser"),
    ("offers", "a lab host's offers", "/placements/offers/", "lab_host"),
    ("emails", "e-mails (outbox)", "/emails/", "organiser"),
    ("exports", "exports", "/exports/", "organiser"),
    ("nysf", "NYSF applications", "/nysf/applications/", "organiser"),
    ("week", "programme: a week", "/programme/?week={day}", "organiser"),
    ("day", "programme: a day", "/programme/day/?day={day}", "organiser"),
    ("attendance", "an event's attendance (everyone)", "/programme/events/{event}/attendance/",
     "organiser"),
    ("event_catering", "an event's catering", "/programme/events/{event}/catering/", "organiser"),
    ("day_catering", "a day's catering", "/programme/catering/?date={day}", "organiser"),
    ("whereabouts", "who is where on a day", "/programme/who-is-where/?date={day}", "organiser"),
    ("presentations", "presentations schedule", "/programme/presentations/", "organiser"),
]  # fmt: skip


def measure_child(size: int, runs: int) -> dict:
    """In a child on a fresh database."""
    from django.test import Client

    from ish.accounts.models import User

    built = programme_season.a_programme(harness.a_season(size))
    clients = {}
    for who in ("organiser", "coordinator", "lab_host"):
        clients[who] = Client()
        clients[who].force_login(User.objects.get(pk=built[who]))
    result = {"size": size, "pages": {}}
    for key, _label, path, who in PAGES:
        path = path.format(**built)
        client = clients[who]
        url = f"{path}{'&' if '?' in path else '?'}season={built['season']}"
        response = client.get(url)  # warm: per-process caches fill up first
        if response.status_code != 200:
            result["pages"][key] = {"status": response.status_code}
            continue
        times = harness.timed(lambda: client.get(url), runs)  # noqa: B023  (called right here)
        result["pages"][key] = {
            "status": 200,
            "median_s": harness.median(times),
            "times": times,
            "bytes": len(response.content),
            "queries": harness.queries_of(lambda: client.get(url)),  # noqa: B023
        }
    return result


def report(results: list[dict]) -> None:
    by_database: dict[str, dict[int, dict]] = {}
    for result in results:
        by_database.setdefault(result["database"], {})[result["size"]] = result
    for database, by_size in by_database.items():
        sizes = sorted(by_size)
        small, big = by_size[sizes[0]], by_size[sizes[-1]]
        header = ["page (median, HTML, queries)"] + [f"{harness.short(s)}" for s in sizes]
        compare = len(sizes) > 1
        if compare:
            header.append(f"{harness.short(sizes[-1])} ÷ {harness.short(sizes[0])}")
        rows = []
        for key, label, _path, _who in PAGES:
            row = [label]
            for size in sizes:
                page = by_size[size]["pages"][key]
                row.append(
                    f"{harness.seconds(page['median_s'])}, {page['bytes'] / 1024:,.0f} KB, "
                    f"{page['queries']} q" if page["status"] == 200 else f"HTTP {page['status']}"
                )  # fmt: skip
            first, last = small["pages"][key], big["pages"][key]
            both = first["status"] == last["status"] == 200
            if compare:
                row.append(harness.ratio(last["median_s"], first["median_s"]) if both else "–")
            rows.append(row)
        print(f"\n{database}\n")
        print(harness.markdown(header, rows))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3 if harness.quick() else 7)
    parser.add_argument("--report", metavar="JSON", help="print the tables of an earlier run")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--size", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.report:
        report(json.loads(Path(args.report).read_text())["results"])
        return
    if args.child:
        harness.setup_django()
        print(json.dumps(measure_child(args.size, args.runs)))
        return
    print(harness.machine())
    results = []
    for kind in harness.database_kinds():
        with harness.databases(kind) as dbs:
            for size in harness.sizes():
                url = dbs.new(f"pages_{size}")
                try:
                    measured = harness.in_child("pages.py", url, "--size", str(size),
                                                "--runs", str(args.runs))  # fmt: skip
                finally:
                    dbs.drop(url)
                results.append({"database": harness.label(kind), **measured})
                print(f"  {harness.label(kind)} {size:,}: done", file=sys.stderr)
    report(results)
    print(f"\nwritten: {harness.save('pages', {'machine': harness.machine(), 'results': results})}")


if __name__ == "__main__":
    main()
