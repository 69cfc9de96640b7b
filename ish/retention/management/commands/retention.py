"""`python manage.py retention --season YEAR [--dry-run] [--now]`: anonymise a season's personal
data (ish.retention.services), with a progress bar and the counts before and after."""

import getpass

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from tqdm import tqdm

from ish.errors import RuleViolation
from ish.retention import selectors, services
from ish.retention.models import COUNTS, KEPT_COUNTS
from ish.seasons.models import Season


class Command(BaseCommand):
    help = (
        "Anonymise the personal data of a season: names to initials, contact, passport, medical, "
        "diet, emergency contact and travel erased; documents, exports, e-mail texts and the "
        "audit trail's personal values deleted. Due RETENTION_MONTHS_AFTER_SEASON months after "
        "the season's last day; --now runs it before."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--season", type=int, required=True, metavar="YEAR")
        parser.add_argument(
            "--dry-run", action="store_true", help="Change nothing; print what would go."
        )
        parser.add_argument("--now", action="store_true", help="Run before the season's due date.")

    def handle(self, *args, season: int, dry_run: bool, now: bool, **options) -> None:
        try:
            chosen = Season.objects.get(year=season)
        except Season.DoesNotExist:
            raise CommandError(f"There is no season {season}.") from None
        due_on = selectors.season_due_on(chosen)
        if timezone.localdate() < due_on:
            if not (now or dry_run):
                raise CommandError(
                    f"The personal data of season {season} is kept until {due_on:%Y-%m-%d} "
                    f"(RETENTION_MONTHS_AFTER_SEASON). Add --now to anonymise it today."
                )
            self.stdout.write(f"Season {season} is due for anonymisation on {due_on:%Y-%m-%d}.")
        try:
            outcome = services.anonymise_season(
                chosen,
                by_label=f"manage.py retention ({getpass.getuser()})",
                early=now,
                dry_run=dry_run,
                progress=self._progress,
            )
        except RuleViolation as refused:
            raise CommandError(refused.message) from None
        self._print_counts(outcome, dry_run)

    def _progress(self, people: list) -> tqdm:
        # The bar goes to the command's error stream (its stream, not Django's line wrapper).
        stream = getattr(self.stderr, "_out", self.stderr)
        return tqdm(people, desc="anonymising", unit="person", file=stream, leave=True)

    def _print_counts(self, outcome: services.Outcome, dry_run: bool) -> None:
        width = max(len(str(label)) for label in COUNTS.values())
        after_title = "would go" if dry_run else "after"
        self.stdout.write(f"{'':{width}}  {'before':>8}  {after_title:>8}")
        for key, label in COUNTS.items():
            before = outcome.before[key]
            after = ("" if key in KEPT_COUNTS else before) if dry_run else outcome.after[key]
            self.stdout.write(f"{label!s:{width}}  {before:>8}  {after!s:>8}")
        if dry_run:
            self.stdout.write("Dry run: nothing was changed.")
        else:
            self.stdout.write(self.style.SUCCESS(f"Recorded as retention run {outcome.run.pk}."))
