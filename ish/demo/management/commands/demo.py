from django.core.management.base import BaseCommand

from ish.demo.season import describe_logins, load_demo_season


class Command(BaseCommand):
    help = "Load (or refresh) the demo season and print the demo logins. Safe to run repeatedly."

    def handle(self, *args, **options) -> None:
        logins = load_demo_season()
        if options["verbosity"] == 0:  # `make run`: its server prints them once it listens
            return
        self.stdout.write(self.style.SUCCESS("Demo season loaded. Demo logins:"))
        for line in describe_logins(logins):
            self.stdout.write(line)
