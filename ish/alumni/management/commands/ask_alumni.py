"""`python manage.py ask_alumni [--season YEAR]`: ask the participants of an ended season (or of
every ended season) whether to stay in touch as alumni; each is asked once."""

from django.core.management.base import BaseCommand, CommandError

from ish.alumni import services
from ish.errors import RuleViolation
from ish.seasons.models import Season


class Command(BaseCommand):
    help = "Ask the participants of ended seasons, once each, whether to stay in touch as alumni."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--season", type=int, metavar="YEAR")

    def handle(self, *args, season: int | None, **options) -> None:
        if season is None:
            asked = services.ask_due()
        else:
            try:
                asked = services.ask_season(Season.objects.get(year=season))
            except Season.DoesNotExist:
                raise CommandError(f"There is no season {season}.") from None
            except RuleViolation as refused:
                raise CommandError(refused.message) from None
        self.stdout.write(f"{asked} participant(s) asked.")
