"""The client's address behind the reverse proxies the deployment trusts (TRUSTED_PROXY_COUNT):
one rule for the rate limits and the audit trail."""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """Behind TRUSTED_PROXY_COUNT proxies, the right-most entry of X-Forwarded-For that none of
    them is (each appends the address it saw, and whatever a client sends itself stands further
    left); REMOTE_ADDR without proxies, or "unknown" without either."""
    remote = request.META.get("REMOTE_ADDR") or "unknown"
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = [entry.strip() for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [entry for entry in forwarded if entry]
    if proxies <= 0 or not forwarded:
        return remote
    # Fewer entries than proxies: the request skipped some of them; take the farthest one seen.
    candidate = forwarded[-min(proxies, len(forwarded))]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:  # a proxy that writes something else is misconfigured
        return remote


def client_ip(request: HttpRequest) -> str | None:
    """client_address as the address columns store it (the sign-in lockout's, the audit
    trail's): None when the request has no address, as a sign-in made in code has none."""
    try:
        return str(ipaddress.ip_address(client_address(request)))
    except ValueError:
        return None
