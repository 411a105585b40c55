"""The director before a meeting, in the browser, in Vietnamese, on the demo: from the home page
to the 2020 dashboard, then from the bar of the party furthest behind to that party's progress
page — which units are behind this quarter, without training."""

import re

from playwright.sync_api import expect

from campaigns.models import Party


def test_the_director_follows_the_worst_party_to_its_progress(
    page, live_server, demo, sign_in, shot
):
    sign_in("lanhdao")
    page.get_by_test_id("open-dashboard").click()
    expect(page.get_by_test_id("dashboard-heading")).to_be_visible()
    page.select_option("#id_year", "2020")
    page.get_by_role("button", name="Xem").click()
    expect(page.get_by_test_id("dashboard-heading")).to_contain_text("2020")
    # The demo's parties reported up to the third quarter: the page says so in words.
    expect(page.get_by_test_id("commitments-card")).to_contain_text("quý III")
    expect(page.get_by_test_id("attention-card")).to_contain_text("Cần chú ý")
    shot("dashboard-2020")
    worst = page.get_by_test_id("party-row").first
    name = worst.get_by_test_id("party-link").inner_text()
    share = int(re.search(r"(\d+) %", worst.inner_text()).group(1))
    shares = [
        int(re.search(r"(\d+) %", row).group(1))
        for row in page.get_by_test_id("party-row").all_inner_texts()
    ]
    assert share == min(shares) < max(shares)
    worst.get_by_test_id("party-bar").click()
    page.wait_for_url(re.compile(r"/phong-trao/ben/\d+/tien-do/$"))
    party = Party.objects.get(pk=int(re.search(r"/ben/(\d+)/", page.url).group(1)))
    assert str(party.unit) == name
    expect(page.locator("h1")).to_contain_text(name)
    shot("worst-party-progress")
