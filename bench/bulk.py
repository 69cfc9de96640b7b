"""Bulk work beside its bare baseline: `.venv/bin/python bench/bulk.py`.

(a) The Excel import of 500 rows (the season's template from the project's own template code,
    filled in with openpyxl) through `import_nominations`, beside reading the same file and
    bulk-creating the rows; (b) 1,000 notifications in one transaction through `notify_all()` (how
    the callers that mail many people store them), beside
    rendering the same messages and bulk-creating them. Each run rolls back (a) or uses a new
    occasion (b), so runs repeat on the same data; queries and task publications are counted.
Prints the markdown table and writes bench/results/bulk-*.json.
"""

import argparse
import io
import json
import sys
from pathlib import Path

import harness

ROWS, MESSAGES = 500, 1_000


# --- (a) the import ------------------------------------------------------------------------------


def filled_template(season, rows: int) -> bytes:
    import datetime as dt

    import openpyxl

    from ish.nominations.spreadsheet.columns import SHEET
    from ish.nominations.spreadsheet.template import build_template

    workbook = openpyxl.load_workbook(io.BytesIO(build_template(season)))
    sheet = workbook[SHEET]
    columns = {cell.value: cell.column for cell in sheet[1]}
    for n in range(rows):
        row = {
            "Given name": "Aiko", "Family name": f"Tanaka {n}",
            "Date of birth": dt.date(2008, 1 + n % 12, 1 + n % 28), "Gender": "female",
            "E-mail": f"import{n}@bench.example", "Phone": "+81 96 123 4567",
            "Nationality": "JP", "School": "Kumamoto Prefectural High School",
            "Graduation year": 2027, "English level": "B2", "German level": "A1",
            "Research interest 1": "biology", "Research interest 2": "chemistry",
            "Motivation": "I want to work in a real laboratory.", "Language": "en",
            "Emergency contact": f"Parent {n}", "Emergency contact phone": "+81 96 765 4321",
        }  # fmt: skip
        for header, value in row.items():
            sheet.cell(row=n + 2, column=columns[header], value=value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def the_import(data: bytes, actor, season, city):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from ish.nominations.spreadsheet.columns import XLSX
    from ish.nominations.spreadsheet.importing import import_nominations

    def run() -> None:
        upload = SimpleUploadedFile("nominations.xlsx", data, content_type=XLSX)
        created = rolled_back(
            lambda: import_nominations(upload, actor=actor, season=season, city=city)
        )
        assert len(created) == ROWS, created

    return run


def bare_import(data: bytes, season, city):
    """Reading the file and bulk-creating the rows and their interests: the floor."""
    import datetime as dt

    from ish.nominations.models import Nomination, ResearchInterest
    from ish.nominations.spreadsheet.columns import COLUMNS
    from ish.nominations.spreadsheet.upload import read_rows
    from ish.seasons.models import ResearchField

    def run() -> None:
        first_row, rows = read_rows(data)
        keys = [next((c.key for c in COLUMNS if c.header == h), None) for h in first_row]
        fields = {field.slug: field for field in ResearchField.objects.all()}

        def write() -> None:
            nominations, interests = [], []
            for _number, values in rows:
                row = {key: value for key, value in zip(keys, values, strict=False) if key}
                wanted = [row.pop(f"research_interest_{rank}") for rank in (1, 2, 3)]
                row = {key: "" if value is None else value for key, value in row.items()}
                if isinstance(row["date_of_birth"], dt.datetime):
                    row["date_of_birth"] = row["date_of_birth"].date()
                row["rank"] = row["rank"] or None
                nominations.append(Nomination(season=season, city=city, **row))
                interests.append([fields[slug] for slug in wanted if slug])
            Nomination.objects.bulk_create(nominations)
            ResearchInterest.objects.bulk_create(
                ResearchInterest(nomination=nomination, field=field, rank=rank)
                for nomination, chosen in zip(nominations, interests, strict=True)
                for rank, field in enumerate(chosen, start=1)
            )

        rolled_back(write)

    return run


def rolled_back(work):
    from django.db import transaction

    with transaction.atomic():
        result = work()
        transaction.set_rollback(True)
    return result


# --- (b) the outbox ------------------------------------------------------------------------------


def notifications(nominations, occasions):
    from django.db import transaction

    from ish.notifications.services import Message, Recipient, notify_all

    def run() -> None:
        occasion = f"bench-{next(occasions)}"
        with transaction.atomic():
            notify_all(
                Message(
                    "nomination_accepted", nomination, occasion=occasion,
                    recipients=[Recipient(nomination.email, "en", nomination.given_name)],
                    context=_context(nomination),
                )
                for nomination in nominations
            )  # fmt: skip

    return run


def bare_notifications(nominations, occasions):
    """Rendering the same messages and bulk-creating them in one transaction: the floor."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction
    from django.utils import timezone

    from ish.notifications.catalogue import EVENTS_BY_NAME
    from ish.notifications.models import OutboundEmail
    from ish.notifications.services import Recipient, render

    event = EVENTS_BY_NAME["nomination_accepted"]

    def run() -> None:
        occasion = f"bench-{next(occasions)}"
        content_type = ContentType.objects.get_for_model(nominations[0])
        emails = []
        for nomination in nominations:
            recipient = Recipient(nomination.email, "en", nomination.given_name)
            subject, text, html = render(event, _context(nomination), recipient)
            emails.append(
                OutboundEmail(
                    to=recipient.email, recipient_name=recipient.name, subject=subject,
                    body_text=text, body_html=html, event=event.name, language="en",
                    content_type=content_type, object_id=nomination.pk,
                    idempotency_key=f"{occasion}-{nomination.pk}", next_attempt_at=timezone.now(),
                )
            )  # fmt: skip
        with transaction.atomic():
            OutboundEmail.objects.bulk_create(emails)

    return run


def _context(nomination) -> dict:
    return {"student": nomination.full_name, "city": nomination.city.name,
            "season": nomination.season.year, "comment": "", "url": ""}  # fmt: skip


# --- measuring -----------------------------------------------------------------------------------


def measure_child(runs: int) -> dict:
    import itertools

    from celery.signals import before_task_publish

    from ish.accounts.models import User
    from ish.nominations.models import Nomination
    from ish.seasons.models import Season

    built = harness.a_season(MESSAGES)
    season = Season.objects.get(pk=built["season"])
    coordinator = User.objects.select_related("city").get(pk=built["coordinator"])
    data = filled_template(season, ROWS)
    nominations = list(
        Nomination.objects.select_related("city", "season").filter(season=season)[:MESSAGES]
    )
    occasions = itertools.count()
    published = []
    before_task_publish.connect(lambda **kwargs: published.append(1), weak=False)
    works = {
        "import": the_import(data, coordinator, season, coordinator.city),
        "import_bare": bare_import(data, season, coordinator.city),
        "notify": notifications(nominations, occasions),
        "notify_bare": bare_notifications(nominations, occasions),
    }
    result = {"rows": ROWS, "messages": len(nominations), "file_bytes": len(data)}
    for name, work in works.items():
        work()  # warm, and checks it works
        published.clear()
        queries = harness.queries_of(work)
        tasks = len(published)
        times = []
        for _ in range(runs):  # taking turns would mix the imports' rollbacks; one after another
            times += harness.timed(work, 1)
        result[name] = {"median_s": harness.median(times), "times": times, "queries": queries,
                        "tasks_published": tasks}  # fmt: skip
    return result


ROWS_OF_REPORT = [
    ("import", f"import of {ROWS} rows (`import_nominations`)", "import_bare"),
    ("import_bare", "floor: reading the file + `bulk_create`", None),
    ("notify", f"{MESSAGES:,} notifications in one transaction (`notify_all()`)", "notify_bare"),
    ("notify_bare", "floor: rendering + `bulk_create`", None),
]


def report(results: list[dict]) -> None:
    header = ["work"]
    for result in results:
        header += [f"{result['database']}", "queries", "tasks", "× floor"]
    rows = []
    for key, label, floor in ROWS_OF_REPORT:
        row = [label]
        for result in results:
            figures = result[key]
            times = harness.ratio(figures["median_s"], result[floor]["median_s"]) if floor else ""
            row += [harness.seconds(figures["median_s"]), f"{figures['queries']:,}",
                    f"{figures['tasks_published']:,}", times]  # fmt: skip
        rows.append(row)
    print(harness.markdown(header, rows))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=2 if harness.quick() else 5)
    parser.add_argument("--report", metavar="JSON", help="print the tables of an earlier run")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.report:
        report(json.loads(Path(args.report).read_text())["results"])
        return
    if args.child:
        harness.setup_django()
        print(json.dumps(measure_child(args.runs)))
        return
    print(harness.machine())
    results = []
    for kind in harness.database_kinds():
        with harness.databases(kind) as dbs:
            url = dbs.new("bulk")
            # Tasks go to an in-memory broker: published (and counted), never run.
            measured = harness.in_child("bulk.py", url, "--runs", str(args.runs),
                                        CELERY_BROKER_URL="memory://",
                                        CELERY_TASK_ALWAYS_EAGER="false")  # fmt: skip
            results.append({"database": harness.label(kind), **measured})
            print(f"  {harness.label(kind)}: done", file=sys.stderr)
    report(results)
    print(f"\nwritten: {harness.save('bulk', {'machine': harness.machine(), 'results': results})}")


if __name__ == "__main__":
    main()
