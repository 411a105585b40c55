"""A form posted without the CSRF token is refused; the test client skips the check unless asked."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import UserFactory


@pytest.fixture
def strict_client():
    return Client(enforce_csrf_checks=True)


def test_a_sign_in_without_the_token_is_refused(db, strict_client):
    UserFactory(username="tdkt", password="Dung-mat-khau-2020")
    response = strict_client.post(
        reverse("login"), {"username": "tdkt", "password": "Dung-mat-khau-2020"}
    )
    assert response.status_code == 403
    assert "_auth_user_id" not in strict_client.session


def test_a_signed_in_post_without_the_token_is_refused(org, strict_client):
    strict_client.force_login(org.bob.user)
    response = strict_client.post(reverse("logout"))
    assert response.status_code == 403
    assert "_auth_user_id" in strict_client.session


def test_the_token_from_the_form_is_accepted(db, strict_client):
    UserFactory(username="tdkt", password="Dung-mat-khau-2020")
    page = strict_client.get(reverse("login"))
    token = page.context["csrf_token"]
    response = strict_client.post(
        reverse("login"),
        {"username": "tdkt", "password": "Dung-mat-khau-2020", "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302
