"""The year-end round in the browser, in Vietnamese, from a unit's registrations to the council's
count: the unit head nominates and sends; the emulation officer returns one dossier, accepts the
rest and calls the council; the members vote by secret ballot, an absent member's written vote is
entered, the vote is closed and counted, and the minutes list every item with its votes."""

import tempfile
from pathlib import Path

from playwright.sync_api import expect

from awards.models import (
    Ballot,
    BallotParticipation,
    CouncilItem,
    CouncilMember,
    CouncilSession,
    Nomination,
    Registration,
)
from campaigns.models import Campaign
from emulation.demo.campaigns import CAMPAIGN_2021
from organizations.models import Unit
from tests.uploads import PDF_BYTES, pdf_text

UNIT = "QLKH"
YEAR = 2021
RETURN_COMMENT = "Báo cáo thành tích chưa nêu kết quả thực hiện đề tài; đề nghị bổ sung."
VOTERS = ["hoidong1", "hoidong2", "hoidong3", "hoidong4", "hoidong5"]


def test_from_registrations_to_the_councils_count(page, live_server, demo, sign_in, shot):
    unit = Unit.objects.get(code=UNIT)
    assert not Nomination.objects.filter(nomination_list__unit=unit, year=YEAR).exists()
    registered = list(
        Registration.objects.filter(
            registration_list__unit=unit, year=YEAR, person__isnull=False, award__code="LDTT"
        )
        .select_related("person")
        .order_by("person__sort_key")[:3]
    )
    assert len(registered) == 3
    names = [registration.person.full_name for registration in registered]
    signed = Path(tempfile.mkdtemp()) / "bao-cao-da-ky.pdf"
    signed.write_bytes(PDF_BYTES)
    main_nav = page.get_by_role("navigation", name="Điều hướng chính")
    page.on("dialog", lambda dialog: dialog.accept())

    def sign_out():
        main_nav.get_by_role("button", name="Đăng xuất").click()
        expect(page.locator("h1")).to_have_text("Đăng nhập")

    def open_dossier(name):
        page.locator(f'[data-testid=dossier][data-nominee="{name}"]').get_by_test_id(
            "open-dossier"
        ).click()
        expect(page.locator("h1")).to_contain_text(name)

    def sign_report():
        page.get_by_test_id("sign-form").locator("input[type=file]").set_input_files(str(signed))
        page.get_by_test_id("sign-form").locator("button[type=submit]").click()
        expect(page.get_by_test_id("signed-report")).to_be_visible()

    # 1. The unit head opens the unit's nominations from his home page, on 2021's list.
    sign_in("truongphong")
    page.get_by_test_id("nominations-card").get_by_role("link").click()
    # The list opens on this year; he picks 2021, whose campaign the page then offers first.
    chooser = page.get_by_role("form", name="Chọn danh sách")
    chooser.locator("#id_list_year").select_option(str(YEAR))
    chooser.locator("button[type=submit]").click()
    page.select_option("#id_list_campaign", str(Campaign.objects.get(name=CAMPAIGN_2021).code))
    chooser.locator("button[type=submit]").click()
    expect(page.get_by_test_id("registered").first).to_be_visible()
    # Those whose verdict passes come ticked; he goes ahead with three of them.
    chosen = {str(registration.pk) for registration in registered}
    for box in page.get_by_test_id("from-registrations").locator("input[type=checkbox]").all():
        if box.get_attribute("value") in chosen:
            expect(box).to_be_checked()
        else:
            box.uncheck()
    shot("registered")
    page.get_by_test_id("start-dossiers").click()
    for name in names:
        expect(page.locator(f'[data-testid=dossier][data-nominee="{name}"]')).to_be_visible()
    list_url = page.url
    # Each dossier's report is drafted from the record; he prints, signs and attaches it.
    for name in names:
        page.goto(list_url)
        open_dossier(name)
        assert name in page.get_by_test_id("edit-form").locator("textarea").first.input_value()
        sign_report()
    page.goto(list_url)
    page.get_by_test_id("open-submit").click()
    page.get_by_test_id("confirm-submit").click()
    expect(page.get_by_test_id("status-badge").first).to_have_text(
        "Đã gửi cơ quan thi đua - khen thưởng"
    )
    shot("sent")
    sign_out()

    # 2. The officer finds the December work on her home page and returns one dossier.
    sign_in("tdkt")
    desk_card = page.get_by_test_id("desk-card")
    # Phòng Văn phòng's ten dossiers wait already; the three of Phòng Quản lý khoa học join them.
    expect(desk_card).to_contain_text("13")
    desk_card.get_by_test_id("open-desk").click()
    page.locator(f'[data-testid=desk-row][data-nominee="{names[0]}"] a').first.click()
    page.get_by_test_id("return-form").locator("textarea").fill(RETURN_COMMENT)
    page.get_by_test_id("return-form").locator("button[type=submit]").click()
    expect(page.get_by_test_id("returned-comment")).to_contain_text(RETURN_COMMENT)
    sign_out()

    # 3. The unit head fixes the report and sends the dossier again.
    sign_in("truongphong")
    page.goto(list_url)
    open_dossier(names[0])
    expect(page.get_by_test_id("returned-comment")).to_contain_text(RETURN_COMMENT)
    report = page.get_by_test_id("edit-form").locator("textarea").first
    report.fill(report.input_value() + "\nĐã chủ trì đề tài cấp tỉnh, nghiệm thu loại khá.")
    page.get_by_test_id("edit-form").locator("button[type=submit]").click()
    page.get_by_test_id("resubmit").click()
    expect(page.get_by_test_id("nomination-status")).to_have_text("Đã gửi")
    sign_out()

    # 4. The officer accepts the clean dossiers in one go and calls the council.
    sign_in("tdkt")
    page.get_by_test_id("desk-card").get_by_test_id("open-desk").click()
    for name in names:
        expect(
            page.locator(f'[data-testid=desk-row][data-nominee="{name}"] input[data-clean]')
        ).to_be_checked()
    page.get_by_test_id("desk-form").locator("button[type=submit]").first.click()
    expect(page.get_by_role("alert").first).to_contain_text("3")
    page.goto(f"{live_server.url}/")
    page.get_by_test_id("council-card").get_by_test_id("open-council").click()
    page.get_by_test_id("councils").get_by_role("link").first.click()
    form = page.get_by_test_id("session-form")
    form.locator("input[name=year]").fill(str(YEAR))
    form.locator("input[name=day]").fill("2021-12-17")
    form.locator("input[name=time]").fill("08:00")
    form.locator("input[name=place]").fill("Phòng họp tầng 2, Sở Khoa học và Công nghệ")
    form.locator("button[type=submit]").click()
    for name in names:
        expect(page.locator(f'[data-testid=eligible-row][data-nominee="{name}"]')).to_be_visible()
    # Other units' accepted dossiers wait too; only QLKH's go on this agenda.
    for row in page.get_by_test_id("eligible-row").all():
        if row.get_attribute("data-nominee") not in names:
            row.locator("input[type=checkbox]").uncheck()
    page.locator('[data-action="council_session.change"]').click()
    for name in names:
        expect(page.locator(f'[data-testid=item][data-nominee="{name}"]')).to_be_visible()
    # The director is away: his vote comes in writing.
    page.locator('[data-testid=roll-entry][data-username="lanhdao"] input').uncheck()
    page.get_by_test_id("attendance-form").locator("button[type=submit]").click()
    page.locator('[data-action="council_session.open"]').click()
    expect(page.get_by_test_id("vote-progress")).to_contain_text("0/6")
    shot("vote-open")
    session = CouncilSession.objects.get(year=YEAR, status="voting")
    session_url = page.url
    sign_out()

    # 5. The members present vote from their home page; three disagree on the last nominee.
    for number, username in enumerate(VOTERS, start=1):
        sign_in(username)
        page.get_by_test_id("ballot-due").first.click()
        ballot = page.get_by_test_id("ballot-form")
        for index, name in enumerate(names):
            choice = "disagree" if index == 2 and number <= 3 else "agree"
            ballot.locator(
                f'[data-testid=ballot-item][data-nominee="{name}"] input[value="{choice}"]'
            ).check()
        if number == 1:
            shot("ballot")
        page.locator('[data-action="council_session.vote"]').click()
        expect(page.get_by_test_id("ballot-status")).to_be_visible()
        sign_out()
    assert BallotParticipation.objects.filter(item__session=session).count() == 15

    # 6. The officer enters the director's written vote, closes the vote and counts.
    sign_in("tdkt")
    page.goto(session_url)
    written = page.get_by_test_id("written-form")
    director = CouncilMember.objects.get(person__user__username="lanhdao")
    written.locator("select").select_option(str(director.pk))
    for name in names:
        written.locator(
            f'[data-testid=ballot-item][data-nominee="{name}"] input[value="agree"]'
        ).check()
    page.locator('[data-action="council_session.enter_written"]').click()
    expect(page.get_by_test_id("vote-progress")).to_contain_text("6/6")
    page.locator('[data-action="council_session.close"]').click()
    expect(page.get_by_test_id("status-badge").first).to_have_text("Đã kết thúc")
    for name in names[:2]:
        item = page.locator(f'[data-testid=item][data-nominee="{name}"]')
        expect(item).to_have_attribute("data-outcome", "passed")
        expect(item).to_contain_text("6")
    failed = page.locator(f'[data-testid=item][data-nominee="{names[2]}"]')
    expect(failed).to_have_attribute("data-outcome", "not_passed")
    expect(failed).to_contain_text("50,0 %")
    expect(failed.get_by_test_id("citation")).to_be_visible()
    shot("counted")
    assert Ballot.objects.filter(item__session=session).count() == 18
    assert list(
        CouncilItem.objects.filter(session=session)
        .order_by("position")
        .values_list("agree", flat=True)
    ) == [6, 6, 3]

    # 7. The minutes of the count list every item with its votes.
    with page.expect_download() as download:
        page.get_by_test_id("minutes").get_by_role("link").nth(1).click()
    text = pdf_text(Path(download.value.path()).read_bytes())
    assert "BIÊN BẢN KIỂM PHIẾU" in text
    for name in names:
        assert name in text
    assert "Không đạt" in text and "Đạt" in text
