"""`manage.py load_demo`, dashboard part: the director reaches the 2020 dashboard from the home
page, and the numbers on it are the numbers of the lists they lead to."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

pytestmark = pytest.mark.usefixtures("english")

URL = reverse("dashboards:agency")


@pytest.fixture
def demo(demo_output, db):
    return demo_output


@pytest.fixture
def director(demo, client):
    client.force_login(get_user_model().objects.get(username="lanhdao"))
    return client


def figures(body: str) -> dict[str, int]:
    return {
        url.replace("&amp;", "&"): int(count)
        for url, count in re.findall(r'<a href="([^"]+)" data-testid="figure">(\d+)</a>', body)
    }


def test_the_director_reaches_the_2020_dashboard_from_the_home_page(director):
    home = director.get(reverse("home")).content.decode()
    (link,) = re.findall(r'href="([^"]+)" data-testid="open-dashboard"', home)
    page = director.get(link)
    assert page.status_code == 200 and 2020 in page.context["years"]
    page = director.get(link, {"year": 2020})
    body = page.content.decode()
    assert page.context["campaign"].start_date.year == 2020
    assert "Emulation and commendation 2020" in body
    # The demo's parties reported up to the third quarter: the dashboard opens on it.
    assert page.context["quarter"] == 3
    ranking = re.findall(r'data-testid="party-link">([^<]+)</a>', body)
    parties = page.context["campaign"].covenants.get(status="in_force").parties.count()
    assert len(ranking) == parties


def test_each_number_matches_the_list_it_links_to(director, client):
    body = director.get(URL, {"year": 2020}).content.decode()
    numbers = figures(body)
    kinds = {
        "registrations": "/dang-ky/tong-hop/",
        "dossiers": "/de-nghi/",
        "awards": "/qua-trinh/",
        "initiatives": "/sang-kien/",
    }
    for kind, path in kinds.items():
        assert any(path in url for url in numbers), kind
    for url, count in numbers.items():
        response = director.get(url)
        if response.status_code == 403:  # a desk the director does not keep: read as the officer
            client.force_login(get_user_model().objects.get(username="tdkt"))
            response = client.get(url)
            client.force_login(get_user_model().objects.get(username="lanhdao"))
        assert response.status_code == 200, url
        assert response.context["page"].paginator.count == count, url


def test_the_ranking_puts_the_party_furthest_behind_first(director):
    page = director.get(URL, {"year": 2020})
    shares = [
        int(n)
        for n in re.findall(
            r'data-testid="party-link">[^<]+</a></td><td class="text-end">(\d+) %',
            page.content.decode(),
        )
    ]
    assert shares == sorted(shares) and shares[0] < shares[-1]
