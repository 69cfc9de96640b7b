"""Where the nominations list's time goes (`bench/api.py --profile`): cProfile over repeated
requests in one process at the largest size, its own time summed by what the code does, and the
top cumulative entries."""

import cProfile
import pstats

import harness

REQUESTS = 20
# (group, substrings of the file path); the first match wins, so the specific come first.
GROUPS = [
    ("SQL: the database driver", ["sqlite3", "psycopg", "django/db/backends"]),
    ("deepcopy (serializer fields rebuilt)", ["/copy.py"]),
    ("URL reverse()", ["django/urls"]),
    ("phone numbers", ["phonenumber"]),
    ("time zones and dates", ["zoneinfo", "django/utils/timezone", "dateparse", "_strptime"]),
    ("model instances and querysets", ["django/db/models"]),
    ("DRF serializers and fields", ["rest_framework/serializers", "rest_framework/fields",
                                    "rest_framework/relations"]),
    ("JSON rendering", ["/json/", "rest_framework/renderers", "rest_framework/utils/encoders"]),
    ("filters and pagination", ["django_filters", "rest_framework/pagination",
                                "rest_framework/filters"]),
    ("authentication (token hashing)", ["knox", "hashlib", "api/authentication"]),
    ("the project's code (ish/, api/)", ["/ish/", "/api/"]),
    ("translation", ["django/utils/translation", "gettext"]),
    ("other Django / DRF", ["django/", "rest_framework/"]),
]  # fmt: skip


def group_of(filename: str) -> str:
    for group, parts in GROUPS:
        if any(part in filename for part in parts):
            return group
    return "other (Python, builtins)"


def profile_child(size: int) -> dict:
    """In a child on a fresh database: the season, then the profile of REQUESTS list requests."""
    from rest_framework.test import APIClient

    built = harness.a_season(size)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {built['tokens']['bench-office']}")
    url = "/api/v1/nominations/"
    assert client.get(url).status_code == 200  # warm: per-process caches fill up first
    profile = cProfile.Profile()
    profile.enable()
    for _ in range(REQUESTS):
        client.get(url)
    profile.disable()
    stats = pstats.Stats(profile)
    total = stats.total_tt
    groups: dict[str, float] = {}
    entries = []
    for (filename, line, name), (_cc, calls, tottime, cumtime, _callers) in stats.stats.items():
        # Built-in functions have no file; their name tells what they belong to.
        group = group_of(filename if filename != "~" else name)
        groups[group] = groups.get(group, 0) + tottime
        entries.append((cumtime, calls, _where(filename, line, name)))
    # Below the request's own frames (each holding nearly all the time): what the view calls.
    entries.sort(reverse=True)
    top = [
        f"{cumtime / REQUESTS * 1000:8.1f} ms {calls / REQUESTS:9.0f}×  {where}"
        for cumtime, calls, where in entries
        if cumtime < 0.8 * total
    ][:25]
    return {
        "size": size,
        "requests": REQUESTS,
        "per_request_ms": total / REQUESTS * 1000,
        "groups": dict(sorted(groups.items(), key=lambda item: -item[1])),
        "total_s": total,
        "top_cumulative": top,
    }


def _where(filename: str, line: int, name: str) -> str:
    for marker in ("site-packages/", str(harness.PROJECT) + "/"):
        filename = filename.split(marker)[-1]
    return f"{filename}:{line}({name})" if filename != "~" else name


def main(size: int) -> None:
    print(harness.machine())
    results = []
    for kind in harness.database_kinds():
        with harness.databases(kind) as dbs:
            url = dbs.new(f"profile_{size}")
            result = harness.in_child("api.py", url, "--profile", "--build", str(size))
            results.append({"database": harness.label(kind), **result})
    for result in results:
        print(f"\n{result['database']}, {result['size']:,} nominations: GET /api/v1/nominations/ "
              f"as organiser, {result['requests']} requests, {result['per_request_ms']:.0f} ms "
              "each under cProfile (own time by what the code does)\n")  # fmt: skip
        rows = [[group, f"{seconds / result['total_s']:.0%}",
                 f"{seconds / result['requests'] * 1000:.1f} ms"]
                for group, seconds in result["groups"].items()]  # fmt: skip
        print(harness.markdown(["where", "share", "per request"], rows))
        print("\ntop cumulative entries under 80% of the total (time and calls per request):")
        print("\n".join(result["top_cumulative"]))
    print(
        f"\nwritten: {harness.save('profile', {'machine': harness.machine(), 'results': results})}"
    )
