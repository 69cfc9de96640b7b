"""How often someone asks: counts of requests per address (ish.addresses) or account in the
shared cache."""

import hashlib

from django.core.cache import cache
from django.utils import timezone


def allow(what: str, who: str, *, per_hour: int) -> bool:
    """Counts one request of the kind `what` by `who` (an address, an e-mail address) in this
    clock hour; False once more than `per_hour` have been counted."""
    # Hashed: `who` may be anything a visitor typed, and cache keys must stay short and plain.
    digest = hashlib.sha256(who.encode()).hexdigest()[:32]
    key = f"throttle:{what}:{digest}:{timezone.now():%Y%m%d%H}"
    cache.add(key, 0, timeout=3600)
    return cache.incr(key) <= per_hour
