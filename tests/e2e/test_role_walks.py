"""Each role, new to the portal, signs in on the demo and follows only links, from its home page
to its main task, in Chromium with an English browser. On every page it passes: no 404, none of
the portal's own English strings (the page is in Vietnamese), and no WCAG 2.1 A or AA violation
in axe-core's audit (tests/e2e/audit.py). The screenshots land in artifacts/e2e/."""

import re

import pytest

from tests.e2e.audit import audit

# Each role: the login, then the links it follows (their visible text, a regular expression
# where the text holds a name or a number), from its home page.
WALKS = {
    # The emulation officer: the dossiers to review, then the first one.
    "officer": ("tdkt", ["Mở các hồ sơ", ("dossier", None)]),
    # The officer's other queue: the progress reports, every campaign at once.
    "officer-reports": ("tdkt", ["Duyệt báo cáo"]),
    # A member of staff: the titles it registers for, then its own record and what it could get.
    "staff": (
        "canbo",
        ["Đăng ký thi đua của tôi", "Trang chủ", "Hồ sơ của tôi", "Xem điều kiện khen thưởng"],
    ),
    # A unit head: its unit's registrations, then its nominations.
    "unit head": (
        "truongphong",
        ["Danh sách của đơn vị tôi", "Trang chủ", "Đề nghị khen thưởng của đơn vị"],
    ),
    # A unit head's progress reports: its unit's dashboard, then the covenant's progress page.
    "unit head reports": ("truongphong", ["Mở bảng điều khiển của đơn vị", "Mở trang tiến độ"]),
    # The leadership: the agency's dashboard.
    "leadership": ("lanhdao", ["Mở bảng điều khiển"]),
    # A union chair: its union's dashboard.
    "union chair": ("congdoan", [re.compile(r"^Mở bảng điều khiển của Công đoàn")]),
    # A council member: the councils, its council, then a session of it.
    "council member": (
        "hoidong1",
        [
            "Mở trang Hội đồng",
            re.compile(r"^Hội đồng Thi đua - Khen thưởng Sở"),
            # The session, by its date and time (dd/mm/yyyy hh:mm).
            re.compile(r"^\d\d.\d\d.\d{4} \d\d:\d\d$"),
        ],
    ),
}

# The first item of a list page, where the walk opens "the first one".
FIRST_OF = {"dossier": "table tbody tr a"}


def follow(page, step):
    """Click the link a step names on the current page; return the response's status."""
    if isinstance(step, tuple):
        link = page.locator(FIRST_OF[step[0]]).first
    else:
        link = page.get_by_role("link", name=step, exact=isinstance(step, str)).first
    with page.expect_navigation() as navigation:
        link.click()
    return navigation.value.status


@pytest.mark.parametrize("role", list(WALKS))
def test_a_role_walks_from_its_home_to_its_task_on_pages_that_read_right(
    role, page, live_server, demo, sign_in, shot
):
    username, steps = WALKS[role]
    sign_in(username)
    problems = audit(page)
    shot("home")
    for number, step in enumerate(steps, start=1):
        status = follow(page, step)
        problems += audit(page, status)
        shot(f"step-{number}")
    assert problems == []
