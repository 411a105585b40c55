"""The covenant as a PDF: a Vietnamese administrative document with every party and signer."""

import datetime
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from campaigns import services
from campaigns.documents import vietnamese_date_line
from organizations.models import Job, Person
from tests.jobs import job_run_for, run_job_download
from tests.uploads import pdf_text

pytestmark = pytest.mark.usefixtures("english")

MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO_LINE = "Độc lập - Tự do - Hạnh phúc"


def pdf_url(covenant):
    return reverse("campaigns:covenant_pdf", args=[covenant.code])


def test_it_is_an_a4_pdf_to_download(covenant_in_force, org, login):
    response = run_job_download(login(org.bob), pdf_url(covenant_in_force))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="giao-uoc-2020.pdf"'
    assert response.content.startswith(b"%PDF-")
    page = PdfReader(io.BytesIO(response.content)).pages[0]
    width_mm, height_mm = (float(v) * 25.4 / 72 for v in page.mediabox.upper_right)
    assert (round(width_mm), round(height_mm)) == (210, 297)


def test_it_reads_as_a_vietnamese_administrative_document(covenant_in_force, org, login):
    text = pdf_text(run_job_download(login(org.bob), pdf_url(covenant_in_force)).content)
    assert MOTTO in text
    assert MOTTO_LINE in text
    assert "SỞ KHOA HỌC VÀ CÔNG NGHỆ" in text
    assert "Lạng Sơn, ngày 31 tháng 12 năm 2019" in text
    assert "GIAO ƯỚC THI ĐUA" in text
    assert "Giao ước thi đua năm 2020" in text
    assert "1. Sáng kiến, ứng dụng KH&CN" in text
    assert "2. Kỷ luật, kỷ cương hành chính" in text
    assert text.index(MOTTO) < text.index("GIAO ƯỚC THI ĐUA") < text.index("ĐẠI DIỆN")


def test_it_names_every_party_and_every_signer_with_the_time_of_signing(
    covenant_in_force, org, login
):
    Person.objects.filter(pk=org.dave.person.pk).update(position="Chuyên viên kỹ thuật")
    text = pdf_text(run_job_download(login(org.bob), pdf_url(covenant_in_force)).content)
    for party in covenant_in_force.parties.select_related("unit", "signature"):
        assert party.unit.name in text
        assert party.unit.name.upper() in text
        assert party.signature.signer_name in text
        local = party.signature.signed_at.astimezone(datetime.timezone(datetime.timedelta(hours=7)))
        assert f"Đã ký ngày {local:%d/%m/%Y %H:%M}" in text
    for signer in ("Lương Thị Lena", "Hoàng Văn Dave", "Lê Thị Carol"):
        assert signer in text
    # The board and the division by their representative; the trade union as its committee's
    # chair, the customary block, not the chair's job title.
    assert text.count("ĐẠI DIỆN") == 2
    union = text.index("TM. BAN CHẤP HÀNH")
    assert union < text.index("CHỦ TỊCH", union) < text.index("Hoàng Văn Dave", union)
    assert "Chuyên viên kỹ thuật" not in text
    assert "(chưa ký)" not in text
    assert "100% hồ sơ công việc được xử lý trên phần mềm" in text


def test_a_party_yet_to_sign_is_marked_unsigned(covenant, leader, org, login):
    board = covenant.parties.get(unit=leader.unit)
    services.covenant_sign(actor=leader.user, party=board)
    text = pdf_text(run_job_download(login(org.carol), pdf_url(covenant)).content)
    assert text.count("(chưa ký)") == 2
    assert text.count("Đã ký ngày") == 1
    assert "Lương Thị Lena" in text


def test_it_stays_vietnamese_in_an_english_interface(covenant_in_force, org, login):
    client = login(org.alice)
    assert client.cookies["portal_language"].value == "en"
    text = pdf_text(run_job_download(client, pdf_url(covenant_in_force)).content)
    assert "CHỈ TIÊU CỦA CÁC BÊN" in text
    assert "Tỷ lệ" in text  # the measure, not "Percentage"
    assert "Percentage" not in text


def test_an_amendment_is_marked_and_named_by_its_version(covenant_in_force, org, login):
    amendment = services.covenant_amend(actor=org.alice.user, covenant=covenant_in_force)
    response = run_job_download(login(org.alice), pdf_url(amendment))
    assert response["Content-Disposition"] == 'attachment; filename="giao-uoc-2020-v2.pdf"'
    assert "(Sửa đổi, bổ sung lần 1)" in pdf_text(response.content)


def test_it_is_a_job_started_by_a_post(covenant_in_force, org, login):
    client = login(org.bob)
    page = client.get(covenant_in_force.get_absolute_url()).content.decode()
    assert f'<form method="post" action="{pdf_url(covenant_in_force)}"' in page
    assert client.get(pdf_url(covenant_in_force)).status_code == 405
    started = client.post(pdf_url(covenant_in_force))
    job = Job.objects.get()
    assert started["Location"] == job.get_absolute_url()
    assert (job.owner, job.kind, job.params["code"], job.status) == (
        org.bob.user,
        "campaigns.covenant_pdf",
        str(covenant_in_force.code),
        Job.Status.DONE,
    )


def test_an_outsider_gets_404(covenant_in_force, org, login):
    assert login(org.charlie).post(pdf_url(covenant_in_force)).status_code == 404
    assert not Job.objects.exists()


def test_the_job_fails_if_its_owner_may_no_longer_read_the_covenant(covenant_in_force, org):
    params = {"code": str(covenant_in_force.code), "site": "http://testserver"}
    job = job_run_for(org.charlie.user, "campaigns.covenant_pdf", params)
    assert job.status == Job.Status.FAILED and not job.file
    assert job.error == "You may no longer read this covenant."


def test_it_requires_sign_in(client, covenant_in_force):
    assert client.post(pdf_url(covenant_in_force)).status_code == 302
    assert not Job.objects.exists()


@pytest.mark.parametrize(
    "place, date, line",
    [
        ("Lạng Sơn", datetime.date(2019, 12, 31), "Lạng Sơn, ngày 31 tháng 12 năm 2019"),
        ("Lạng Sơn", datetime.date(2020, 2, 5), "Lạng Sơn, ngày 05 tháng 02 năm 2020"),
        ("Hà Nội", datetime.date(2020, 1, 18), "Hà Nội, ngày 18 tháng 01 năm 2020"),
        ("Lạng Sơn", datetime.date(2020, 5, 9), "Lạng Sơn, ngày 09 tháng 5 năm 2020"),
        ("", datetime.date(2020, 10, 10), "Ngày 10 tháng 10 năm 2020"),
    ],
)
def test_the_date_line_follows_the_administrative_style(place, date, line):
    assert vietnamese_date_line(place, date) == line
