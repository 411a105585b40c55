"""The awards overview and tabs lead each role to its pages; person and unit pages link the
award history."""

import re

import pytest
from django.urls import reverse


def tabs(response):
    """Return the hrefs of the awards tabs on a page."""
    body = response.content.decode()
    nav = body[body.index('data-testid="awards-nav"') :]
    nav = nav[: nav.index("</ul>")]
    return re.findall(r'href="([^"]+)"', nav)


def test_staff_gets_its_registration_and_the_shared_pages_but_no_review_tabs(org, login):
    response = login(org.bob).get(reverse("awards:index"))
    assert response.status_code == 200
    assert tabs(response) == [
        reverse("awards:index"),
        reverse("awards:registration_mine"),
        reverse("awards:decision_list"),
        reverse("awards:initiative_list"),
        reverse("awards:history_list"),
        reverse("awards:catalogue"),
    ]


def test_unit_head_gets_its_units_list_and_the_table(org, login):
    links = tabs(login(org.carol).get(reverse("awards:index")))
    assert reverse("awards:registration_unit", args=["KT"]) in links
    assert reverse("awards:registration_table") in links
    assert reverse("awards:registration_queue") not in links


def test_officer_gets_the_review_queue_and_the_import(org, login):
    response = login(org.alice).get(reverse("awards:index"))
    assert reverse("awards:registration_queue") in tabs(response)
    assert reverse("awards:history_import") in response.content.decode()
    assert reverse("awards:initiative_create") in response.content.decode()


def test_the_overview_reads_in_vietnamese_by_default(org, login):
    body = login(org.bob).get(reverse("awards:index")).content.decode()
    assert "Danh hiệu thi đua và hình thức khen thưởng" in body
    assert "Đăng ký thi đua" in body
    assert "Quá trình khen thưởng" in body


@pytest.mark.parametrize(
    "name", ["catalogue", "initiative_list", "history_list", "registration_mine"]
)
def test_every_awards_list_page_shows_the_tabs_with_itself_active(org, login, name):
    body = login(org.alice).get(reverse(f"awards:{name}")).content.decode()
    assert 'data-testid="awards-nav"' in body
    assert f'nav-link active" href="{reverse(f"awards:{name}")}"' in body


def test_the_rule_sets_page_sits_under_the_catalogue_tab(org, login):
    body = login(org.alice).get(reverse("awards:rule_sets")).content.decode()
    assert f'nav-link active" href="{reverse("awards:catalogue")}"' in body


def test_the_main_navigation_leads_to_the_overview(org, login):
    body = login(org.bob).get(reverse("home")).content.decode()
    assert f'href="{reverse("awards:index")}"' in body


def test_person_and_unit_pages_link_their_award_history(org, login):
    officer = login(org.alice)
    person_page = officer.get(reverse("organizations:person_detail", args=["BOB"])).content
    assert reverse("awards:person_history", args=["BOB"]) in person_page.decode()
    assert "Quá trình khen thưởng: thêm hoặc thu hồi" in person_page.decode()
    unit_page = officer.get(reverse("organizations:unit_detail", args=["KT"])).content.decode()
    assert reverse("awards:unit_history", args=["KT"]) in unit_page


def test_staff_reads_the_full_history_link_without_write_wording(org, login):
    body = login(org.bob).get(reverse("organizations:person_detail", args=["BOB"])).content
    assert "Xem toàn bộ quá trình khen thưởng" in body.decode()
