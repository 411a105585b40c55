"""The sign-in lock-out keys on the username and the client's own address, behind a proxy too."""

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from emulation.middleware import forwarded_client_address
from tests.factories import UserFactory

LOGIN = reverse("login")
PROXY = "127.0.0.1"  # the test client's REMOTE_ADDR: the proxy, as gunicorn sees it
CLIENT_A = "203.0.113.7"
CLIENT_B = "198.51.100.20"


@pytest.fixture
def axes_on(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 10
    return settings


@pytest.fixture
def tdkt(db):
    return UserFactory(username="tdkt", password="Dung-mat-khau-2020")


def sign_in(client, password, forwarded_for=None):
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
    return client.post(LOGIN, {"username": "tdkt", "password": password}, headers=headers)


def fail_ten_times(client, forwarded_for):
    statuses = [sign_in(client, "sai-mat-khau", forwarded_for).status_code for _ in range(10)]
    assert statuses == [200] * 9 + [429]  # the tenth failure locks


def test_behind_the_proxy_a_lock_out_holds_only_the_address_that_failed(
    axes_on, tdkt, client, django_user_model
):
    axes_on.TRUSTED_PROXY_COUNT = 1
    fail_ten_times(client, CLIENT_A)
    assert sign_in(client, "Dung-mat-khau-2020", CLIENT_A).status_code == 429

    response = sign_in(client, "Dung-mat-khau-2020", CLIENT_B)
    assert response.status_code == 302
    assert response.url == reverse("home")
    # B's success clears B's record only: A is still locked out.
    client.logout()
    assert sign_in(client, "Dung-mat-khau-2020", CLIENT_A).status_code == 429
    assert list(AccessAttempt.objects.values_list("username", "ip_address")) == [("tdkt", CLIENT_A)]


def test_behind_the_proxy_addresses_the_client_adds_are_ignored(axes_on, tdkt, client):
    axes_on.TRUSTED_PROXY_COUNT = 1
    # nginx appends the address it sees to whatever the client sent.
    for number in range(10):
        sign_in(client, "sai-mat-khau", f"10.9.9.{number}, {CLIENT_A}")
    assert sign_in(client, "Dung-mat-khau-2020", f"10.9.9.99, {CLIENT_A}").status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {CLIENT_A}


def test_without_the_proxy_setting_x_forwarded_for_is_ignored(axes_on, tdkt, client):
    assert axes_on.TRUSTED_PROXY_COUNT == 0
    for number in range(10):
        sign_in(client, "sai-mat-khau", f"192.0.2.{number}")
    # A client talking to gunicorn directly cannot pick a fresh address to go on guessing.
    assert sign_in(client, "Dung-mat-khau-2020", CLIENT_B).status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {PROXY}


def test_a_username_alone_is_not_locked_out(axes_on, tdkt, client):
    fail_ten_times(client, None)
    other = client.post(
        LOGIN,
        {"username": "tdkt", "password": "Dung-mat-khau-2020"},
        REMOTE_ADDR=CLIENT_B,
    )
    assert other.status_code == 302


@pytest.mark.parametrize(
    ("header", "count", "expected"),
    [
        (CLIENT_A, 1, CLIENT_A),
        (f"1.2.3.4, {CLIENT_A}", 1, CLIENT_A),
        (f"1.2.3.4, {CLIENT_A}, 10.0.0.2", 2, CLIENT_A),
        ("2001:db8::1", 1, "2001:db8::1"),
        (CLIENT_A, 2, None),  # fewer entries than proxies: the chain is not as configured
        ("", 1, None),
        ("not-an-address", 1, None),
        (f"{CLIENT_A}:51234", 1, None),
        (CLIENT_A, 0, None),
    ],
)
def test_the_client_is_read_from_the_right_of_the_header(header, count, expected):
    assert forwarded_client_address(header, count) == expected
