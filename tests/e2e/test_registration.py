"""This year's registration round in the browser, in Vietnamese, from a person's own title to an
approved unit list: register, be refused a second time, submit, be returned, resubmit, approve."""

from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from playwright.sync_api import expect

from awards.models import Registration, RegistrationList
from organizations.models import Event, Notification, Person, Unit

UNIT = "QLKH"
UNIT_NAME = "Phòng Quản lý khoa học"
APPROVE_COMMENT = "Danh sách hợp lệ."


def test_this_years_registration_round_from_self_registration_to_approval(
    page, live_server, demo, sign_in, shot
):
    year = timezone.localdate().year
    canbo = User.objects.get(username="canbo")
    head = User.objects.get(username="truongphong")
    unit = Unit.objects.get(code=UNIT)
    assert canbo.person.unit == unit and head.person.unit == unit
    assert not RegistrationList.objects.filter(unit=unit, year=year).exists()
    # A colleague who has not registered: the officer returns the list asking for her or him.
    colleague = (
        Person.objects.filter(unit=unit)
        .active()
        .exclude(pk__in=[canbo.person.pk, head.person.pk])
        .order_by("sort_key", "id")
        .first()
    )
    return_comment = (
        f"Đề nghị Phòng bổ sung đăng ký Lao động tiên tiến cho {colleague.full_name} "
        "rồi gửi lại danh sách."
    )
    main_nav = page.get_by_role("navigation", name="Điều hướng chính")

    def sign_out():
        main_nav.get_by_role("button", name="Đăng xuất").click()
        expect(page.locator("h1")).to_have_text("Đăng nhập")

    def open_awards():
        main_nav.get_by_role("link", name="Khen thưởng", exact=True).click()
        expect(page.get_by_test_id("awards-overview")).to_be_visible()

    def open_unit_list():
        """The unit head opens his unit's list from the awards tabs."""
        open_awards()
        page.get_by_test_id("awards-nav").get_by_role(
            "link", name="Danh sách của đơn vị tôi"
        ).click()
        expect(page.locator("h1")).to_contain_text(UNIT_NAME)
        expect(page.locator("h1")).to_contain_text(str(year))

    def open_dialog(opener, selector):
        """Open a Bootstrap modal (bundled Bootstrap JS, no inline script) and wait for it."""
        opener.click()
        dialog = page.locator(selector)
        expect(dialog).to_be_visible()
        expect(dialog).to_have_css("opacity", "1")  # the fade-in is over
        return dialog

    def submit_list_through_modal(*, cancel_first=False):
        status = RegistrationList.objects.get(unit=unit, year=year).status
        if cancel_first:
            # Cancel closes the dialog and sends nothing.
            dialog = open_dialog(page.get_by_test_id("open-submit"), "#submit-dialog")
            dialog.locator(".modal-footer").get_by_role("button", name="Hủy").click()
            expect(dialog).to_be_hidden()
            assert RegistrationList.objects.get(unit=unit, year=year).status == status
        dialog = open_dialog(page.get_by_test_id("open-submit"), "#submit-dialog")
        expect(dialog).to_contain_text("Gửi danh sách?")
        shot(f"submit-dialog-{status}")
        dialog.get_by_test_id("confirm-submit").click()
        expect(page.get_by_role("alert").first).to_contain_text("Danh sách đã được gửi")
        expect(page.get_by_test_id("status-badge").first).to_have_text("Đã gửi")
        expect(page.get_by_test_id("open-submit")).to_have_count(0)

    def unread_badge():
        count = page.get_by_test_id("notification-count")
        return int(count.inner_text()) if count.count() else 0

    # --- canbo registers herself for Lao động tiên tiến -------------------------------------
    sign_in("canbo")
    open_awards()
    page.get_by_test_id("awards-nav").get_by_role("link", name="Đăng ký thi đua của tôi").click()
    expect(page.locator("h1")).to_have_text(f"Đăng ký thi đua năm {year} của tôi")
    form = page.get_by_test_id("register-form")
    form.locator("select[name=award]").select_option(label="Lao động tiên tiến")
    form.locator("input[name=note]").fill("Hoàn thành xuất sắc nhiệm vụ được giao")
    form.get_by_role("button", name="Đăng ký", exact=True).click()
    expect(page.get_by_role("alert").first).to_contain_text(
        f"Bạn đã đăng ký danh hiệu Lao động tiên tiến năm {year}."
    )
    mine = page.get_by_test_id("my-registrations")
    expect(mine.locator("tr[data-award=LDTT]")).to_contain_text("Lao động tiên tiến")
    expect(mine.locator("tr[data-award=LDTT]")).to_contain_text("Dự thảo")
    shot("canbo-registered")

    # The same title a second time is refused with a message in Vietnamese; nothing is written.
    counts = (Registration.objects.filter(year=year).count(), Event.objects.count())
    form = page.get_by_test_id("register-form")
    form.locator("select[name=award]").select_option(label="Lao động tiên tiến")
    form.get_by_role("button", name="Đăng ký", exact=True).click()
    expect(form).to_contain_text(
        f"Nông Thị Thu Hà đã đăng ký danh hiệu Lao động tiên tiến năm {year}."
    )
    shot("canbo-twice-refused")
    assert (Registration.objects.filter(year=year).count(), Event.objects.count()) == counts
    expect(page.get_by_test_id("my-registrations").locator("tbody tr")).to_have_count(1)
    sign_out()

    # --- truongphong registers the unit's collective title and submits the list -----------
    sign_in("truongphong")
    unread_at_start = unread_badge()
    open_unit_list()
    expect(page.get_by_test_id("status-badge").first).to_have_text("Dự thảo")
    people = page.get_by_test_id("person-entries")
    expect(people.locator(f"tr[data-registrant={canbo.person.code}]")).to_contain_text(
        "Lao động tiên tiến"
    )
    expect(page.get_by_test_id("no-collective")).to_be_visible()
    collective_form = page.get_by_test_id("collective-form")
    collective_form.locator("select[name=collective-award]").select_option(
        label="Tập thể lao động tiên tiến"
    )
    collective_form.get_by_role("button", name="Đăng ký danh hiệu tập thể").click()
    expect(page.get_by_role("alert").first).to_contain_text(
        f"Đã đăng ký danh hiệu Tập thể lao động tiên tiến năm {year} cho {UNIT_NAME}."
    )
    expect(
        page.get_by_test_id("collective-entries").locator("tr[data-award=TTLDTT]")
    ).to_contain_text(UNIT_NAME)
    shot("unit-list-draft")
    submit_list_through_modal(cancel_first=True)
    shot("unit-list-submitted")
    sign_out()

    # --- tdkt finds the list in the queue and returns it with a comment --------------------
    sign_in("tdkt")
    open_awards()
    page.get_by_test_id("awards-nav").get_by_role("link", name="Danh sách chờ duyệt").click()
    row = page.get_by_test_id("queue").locator(f"tr[data-unit={UNIT}]").filter(has_text=str(year))
    expect(row).to_contain_text(UNIT_NAME)
    expect(row.locator("td").nth(3)).to_have_text("1")  # people
    expect(row.locator("td").nth(4)).to_have_text("1")  # collective titles
    shot("queue")
    row.get_by_role("link", name="Duyệt danh sách").click()
    expect(page.get_by_test_id("status-badge").first).to_have_text("Đã gửi")

    # Returning without a comment is refused: the unit must know what to change.
    return_form = page.get_by_test_id("return-form")
    dialog = open_dialog(return_form.get_by_role("button", name="Trả lại…"), "#return-dialog")
    dialog.get_by_test_id("confirm-return").click()
    expect(page.get_by_test_id("return-form")).to_contain_text(
        "Hãy ghi rõ lý do trả lại để đơn vị biết cần sửa gì."
    )
    assert RegistrationList.objects.get(unit=unit, year=year).status == "submitted"

    return_form = page.get_by_test_id("return-form")
    return_form.locator("textarea[name=return-comment]").fill(return_comment)
    dialog = open_dialog(return_form.get_by_role("button", name="Trả lại…"), "#return-dialog")
    shot("return-dialog")
    dialog.get_by_test_id("confirm-return").click()
    expect(page.get_by_role("alert").first).to_contain_text(f"Đã trả lại danh sách của {UNIT_NAME}")
    returned = (
        page.get_by_test_id("returned")
        .get_by_role("listitem")
        .filter(has=page.get_by_role("link", name=f"{UNIT_NAME} · {year}"))
    )
    expect(returned).to_contain_text(return_comment[:60])
    sign_out()

    # --- truongphong is told through the bell, reads the comment and resubmits -------------
    sign_in("truongphong")
    expect(page.get_by_test_id("notification-count")).to_have_text(str(unread_at_start + 1))
    main_nav.get_by_test_id("notification-bell").click()
    returned_notice = page.get_by_test_id("notification").filter(
        has_text=f"Danh sách đăng ký bị trả lại: {UNIT_NAME}, năm {year}"
    )
    expect(returned_notice).to_contain_text(return_comment)
    shot("head-notified-returned")
    returned_notice.click()
    expect(page.get_by_test_id("status-badge").first).to_have_text("Bị trả lại")
    expect(page.get_by_test_id("returned-comment")).to_contain_text(return_comment)
    # The list is editable again: he registers the colleague the officer asked for, resubmits.
    expect(page.get_by_test_id("not-registered")).to_contain_text(colleague.full_name)
    member_form = page.get_by_test_id("member-form")
    member_form.locator("select[name=member-person]").select_option(colleague.code)
    member_form.locator("select[name=member-award]").select_option(label="Lao động tiên tiến")
    member_form.get_by_role("button", name="Đăng ký cho cán bộ này").click()
    expect(page.get_by_role("alert").first).to_contain_text(
        f"Đã đăng ký danh hiệu Lao động tiên tiến năm {year} cho {colleague.full_name}."
    )
    expect(
        page.get_by_test_id("person-entries").locator(f"tr[data-registrant={colleague.code}]")
    ).to_contain_text("Lao động tiên tiến")
    shot("unit-list-completed")
    submit_list_through_modal()
    sign_out()

    # --- tdkt approves it ----------------------------------------------------------------
    sign_in("tdkt")
    open_awards()
    page.get_by_test_id("awards-nav").get_by_role("link", name="Danh sách chờ duyệt").click()
    row = page.get_by_test_id("queue").locator(f"tr[data-unit={UNIT}]").filter(has_text=str(year))
    row.get_by_role("link", name="Duyệt danh sách").click()
    approve_form = page.get_by_test_id("approve-form")
    approve_form.locator("textarea[name=approve-comment]").fill(APPROVE_COMMENT)
    dialog = open_dialog(approve_form.get_by_role("button", name="Duyệt…"), "#approve-dialog")
    shot("approve-dialog")
    dialog.get_by_test_id("confirm-approve").click()
    expect(page.get_by_role("alert").first).to_contain_text(f"Đã duyệt danh sách của {UNIT_NAME}")
    expect(
        page.get_by_test_id("queue").locator(f"tr[data-unit={UNIT}]").filter(has_text=str(year))
    ).to_have_count(0)
    sign_out()

    # --- canbo sees her list approved -------------------------------------------------------
    sign_in("canbo")
    open_awards()
    page.get_by_test_id("awards-nav").get_by_role("link", name="Đăng ký thi đua của tôi").click()
    expect(page.get_by_test_id("list-status")).to_contain_text("Đã duyệt")
    expect(page.get_by_test_id("list-status")).to_contain_text(f"Danh sách của {UNIT_NAME}")
    expect(page.get_by_test_id("my-registrations").locator("tr[data-award=LDTT]")).to_contain_text(
        "Đã duyệt"
    )
    expect(page.get_by_text(APPROVE_COMMENT)).to_be_visible()
    expect(page.get_by_test_id("remove-LDTT")).to_have_count(0)
    shot("canbo-approved")
    sign_out()

    # --- the unit head finds the approval in the bell -------------------------------------
    sign_in("truongphong")
    expect(page.get_by_test_id("notification-count")).to_have_text(str(unread_at_start + 1))
    main_nav.get_by_test_id("notification-bell").click()
    approved_notice = page.get_by_test_id("notification").filter(
        has_text=f"Danh sách đăng ký đã được duyệt: {UNIT_NAME}, năm {year}"
    )
    expect(approved_notice).to_have_attribute("data-unread", "true")
    shot("head-notified-approved")
    approved_notice.click()
    expect(page.get_by_test_id("status-badge").first).to_have_text("Đã duyệt")
    expect(page.get_by_test_id("submission")).to_contain_text("Phạm Thị Thu Trang duyệt ngày")
    expect(page.get_by_test_id("collective-form")).to_have_count(0)
    history = page.get_by_test_id("history")
    expect(history).to_contain_text(f"Trả lại danh sách: {return_comment}")
    expect(history).to_contain_text(f"Duyệt danh sách: {APPROVE_COMMENT}")
    shot("unit-list-approved")

    # --- what the database holds at the end ------------------------------------------------
    registration_list = RegistrationList.objects.get(unit=unit, year=year)
    assert registration_list.campaign is None  # no campaign runs this year in the demo
    assert registration_list.status == RegistrationList.Status.APPROVED
    assert registration_list.submitted_by == head
    assert registration_list.reviewed_by.username == "tdkt"
    assert registration_list.review_comment == APPROVE_COMMENT
    entries = {
        (entry.person_id, entry.unit_id, entry.award.code, entry.registered_by.username)
        for entry in registration_list.entries.select_related("award", "registered_by")
    }
    assert entries == {
        (canbo.person.pk, None, "LDTT", "canbo"),
        (colleague.pk, None, "LDTT", "truongphong"),
        (None, unit.pk, "TTLDTT", "truongphong"),
    }
    assert Registration.objects.filter(year=year).count() == 3
    verbs = list(
        Event.objects.filter(
            target_type=ContentType.objects.get_for_model(RegistrationList),
            target_id=str(registration_list.pk),
        )
        .order_by("created_at", "id")
        .values_list("verb", "actor__username")
    )
    assert verbs == [
        ("registration_added", "canbo"),
        ("registration_added", "truongphong"),
        ("registration_list_submitted", "truongphong"),
        ("registration_list_returned", "tdkt"),
        ("registration_added", "truongphong"),
        ("registration_list_submitted", "truongphong"),
        ("registration_list_approved", "tdkt"),
    ]
    for user in (head, canbo):
        titles = set(
            Notification.objects.filter(
                recipient=user, url=registration_list.get_absolute_url()
            ).values_list("title", flat=True)
        )
        assert titles == {
            f"Danh sách đăng ký bị trả lại: {UNIT_NAME}, năm {year}",
            f"Danh sách đăng ký đã được duyệt: {UNIT_NAME}, năm {year}",
        }, user
