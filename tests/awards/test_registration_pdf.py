"""A unit's registration list as a PDF: the "Bản đăng ký thi đua" its head signs and sends."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from awards.models import Award, RegistrationList
from awards.services import registrations as services
from campaigns.documents import vietnamese_date_line
from tests.factories import PersonFactory
from tests.uploads import pdf_text

pytestmark = pytest.mark.usefixtures("english")

YEAR = 2020
MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO_LINE = "Độc lập - Tự do - Hạnh phúc"


def pdf_url(registration_list):
    return reverse("awards:registration_list_pdf", args=[registration_list.pk])


def register(actor, code, **kwargs):
    return services.registration_add(
        actor=actor, award=Award.objects.get(code=code), year=YEAR, **kwargs
    )


@pytest.fixture
def kt_list(org):
    """KT's 2020 list, drafted by its head carol: the collective title and three people."""
    an = PersonFactory(full_name="Nguyễn Văn An", position="Phó trưởng phòng", unit=org.technical)
    binh = PersonFactory(full_name="Trần Thị Bình", position="Chuyên viên", unit=org.technical)
    carol = org.carol.user
    register(carol, "TTLDTT", unit=org.technical, note="Hoàn thành xuất sắc nhiệm vụ")
    register(carol, "LDTT", person=org.dave.person)
    register(carol, "CSTDCS", person=org.dave.person, note="Sáng kiến số 3/2020")
    register(carol, "LDTT", person=binh)
    register(carol, "LDTT", person=an)
    return RegistrationList.objects.get(unit=org.technical, year=YEAR)


def test_it_is_an_a4_pdf_named_after_the_year_and_the_unit(kt_list, org, login):
    response = login(org.carol).get(pdf_url(kt_list))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="dang-ky-thi-dua-2020-KT.pdf"'
    assert response.content.startswith(b"%PDF-")
    page = PdfReader(io.BytesIO(response.content)).pages[0]
    width_mm, height_mm = (float(v) * 25.4 / 72 for v in page.mediabox.upper_right)
    assert (round(width_mm), round(height_mm)) == (210, 297)


def test_it_reads_as_the_units_registration_list(kt_list, org, login):
    text = pdf_text(login(org.carol).get(pdf_url(kt_list)).content)
    assert MOTTO in text
    assert MOTTO_LINE in text
    assert "SỞ KHOA HỌC VÀ CÔNG NGHỆ" in text
    assert "PHÒNG QUẢN LÝ CÔNG NGHỆ" in text
    assert "BẢN ĐĂNG KÝ THI ĐUA NĂM 2020" in text
    assert "Tập thể Phòng Quản lý công nghệ đăng ký danh hiệu “Tập thể lao động tiên tiến”" in text
    assert "Hoàn thành xuất sắc nhiệm vụ" in text
    # One row per person, in Vietnamese name order (given name first), titles by rank.
    rows = [
        "1 Nguyễn Văn An Phó trưởng phòng Lao động tiên tiến",
        "2 Trần Thị Bình Chuyên viên Lao động tiên tiến",
        "3 Hoàng Văn Dave Chuyên viên Lao động tiên tiến, Chiến sĩ thi đua cơ sở "
        "Sáng kiến số 3/2020",
    ]
    for row in rows:
        assert row in text
    assert text.index(rows[0]) < text.index(rows[1]) < text.index(rows[2])
    assert (
        "Tổng số: 3 cá nhân đăng ký, trong đó: Lao động tiên tiến: 3; Chiến sĩ thi đua cơ sở: 1."
        in text
    )
    assert text.index(MOTTO) < text.index("BẢN ĐĂNG KÝ") < text.index("THỦ TRƯỞNG ĐƠN VỊ")
    # carol heads KT: her name closes the signature block.
    assert text.index("THỦ TRƯỞNG ĐƠN VỊ") < text.index("Lê Thị Carol")


def test_a_draft_says_it_is_a_draft_on_every_page(kt_list, org, login):
    text = pdf_text(login(org.carol).get(pdf_url(kt_list)).content)
    assert "Tình trạng: Dự thảo, chưa gửi duyệt — chưa được duyệt" in text
    assert text.count("Dự thảo, chưa gửi duyệt") == 2  # under the title and in the page footer
    assert "Đã được duyệt" not in text


def test_a_submitted_list_is_dated_the_day_it_was_sent_and_awaits_review(kt_list, org, login):
    services.registration_list_submit(actor=org.carol.user, registration_list=kt_list)
    kt_list.refresh_from_db()
    sent = timezone.localdate(kt_list.submitted_at)
    text = pdf_text(login(org.dave).get(pdf_url(kt_list)).content)
    assert f"Đã gửi duyệt ngày {sent:%d/%m/%Y} (Lê Thị Carol), đang chờ duyệt" in text
    assert "chưa được duyệt" in text
    assert vietnamese_date_line("", sent) in text


def test_an_approved_list_names_who_approved_it_and_when(kt_list, org, login):
    services.registration_list_submit(actor=org.carol.user, registration_list=kt_list)
    services.registration_list_approve(actor=org.alice.user, registration_list=kt_list)
    kt_list.refresh_from_db()
    text = pdf_text(login(org.alice).get(pdf_url(kt_list)).content)
    approved = timezone.localdate(kt_list.reviewed_at)
    assert f"Tình trạng: Đã được duyệt bởi Nguyễn Thị Alice ngày {approved:%d/%m/%Y}" in text
    assert "chưa được duyệt" not in text
    assert "Dự thảo" not in text


