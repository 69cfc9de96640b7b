"""gunicorn's configuration (read from the working folder; the image's command names it too).

The command line (Dockerfile) sets where gunicorn listens, its logs and timeouts; this file keeps
what no option can: gunicorn writes `Server: gunicorn` into every response, and no setting turns
that off. The banner tells an attacker which server, and so which known flaws, to try; it is
dropped here, before gunicorn forks its workers.
"""

from gunicorn.http import wsgi

_default_headers = wsgi.Response.default_headers


def _default_headers_without_server(self) -> list[str]:
    return [header for header in _default_headers(self) if not header.startswith("Server:")]


wsgi.Response.default_headers = _default_headers_without_server
