from django.urls import reverse


def test_pages_are_vietnamese_by_default_even_for_an_english_browser(org, login):
    response = login(org.bob).get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    body = response.content.decode()
    assert '<html lang="vi">' in body
    assert "Trang chủ" in body
    assert "Đăng xuất" in body


def test_the_switch_turns_the_portal_to_english_and_back(org, login):
    client = login(org.bob)
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("home")})
    assert response.status_code == 302
    body = client.get(reverse("home")).content.decode()
    assert '<html lang="en">' in body
    assert "Sign out" in body
    client.post(reverse("set_language"), {"language": "vi", "next": reverse("home")})
    assert "Đăng xuất" in client.get(reverse("home")).content.decode()


def test_an_unknown_language_falls_back_to_vietnamese(org, login, settings):
    client = login(org.bob)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    assert '<html lang="vi">' in client.get(reverse("home")).content.decode()


def test_every_page_offers_the_switch(org, client):
    body = client.get(reverse("login")).content.decode()
    assert 'data-testid="lang-en"' in body
    assert 'data-testid="lang-vi"' in body


def test_dates_read_dd_mm_yyyy_in_both_languages(org, login):
    client = login(org.alice)
    url = reverse("organizations:person_detail", args=["BOB"])
    assert "01/01/2015" in client.get(url).content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": url})
    assert "01/01/2015" in client.get(url).content.decode()
