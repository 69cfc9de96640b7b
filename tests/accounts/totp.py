"""Codes as an authenticator app computes them (RFC 6238: HMAC-SHA-1, 6 digits, 30 s), written
here from the RFC rather than taken from django-otp, which the tests check."""

import base64
import hashlib
import hmac
import struct
import time


def totp(secret: str, at: float | None = None, *, digits: int = 6, step: int = 30) -> str:
    """The code for the base32 `secret` at Unix time `at` (now if None)."""
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    counter = int((time.time() if at is None else at) // step)
    mac = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    number = struct.unpack(">I", mac[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(number % 10**digits).zfill(digits)
