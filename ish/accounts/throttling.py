"""Who is asking, and how often: the client's address behind the trusted proxies, and counts of
requests per address or account in the shared cache."""

import hashlib
import ipaddress

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils import timezone


def client_address(request: HttpRequest) -> str:
    """The address limits count: behind TRUSTED_PROXY_COUNT proxies, the right-most entry of
    X-Forwarded-For that none of them is (each appends the address it saw, and whatever a
    client sends itself stands further left); REMOTE_ADDR without proxies. The sign-in lockout
    (AXES_CLIENT_IP_CALLABLE) and every rate limit read it here."""
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


def allow(what: str, who: str, *, per_hour: int) -> bool:
    """Counts one request of the kind `what` by `who` (an address, an e-mail address) in this
    clock hour; False once more than `per_hour` have been counted."""
    # Hashed: `who` may be anything a visitor typed, and cache keys must stay short and plain.
    digest = hashlib.sha256(who.encode()).hexdigest()[:32]
    key = f"throttle:{what}:{digest}:{timezone.now():%Y%m%d%H}"
    cache.add(key, 0, timeout=3600)
    return cache.incr(key) <= per_hour
