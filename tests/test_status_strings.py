"""No raw status strings outside the models and migrations: templates and code ask the models'
named properties and status sets, or the workflow's actions, so that renaming a status or
changing what a set holds is one change."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Every status value of every model, written out here rather than read from the models.
STATUSES = [
    "draft", "submitted", "accepted", "waitlisted", "declined", "confirmed", "withdrawn",
    "proposed", "offered", "cancelled", "pending", "running", "done", "failed", "sent",
    "shortlisted", "selected", "rejected",
    # and "reserve", which is also the name of an action (`action == "reserve"` is no status)
]  # fmt: skip
VALUE = rf"""["'](?:{"|".join(STATUSES)})["']"""
RAW_STATUS = re.compile(
    rf"""(?<![-\w])status\w*\s*(?:==|!=|=)\s*["']"""  # status == "x", status="x", status__x="x"
    rf"""|(?<![-\w])status\w*\s*=\s*[\[(]\s*["']"""  # status__in=["x", …]
    rf"""|(?:==|!=)\s*{VALUE}"""  # … == "accepted"
)


def sources() -> list[Path]:
    files = [*(ROOT / "templates").rglob("*.html")]
    for package in ("ish", "api", "bench"):
        files += [
            path
            for path in (ROOT / package).rglob("*.py")
            if "migrations" not in path.parts and path.name != "models.py"
        ]
    return sorted(files)


def test_the_scan_finds_what_it_is_meant_to_find():
    assert RAW_STATUS.search('{% if nomination.status == "draft" %}')
    assert RAW_STATUS.search("{% if job.status != 'done' %}")
    assert RAW_STATUS.search('Nomination.objects.filter(status="accepted")')
    assert RAW_STATUS.search('placements.filter(status__in=["offered", "accepted"])')
    assert RAW_STATUS.search('if placement.answer == "accepted":')
    assert not RAW_STATUS.search('<tr data-status="{{ job.status }}">')
    assert not RAW_STATUS.search('{% if action == "withdraw" %}')
    assert not RAW_STATUS.search("filter(status__in=Nomination.HOLDS_A_PLACE)")


@pytest.mark.parametrize("path", sources(), ids=lambda path: str(path.relative_to(ROOT)))
def test_no_raw_status_string_outside_the_models(path):
    found = [
        f"{number}: {line.strip()}"
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if RAW_STATUS.search(line)
    ]

    assert found == []
