"""`manage.py demoserver`: the development server of `make run`, which prints its address and the
demo logins once it listens, not before."""

from whitenoise.runserver_nostatic.management.commands.runserver import Command as Runserver

from ish.demo.season import DEMO_LOGINS, describe_logins
from ish.letters.documents import readiness


class Command(Runserver):
    help = "runserver for `make run`: prints the address and the demo logins once it listens."

    def on_bind(self, server_port: int) -> None:
        # Called once the socket is bound (and again after each reload). Replaces runserver's own
        # lines: its address is this one, and its warning that this is a development server says
        # what `make run` is for; production serves with gunicorn (Dockerfile).
        host = f"[{self.addr}]" if self._raw_ipv6 else self.addr
        self.stdout.write("")
        self.stdout.write(
            self.style.SUCCESS(
                f"ISH Manager runs at {self.protocol}://{host}:{server_port}/"
                "  (Ctrl-C stops web, worker and beat)"
            )
        )
        self.stdout.write("Demo logins:")
        for line in describe_logins(DEMO_LOGINS):
            self.stdout.write(line)
        # One line, and only when letters would lack a library or print a script in a fallback.
        if missing := readiness().summary():
            self.stdout.write(self.style.WARNING(missing))
        self.stdout.write("")
