"""The client's address behind the reverse proxies the deployment trusts (TRUSTED_PROXY_COUNT):
one rule for the rate limits, the sign-in lockout and the audit trail."""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    """Behind TRUSTED_PROXY_COUNT proxies, the right-most entry of X-Forwarded-For that none of
    them is (each appends the address it saw, and whatever a client sends itself stands further
    left); REMOTE_ADDR without proxies. None when there is no address at all (a sign-in made in
    code has none), as the address columns of the lockout and the audit trail store it."""
    remote = _address(request.META.get("REMOTE_ADDR", ""))
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = [entry.strip() for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [entry for entry in forwarded if entry]
    if proxies <= 0 or not forwarded:
        return remote
    # Fewer entries than proxies: the request skipped some of them; take the farthest one seen.
    # A proxy that writes something other than an address is misconfigured: REMOTE_ADDR then.
    return _address(forwarded[-min(proxies, len(forwarded))]) or remote


def client_address(request: HttpRequest) -> str:
    """client_ip as the rate limits count it: "unknown" stands for requests without one."""
    return client_ip(request) or "unknown"


def _address(text: str) -> str | None:
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        return None
