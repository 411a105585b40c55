"""Finding 10 of the security review: what a signed-in person sees or downloads is never cached;
/healthz answers over plain HTTP; the language cookie is as secure as the session's. Also the
headers every page carries (CSP, framing, sniffing, referrer)."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse

from emulation.middleware import NoStoreMiddleware
from organizations.downloads import xlsx_attachment
from tests.emulation.test_settings import run_django

PRODUCTION = {
    "SECRET_KEY": "r7G-2kq_Vb9xXw4LmZt8pQy3NcHs6JdFe1UoAi5KlWvYgBnRzT0MhCjPuE",
    "ALLOWED_HOSTS": "portal.example.gov.vn",
}


def cache_control(response):
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part}


def test_every_page_carries_the_browser_protections(org, login):
    for response in (login(org.bob).get(reverse("home")), Client().get(reverse("login"))):
        policy = response["Content-Security-Policy"]
        assert "default-src 'self'" in policy
        assert "script-src 'self'" in policy
        assert "frame-ancestors 'none'" in policy
        assert "unsafe-inline" not in policy
        assert response["X-Frame-Options"] == "DENY"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"


def test_a_signed_in_page_is_not_stored(org, login):
    response = login(org.bob).get(reverse("home"))
    assert response.status_code == 200
    assert {"no-store", "no-cache", "private"} <= cache_control(response)


def test_a_signed_in_htmx_fragment_is_not_stored(org, login):
    response = login(org.alice).get(
        reverse("organizations:person_list"), headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert "no-store" in cache_control(response)


def test_a_download_is_not_stored(org, login):
    response = login(org.alice).get(reverse("organizations:import_template"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert {"no-store", "private"} <= cache_control(response)


def test_an_attachment_is_not_stored_even_for_an_anonymous_visitor():
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    middleware = NoStoreMiddleware(lambda request: xlsx_attachment(b"PK", "so.xlsx"))
    assert "no-store" in cache_control(middleware(request))
    page = NoStoreMiddleware(lambda request: HttpResponse("ok"))(request)
    assert "Cache-Control" not in page


def test_a_public_page_to_an_anonymous_visitor_is_left_cacheable(db, client):
    # Public information (the list posted for comment): the portal adds no cache header.
    response = client.get(reverse("awards:posting_index"))
    assert response.status_code == 200
    assert "no-store" not in cache_control(response)


def test_the_sign_in_page_is_never_cached(db, client):
    # Django's LoginView says so itself: the page carries a fresh CSRF token.
    response = client.get(reverse("login"))
    assert "no-store" in cache_control(response)


def test_healthz_answers_over_plain_http_when_https_is_enforced(db, client, settings):
    settings.SECURE_SSL_REDIRECT = True
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.content == b"ok"
    assert "no-store" in cache_control(response)
    # Everything else still goes to HTTPS.
    redirect = client.get(reverse("login"))
    assert redirect.status_code == 301
    assert redirect["Location"].startswith("https://")


def test_the_language_cookie_follows_the_settings(db, client, settings):
    settings.LANGUAGE_COOKIE_SECURE = True
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie["secure"] is True
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


PRINT_COOKIE_SETTINGS = (
    "from django.conf import settings as s; "
    "print(s.LANGUAGE_COOKIE_SECURE, s.LANGUAGE_COOKIE_HTTPONLY, s.LANGUAGE_COOKIE_SAMESITE)"
)


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({}, "True True Lax"),
        # An intranet without TLS turns secure cookies off, the language cookie's with them.
        ({"SESSION_COOKIE_SECURE": "0"}, "False True Lax"),
    ],
)
def test_production_makes_the_language_cookie_secure(overrides, expected):
    result = run_django(
        {**PRODUCTION, **overrides}, "shell", "--no-imports", "-c", PRINT_COOKIE_SETTINGS
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == expected
