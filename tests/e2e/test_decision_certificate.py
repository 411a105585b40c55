"""After the council, in the browser, in Vietnamese, on the demo's 2021 round: the officer posts
the passed list; a visitor without an account comments; the officer answers; once the window has
passed she drafts and issues the decision, downloads its PDF and a certificate; the certificate's
QR code opens a public page that says "valid", and "revoked" once the award is revoked."""

import datetime

from playwright.sync_api import expect

from awards.models import AwardRecord, CouncilMember, Nomination, Posting
from awards.services import council as council_services
from tests.qr import qr_codes_in_pdf
from tests.uploads import pdf_text

YEAR = 2021
VISITOR = "Trần Văn Bình"
COMMENT = "Đề nghị công khai thêm thành tích của tập thể Thanh tra Sở."
ANSWER = "Thành tích của tập thể đã nêu tại báo cáo tổng kết năm 2021 của Thanh tra Sở."
REVOCATION = ("52/QĐ-SKHCN", "Hồ sơ kê khai không đúng thời gian công tác.")


def _council_passes_the_accepted_2021_dossiers():
    """The council's 2021 session, played through the services (the council's own browser
    test is test_nominations_council): every accepted dossier on the agenda, every member
    agrees, the vote is closed and counted."""
    council = CouncilMember.objects.get(person__user__username="lanhdao").council
    tdkt = _user("tdkt")
    session = council_services.session_create(
        actor=tdkt,
        council=council,
        year=YEAR,
        starts_at=datetime.datetime(2021, 12, 17, 8, tzinfo=datetime.UTC),
        place="Phòng họp tầng 2",
    )
    agenda = list(council_services.eligible_for_session(session))
    council_services.session_items_add(actor=tdkt, session=session, nominations=agenda)
    members = list(council.members.filter(is_active=True).select_related("person__user"))
    council_services.session_attendance(actor=tdkt, session=session, present_members=members)
    council_services.session_open(actor=tdkt, session=session)
    items = list(session.items.all())
    for member in members:
        council_services.ballot_cast(
            actor=member.person.user,
            session=session,
            choices={item.pk: "agree" for item in items},
        )
    council_services.session_close(actor=_user("hoidong2"), session=session)
    return [item.nomination for item in session.items.select_related("nomination__person")]


def _user(username):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username=username)


def test_post_decide_print_and_verify(page, browser, live_server, demo, sign_in, shot):
    passed = _council_passes_the_accepted_2021_dossiers()
    assert passed and all(
        nomination.status == Nomination.Status.PASSED
        for nomination in Nomination.objects.filter(pk__in=[n.pk for n in passed])
    )
    names = [nomination.nominee_name for nomination in passed]
    page.on("dialog", lambda dialog: dialog.accept())

    # 1. The officer posts the passed 2021 list from the public-posting page.
    sign_in("tdkt")
    page.goto(f"{live_server.url}/khen-thuong/cong-khai/quan-ly/")
    form = page.get_by_test_id("posting-form")
    form.locator("input[name=year]").fill(str(YEAR))
    form.locator("button[type=submit]").click()
    for name in names:
        expect(page.get_by_test_id("edit-form")).to_contain_text(name)
    page.locator('[data-action="posting.publish"]').click()
    expect(page.get_by_test_id("window")).to_contain_text("sau")
    public_url = page.get_by_test_id("public-link").get_attribute("href")
    posting_url = page.url
    shot("posted")

    # 2. A visitor without an account reads the list and comments.
    visitor = browser.new_context(locale="vi-VN")
    public = visitor.new_page()
    public.goto(f"{live_server.url}{public_url}")
    for name in names:
        expect(public.locator("body")).to_contain_text(name)
    comment_form = public.get_by_test_id("comment-form")
    comment_form.locator("input[name=author]").fill(VISITOR)
    comment_form.locator("textarea[name=text]").fill(COMMENT)
    comment_form.locator("button[type=submit]").click()
    expect(public.locator("body")).to_contain_text(COMMENT)

    # 3. The officer answers; the answer shows on the public page.
    page.goto(posting_url)
    comment = page.get_by_test_id("comment").first
    comment.locator("textarea").fill(ANSWER)
    comment.locator('[data-action="posting_comment.answer"]').click()
    expect(page.locator("body")).to_contain_text(ANSWER)
    public.reload()
    expect(public.locator("body")).to_contain_text(ANSWER)

    # 4. Before the window ends the decision can be drafted, not issued.
    page.get_by_test_id("draft-decision").click()
    expect(page.get_by_test_id("issue-window")).to_contain_text("công khai đến ngày")
    decision_url = page.url
    # The working days go by.
    Posting.objects.filter(year=YEAR).update(
        closes_on=datetime.date.today() - datetime.timedelta(days=1)
    )
    page.reload()
    expect(page.get_by_test_id("issue-window")).to_contain_text("Đã hết thời gian công khai")
    decision_form = page.get_by_test_id("decision-form")
    decision_form.locator("input[name=place]").fill("Lạng Sơn")
    decision_form.locator('[data-action="decision.change"]').click()
    expect(page.get_by_test_id("draft-awardee")).to_have_count(len(names))
    shot("draft")
    page.get_by_test_id("issue").click()
    expect(page.get_by_test_id("decision-status")).to_contain_text("Đã ban hành")
    number = page.get_by_test_id("decision-heading").inner_text().split()[-1]
    assert number.endswith("/QĐ-SKHCN")
    shot("issued")

    # 5. She downloads the decision and a certificate.
    with page.expect_download() as download:
        page.get_by_test_id("decision-pdf").click()
    text = pdf_text(open(download.value.path(), "rb").read())
    assert f"Số: {number}" in text and "Căn cứ" in text
    for name in names:
        assert name in text
    first = page.get_by_test_id("awardee").first
    with page.expect_download() as download:
        first.get_by_test_id("certificate-link").click()
    certificate = open(download.value.path(), "rb").read()
    assert number in pdf_text(certificate)
    (url,) = qr_codes_in_pdf(certificate)

    # 6. Anyone who scans it reads "valid".
    public.goto(url)
    expect(public.get_by_test_id("verdict")).to_have_attribute("data-status", "valid")
    expect(public.get_by_test_id("verdict")).to_contain_text("Còn hiệu lực")
    name = public.get_by_test_id("awardee-name").inner_text()
    assert name in names

    # 7. The award is revoked; the same page now says so, with the date.
    page.goto(decision_url)
    page.locator(f'[data-testid=awardee]:has-text("{name}")').locator(
        '[data-action="award_record.revoke"]'
    ).first.click()
    page.locator("input[name=revoking_decision]").fill(REVOCATION[0])
    page.locator("textarea[name=revocation_reason]").fill(REVOCATION[1])
    page.get_by_test_id("confirm-revoke").click()
    # Back on the decision's page, the award reads revoked.
    expect(page.get_by_test_id("decision-heading")).to_contain_text(number)
    expect(page.locator(f'[data-testid=awardee]:has-text("{name}")')).to_have_attribute(
        "data-status", "revoked"
    )
    public.reload()
    expect(public.get_by_test_id("verdict")).to_have_attribute("data-status", "revoked")
    expect(public.get_by_test_id("verdict")).to_contain_text(
        datetime.date.today().strftime("%d/%m/%Y")
    )
    shot("revoked")
    visitor.close()
    assert AwardRecord.objects.filter(status=AwardRecord.Status.REVOKED, year=YEAR).count() == 1
