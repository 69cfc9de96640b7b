"""The client's address behind the trusted proxies, which the rate limits and the audit trail
count."""

import pytest

from ish.addresses import client_address, client_ip

REMOTE = "203.0.113.9"


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, None, REMOTE),  # the client connects directly
        (0, "198.51.100.1", REMOTE),  # without a proxy the header is the client's invention
        (1, "198.51.100.1", "198.51.100.1"),  # behind the TLS proxy
        (1, "6.6.6.6, 198.51.100.1", "198.51.100.1"),  # what the client sent stands left
        (1, "6.6.6.6,198.51.100.1 ", "198.51.100.1"),
        (2, "6.6.6.6, 198.51.100.1, 192.0.2.10", "198.51.100.1"),  # a CDN, then the proxy
        (2, "198.51.100.1", "198.51.100.1"),  # fewer entries than proxies: the farthest one
        (1, "2001:db8::1", "2001:db8::1"),
        (1, None, REMOTE),  # no header: the connection
        (1, "", REMOTE),
        (1, "6.6.6.6, not-an-address", REMOTE),  # a misconfigured proxy is not trusted
    ],
)
def test_the_client_address_is_the_right_most_one_no_trusted_proxy_added(
    rf, settings, proxies, forwarded, expected
):
    settings.TRUSTED_PROXY_COUNT = proxies
    headers = {} if forwarded is None else {"HTTP_X_FORWARDED_FOR": forwarded}
    request = rf.get("/", REMOTE_ADDR=REMOTE, **headers)

    assert client_address(request) == expected


def test_a_request_without_an_address_has_no_ip_for_the_address_columns(rf):
    request = rf.get("/")
    del request.META["REMOTE_ADDR"]

    assert client_address(request) == "unknown"
    assert client_ip(request) is None
    assert client_ip(rf.get("/", REMOTE_ADDR=REMOTE)) == REMOTE


@pytest.mark.django_db
def test_a_sign_in_made_in_code_works_on_every_database(client, coordinator):
    # Django's force_login signs in with a request that has no address; the lockout's tables
    # store addresses in an inet column on PostgreSQL, which "unknown" would break.
    client.force_login(coordinator)

    assert client.get("/").status_code in (200, 302)
