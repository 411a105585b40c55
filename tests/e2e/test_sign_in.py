"""A staff member signs in, reads the portal in Vietnamese, and switches to English."""

import re

from playwright.sync_api import expect

from organizations.vietnamese import fold
from tests.e2e.conftest import ARTIFACTS


def test_staff_signs_in_sees_vietnamese_and_switches_to_english(
    page, live_server, demo, sign_in, shot
):
    page.goto(live_server.url + "/")
    expect(page.locator("h1")).to_have_text("Đăng nhập")
    sign_in("canbo")
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.get_by_role("link", name="Trang chủ")).to_be_visible()
    expect(page.get_by_text("Việc cần làm")).to_be_visible()
    shot("home-vi")

    page.get_by_test_id("lang-en").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("link", name="Home", exact=True)).to_be_visible()
    expect(page.get_by_text("What to do next")).to_be_visible()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    shot("home-en")

    page.get_by_test_id("lang-vi").click()
    expect(page.locator("html")).to_have_attribute("lang", "vi")


def test_a_wrong_password_is_refused_in_vietnamese(page, live_server, demo):
    page.goto(live_server.url + "/dang-nhap/")
    page.fill("input[name=username]", "canbo")
    page.fill("input[name=password]", "sai-mat-khau")
    page.click("form button[type=submit].btn-primary")
    expect(page.locator(".alert-danger, .invalid-feedback, .errorlist").first).to_contain_text(
        "mật khẩu"
    )


def test_officer_finds_a_person_without_diacritics_on_a_phone(browser, live_server, demo):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    page.set_default_timeout(30000)
    try:
        page.goto(live_server.url + "/dang-nhap/")
        page.fill("input[name=username]", "tdkt")
        page.fill("input[name=password]", "demo")
        page.click("form button[type=submit].btn-primary")
        page.wait_for_url(live_server.url + "/")
        page.get_by_role("button", name="Trình đơn").click()
        # The menu slides open: click its link once it is fully open, not while it moves.
        expect(page.locator("#mainnav")).to_have_class(re.compile(r"(^|\s)show(\s|$)"))
        page.get_by_role("link", name="Cán bộ", exact=True).click()
        page.wait_for_url(re.compile(r"/to-chuc/can-bo/"))
        table = page.get_by_test_id("people-table")
        expect(table).to_be_visible()
        first_name = table.locator("tbody tr td a").first.inner_text()
        page.fill("input[name=q]", fold(first_name))
        page.get_by_role("button", name="Lọc").click()
        expect(table.locator("tbody tr td a").first).to_have_text(first_name)
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "phone-people.png"), full_page=True)
    finally:
        context.close()
