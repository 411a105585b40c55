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


def test_the_officer_pages_through_a_long_list_of_units_below_one(
    page, live_server, demo, sign_in, shot
):
    from organizations.selectors import TREE_PAGE

    division = Unit.objects.get(name="Phòng Quản lý khoa học")
    for n in range(TREE_PAGE + 2):
        UnitFactory(code=f"TO{n:03}", name=f"Tổ công tác {n:03}", parent=division)
    sign_in("tdkt")
    page.goto(f"{live_server.url}/to-chuc/don-vi/")
    page.get_by_test_id(f"open-{division.code}").click()
    expect(page.get_by_test_id(f"unit-TO{TREE_PAGE - 1:03}")).to_be_visible()
    expect(page.get_by_test_id(f"unit-TO{TREE_PAGE:03}")).to_have_count(0)
    more = page.get_by_test_id(f"more-{division.code}")
    expect(more).to_contain_text("Xem thêm 2 đơn vị trực thuộc Phòng Quản lý khoa học")
    shot("a-page-of-units")

    more.get_by_role("button").click()
    expect(page.get_by_test_id(f"unit-TO{TREE_PAGE + 1:03}")).to_be_visible()
    expect(more).to_have_count(0)
    codes = page.locator(".unit-tree [data-testid^='unit-TO']").evaluate_all(
        "rows => rows.map(row => row.dataset.testid)"
    )
    assert codes == sorted(codes) and len(codes) == TREE_PAGE + 2
    shot("the-next-page")
