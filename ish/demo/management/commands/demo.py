from django.core.management.base import BaseCommand

from ish.demo.season import load_demo_season


class Command(BaseCommand):
    help = "Load (or refresh) the demo season and print the demo logins. Safe to run repeatedly."

    def handle(self, *args, **options) -> None:
        logins = load_demo_season()
        self.stdout.write(self.style.SUCCESS("Demo season loaded. Demo logins:"))
        width = max(len(login.username) for login in logins)
        for login in logins:
            self.stdout.write(
                f"  {login.username:<{width}}  password {login.password}  ({login.description})"
            )