def test_a_returned_list_says_it_was_returned(kt_list, org, login):
    services.registration_list_submit(actor=org.carol.user, registration_list=kt_list)
    services.registration_list_return(
        actor=org.alice.user, registration_list=kt_list, comment="Thiếu một người"
    )
    text = pdf_text(login(org.carol).get(pdf_url(kt_list)).content)
    assert "Bị trả lại ngày" in text
    assert "chưa được duyệt" in text


def test_a_list_for_a_campaign_names_it_and_takes_the_place_of_its_covenant(org, login, covenant):
    register(org.carol.user, "LDTT", person=org.dave.person, campaign=covenant.campaign)
    registration_list = RegistrationList.objects.get(campaign=covenant.campaign)
    text = pdf_text(login(org.carol).get(pdf_url(registration_list)).content)
    assert "Thực hiện Phong trào thi đua hoàn thành nhiệm vụ năm 2020" in text
    assert vietnamese_date_line("Lạng Sơn", timezone.localdate()) in text


def test_without_a_known_place_the_date_line_starts_with_the_date(kt_list, org, login):
    text = pdf_text(login(org.carol).get(pdf_url(kt_list)).content)
    assert vietnamese_date_line("", timezone.localdate()) in text
    assert "Lạng Sơn" not in text
    assert "Thực hiện" not in text


def test_it_stays_vietnamese_in_an_english_interface(kt_list, org, login):
    client = login(org.alice)
    assert client.cookies["portal_language"].value == "en"
    text = pdf_text(client.get(pdf_url(kt_list)).content)
    assert "Chiến sĩ thi đua cơ sở" in text
    assert "Grassroots emulation fighter" not in text
    assert "Advanced worker" not in text


def test_the_signature_is_left_blank_when_the_unit_has_no_head(org, login):
    register(org.bob.user, "LDTT", person=org.bob.person)
    office_list = RegistrationList.objects.get(unit=org.office)
    response = login(org.bob).get(pdf_url(office_list))
    assert response["Content-Disposition"] == 'attachment; filename="dang-ky-thi-dua-2020-VP.pdf"'
    text = pdf_text(response.content)
    assert "VĂN PHÒNG SỞ" in text
    assert "THỦ TRƯỞNG ĐƠN VỊ (Ký, ghi rõ họ tên)" in text
    assert "(Đơn vị chưa đăng ký danh hiệu tập thể)" in text
    assert "1 Trần Văn Bob Chuyên viên Lao động tiên tiến" in text


def test_an_outsider_gets_404(kt_list, org, login):
    assert login(org.charlie).get(pdf_url(kt_list)).status_code == 404


def test_staff_of_another_division_gets_404(kt_list, org, login):
    assert login(org.bob).get(pdf_url(kt_list)).status_code == 404


def test_a_list_that_does_not_exist_is_404(org, login):
    url = reverse("awards:registration_list_pdf", args=[999])
    assert login(org.alice).get(url).status_code == 404


def test_it_requires_sign_in(client, kt_list):
    response = client.get(pdf_url(kt_list))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_it_reads_as_many_queries_for_3_people_as_for_30(org, login):
    client = login(org.carol)

    def queries_for(people: int, year: int) -> int:
        for _index in range(people):
            person = PersonFactory(unit=org.technical)
            services.registration_add(
                actor=org.carol.user,
                award=Award.objects.get(code="LDTT"),
                year=year,
                person=person,
            )
        registration_list = RegistrationList.objects.get(unit=org.technical, year=year)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(pdf_url(registration_list))
        assert response.status_code == 200
        text = pdf_text(response.content)
        assert f"BẢN ĐĂNG KÝ THI ĐUA NĂM {year}" in text
        assert f"Tổng số: {people} cá nhân đăng ký" in text
        return len(captured)

    assert queries_for(3, YEAR - 1) == queries_for(30, YEAR)


# The button on the unit's page


def unit_url(unit):
    return f"{reverse('awards:registration_unit', args=[unit.code])}?year={YEAR}&campaign=none"


def test_the_unit_page_offers_the_pdf_of_a_list_with_registrations(kt_list, org, login):
    page = login(org.carol).get(unit_url(org.technical))
    assert 'data-testid="print-pdf"' in page.text
    assert "Print the list (PDF)" in page.text
    assert pdf_url(kt_list) in page.text


def test_the_unit_page_offers_no_pdf_without_registrations(org, login):
    registration = register(org.carol.user, "LDTT", person=org.dave.person)
    services.registration_remove(actor=org.carol.user, registration=registration)
    assert RegistrationList.objects.filter(unit=org.technical).exists()  # there, but empty
    page = login(org.carol).get(unit_url(org.technical))
    assert page.status_code == 200
    assert 'data-testid="print-pdf"' not in page.text
    # No list at all for another year.
    page = login(org.carol).get(unit_url(org.technical).replace("2020", "2019"))
    assert 'data-testid="print-pdf"' not in page.text
