"""The officer opens the unit tree on the demo in Chromium: the agency and the units right below
it show at once; a unit with units of its own opens them on demand (fetched by htmx), and its
button goes once they are shown."""

from playwright.sync_api import expect

from organizations.models import Unit
from tests.factories import UnitFactory


def test_the_officer_opens_a_unit_of_the_tree_to_see_the_units_below_it(
    page, live_server, demo, sign_in, shot
):
    division = Unit.objects.get(name="Phòng Quản lý khoa học")
    team = UnitFactory(code="TOKH1", name="Tổ thẩm định đề tài", parent=division)
    sign_in("tdkt")
    page.goto(f"{live_server.url}/to-chuc/don-vi/")
    expect(page.get_by_test_id(f"unit-{division.code}")).to_be_visible()
    expect(page.get_by_test_id(f"unit-{team.code}")).to_have_count(0)
    opener = page.get_by_test_id(f"open-{division.code}")
    expect(opener).to_have_text("Đơn vị cấp dưới")
    shot("two-levels")

    opener.click()
    below = page.get_by_test_id(f"unit-{team.code}")
    expect(below).to_be_visible()
    expect(below).to_contain_text("Tổ thẩm định đề tài")
    expect(opener).to_have_count(0)
    # The opened unit sits right under its parent.
    codes = page.locator(".unit-tree [data-testid^='unit-']").evaluate_all(
        "rows => rows.map(row => row.dataset.testid)"
    )
    assert codes[codes.index(f"unit-{division.code}") + 1] == f"unit-{team.code}"
    shot("opened")
    below.get_by_role("link", name="Tổ thẩm định đề tài").click()
    expect(page.locator("h1")).to_contain_text("Tổ thẩm định đề tài")
