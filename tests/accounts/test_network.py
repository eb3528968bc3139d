from django.test import RequestFactory

from accounts.network import client_ip


def request(remote="10.0.0.5", forwarded=None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **meta)


def test_without_proxies_the_socket_address_counts(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request(forwarded="1.2.3.4")) == "10.0.0.5"


def test_behind_one_proxy_its_view_of_the_client_counts(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request(forwarded="203.0.113.9")) == "203.0.113.9"
    # What the client itself put in front is not trusted.
    assert client_ip(request(forwarded="6.6.6.6, 203.0.113.9")) == "203.0.113.9"


def test_a_missing_header_falls_back_to_the_socket(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(request(forwarded="203.0.113.9")) == "10.0.0.5"


def test_lockouts_count_per_forwarded_address(client, personas, settings):
    from django.urls import reverse

    settings.TRUSTED_PROXY_COUNT = 1
    login = reverse("accounts:login")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            login,
            {"username": "alice@example.org", "password": "x"},
            HTTP_X_FORWARDED_FOR="198.51.100.7",
        )
    # Another client behind the same proxy can still sign in as alice.
    r = client.post(
        login,
        {"username": "alice@example.org", "password": "correct horse battery staple"},
        HTTP_X_FORWARDED_FOR="198.51.100.8",
    )
    assert r.status_code == 302
