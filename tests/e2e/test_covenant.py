"""The covenant in the browser: add a commitment while open, sign, report progress, print."""

import datetime
import io
import re
from decimal import Decimal

from django.contrib.auth.models import User
from playwright.sync_api import expect
from pypdf import PdfReader

from campaigns import services
from campaigns.models import Campaign, Commitment, Covenant, ProgressReport
from organizations.models import Unit
from tests.e2e.conftest import ARTIFACTS

PARTIES = [
    ("BLD", "lanhdao"),
    ("CD", "congdoan"),
    ("DTN", "doanthanhnien"),
    ("QLKH", "truongphong"),
]
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def open_covenant():
    """Put an open covenant with four parties on the demo's 2020 campaign, as the officer would."""
    officer = User.objects.get(username="tdkt")
    campaign = Campaign.objects.get(start_date__year=2020, kind="regular")
    covenant = services.covenant_create(
        actor=officer,
        campaign=campaign,
        title="Giao ước thi đua bổ sung năm 2020",
        signing_date=datetime.date(2020, 6, 1),
        signing_place="Lạng Sơn",
    )
    area = campaign.focus_areas.get(number=1)
    for code, username in PARTIES:
        party = services.party_add(
            actor=officer,
            covenant=covenant,
            unit=Unit.objects.get(code=code),
            representative=User.objects.get(username=username).person,
        )
        services.commitment_save(
            actor=officer,
            commitment=Commitment(party=party),
            focus_area=area,
            text=f"Tham gia đầy đủ các hoạt động hưởng ứng phong trào ({code})",
            measure="yes_no",
            target=Decimal(1),
            due_date=datetime.date(2020, 12, 15),
        )
    return services.covenant_open(actor=officer, covenant=covenant)


def test_a_covenant_from_commitment_to_signed_pdf(browser, live_server, demo):
    covenant = open_covenant()
    url = live_server.url + covenant.get_absolute_url()

    def sign_in_as(username):
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        tab = context.new_page()
        tab.set_default_timeout(30000)
        tab.goto(live_server.url + "/dang-nhap/")
        tab.fill("input[name=username]", username)
        tab.fill("input[name=password]", "demo")
        tab.click("form button[type=submit].btn-primary")
        tab.wait_for_url(live_server.url + "/")
        return context, tab

    # The unit head adds a commitment inline while the covenant is open.
    head, tab = sign_in_as("truongphong")
    tab.goto(url)
    qlkh = tab.get_by_test_id("party").filter(has_text="Phòng Quản lý khoa học")
    qlkh.get_by_test_id("add-commitment").click()
    form = qlkh.get_by_test_id("commitment-form")
    form.locator("select[name=focus_area]").select_option(index=2)
    form.locator("textarea[name=text], input[name=text]").fill(
        "Có ít nhất 02 đề tài cấp tỉnh được nghiệm thu đúng hạn"
    )
    form.locator("select[name=measure]").select_option("number")
    form.locator("input[name=unit_label]").fill("đề tài")
    form.locator("input[name=target]").fill("2")
    form.locator("input[name=due_date]").fill("30/11/2020")
    form.get_by_test_id("save-commitment").click()
    expect(qlkh.get_by_test_id("commitment").filter(has_text="đề tài cấp tỉnh")).to_be_visible()
    tab.screenshot(path=str(ARTIFACTS / "covenant-commitment-added.png"), full_page=True)
    added = Commitment.objects.get(text__startswith="Có ít nhất 02 đề tài")
    assert added.party.unit.code == "QLKH"

    # Each representative signs for its own party, after a confirmation.
    for code, username in PARTIES:
        context, signer = (head, tab) if username == "truongphong" else sign_in_as(username)
        signer.goto(url)
        party = signer.get_by_test_id("party").filter(has_text=Unit.objects.get(code=code).name)
        party.get_by_test_id("sign").click()
        signer.fill("input[name=password]", "demo")  # typed again to sign
        signer.get_by_test_id("confirm-sign").click()
        expect(
            signer.get_by_test_id("party")
            .filter(has_text=Unit.objects.get(code=code).name)
            .get_by_test_id("signed")
        ).to_be_visible()
        if context is not head:
            context.close()
    covenant.refresh_from_db()
    assert covenant.status == Covenant.Status.IN_FORCE

    # Later the unit head reports progress with an evidence file.
    tab.goto(url)
    tab.get_by_test_id("party").filter(has_text="Phòng Quản lý khoa học").locator(
        "a[href*='/tien-do/']"
    ).click()
    tab.screenshot(path=str(ARTIFACTS / "covenant-progress.png"), full_page=True)
    block = tab.locator(f"#commitment-{added.pk}")
    report = block.get_by_test_id("report-form")
    report.locator("select[name$='-period']").select_option("Q3")
    report.locator("select[name$='-status']").select_option("on_track")
    report.locator("input[name$='-value']").fill("1")
    report.locator("textarea[name$='-narrative']").fill(
        "Đã nghiệm thu 01 đề tài, 01 đề tài đang hoàn thiện."
    )
    report.locator("input[type=file]").set_input_files(
        files=[
            {"name": "bien-ban-nghiem-thu.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}
        ]
    )
    report.locator("button[type=submit]").click()
    expect(tab.locator(f"#commitment-{added.pk}").get_by_test_id("report-saved")).to_be_visible()
    expect(tab.locator(f"#commitment-{added.pk}").get_by_test_id("evidence")).to_contain_text(
        "bien-ban-nghiem-thu.pdf"
    )
    saved = ProgressReport.objects.get(commitment=added, period="Q3")
    assert (saved.status, saved.value, saved.evidence.count()) == ("on_track", 1, 1)

    # The covenant prints with every party and every signer: a job, whose page offers the file.
    tab.goto(url)
    tab.get_by_test_id("download-pdf").click()
    tab.wait_for_url(re.compile(r"/to-chuc/viec/[0-9a-f-]+/$"))
    with tab.expect_download() as download:
        tab.get_by_test_id("job-download").click()
    text = " ".join(
        page.extract_text()
        for page in PdfReader(io.BytesIO(open(download.value.path(), "rb").read())).pages
    )
    text = " ".join(text.split())
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    for code, username in PARTIES:
        assert Unit.objects.get(code=code).name.upper() in text.upper(), code
        assert User.objects.get(username=username).person.full_name in text, username
    head.close()
