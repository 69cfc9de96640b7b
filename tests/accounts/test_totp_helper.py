"""The tests' own authenticator computes RFC 6238's published SHA-1 test values."""

import base64

import pytest

from tests.accounts.totp import totp

RFC_6238_SECRET = base64.b32encode(b"12345678901234567890").decode()


@pytest.mark.parametrize(
    ("at", "expected"),
    [
        (59, "94287082"),
        (1111111109, "07081804"),
        (1234567890, "89005924"),
        (2000000000, "69279037"),
    ],
)
def test_the_tests_authenticator_matches_the_rfc_test_vectors(at, expected):
    assert totp(RFC_6238_SECRET, at, digits=8) == expected
