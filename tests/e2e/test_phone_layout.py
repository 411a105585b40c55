"""Each role's main pages on a phone (390 px wide) and on a desk (1280 px): the page itself never
scrolls sideways (a wide table scrolls inside its own box), and a screenshot of each lands in
artifacts/e2e/ to look at. A visually hidden table label once escaped its table and widened the
award history to 980 px."""

import re

from django.urls import reverse

from tests.e2e.conftest import ARTIFACTS

PAGES = {
    "tdkt": [
        ("home", reverse("home")),
        ("history", reverse("awards:history_list")),
        ("history-add", reverse("awards:history_add") + "?q=nguyen"),
        ("people", reverse("organizations:person_list")),
        ("rules", reverse("awards:rule_sets")),
        ("registrations", reverse("awards:registration_table")),
        ("initiatives", reverse("awards:initiative_list")),
        ("decisions", reverse("awards:decision_list")),
        ("desk", reverse("awards:nomination_desk")),
        ("campaigns", reverse("campaigns:campaign_list")),
    ],
    "canbo": [
        ("home", reverse("home")),
        ("my-registration", reverse("awards:registration_mine")),
        ("campaigns", reverse("campaigns:campaign_list")),
    ],
    "truongphong": [("home", reverse("home")), ("people", reverse("organizations:person_list"))],
    "lanhdao": [("home", reverse("home")), ("dashboard", reverse("dashboards:agency"))],
}

PAGE_WIDTH = "() => document.documentElement.scrollWidth"


def test_no_main_page_scrolls_sideways_on_a_phone(page, live_server, demo, sign_in):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    too_wide = []
    for username, pages in PAGES.items():
        page.context.clear_cookies()
        page.set_viewport_size({"width": 1280, "height": 900})
        sign_in(username)
        for width in (390, 1280):
            page.set_viewport_size({"width": width, "height": 900})
            for label, url in pages:
                response = page.goto(f"{live_server.url}{url}")
                assert response.status == 200, (username, url, response.status)
                name = re.sub(r"[^\w.-]+", "_", f"layout-{username}-{label}-{width}")
                page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
                if page.evaluate(PAGE_WIDTH) > width:
                    too_wide.append((username, url, width, page.evaluate(PAGE_WIDTH)))
    assert too_wide == []


def test_what_was_done_reads_in_a_column_of_its_own_width_on_the_progress_page(
    page, live_server, demo, sign_in
):
    """A commitment's reports beside the report form once squeezed "what was done" to a few
    words a line; on a desk it keeps at least 14rem, and the headers stay on one line."""
    from campaigns.models import Party

    party = Party.objects.filter(unit__code="QLKH", commitments__reports__isnull=False).first()
    sign_in("truongphong")
    page.goto(f"{live_server.url}{reverse('campaigns:party_progress', args=[party.pk])}")
    narrative = page.locator("[data-testid=reports] td.narrative").first
    assert narrative.bounding_box()["width"] >= 224  # 14rem
    header = page.locator("[data-testid=reports] th").first
    assert header.bounding_box()["height"] < 30  # one line
