"""Submissions to the province, the pages (issue 10, item 3): the officer prepares, sends,
records a return and the province's decision by POST; the leadership reads; the package PDF and
the ZIP of the dossiers' files; a list that costs the same queries however long it grows."""

import datetime
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from awards.models import AwardRecord, NominationAttachment, Posting, Submission
from awards.services import posting as posting_services
from awards.services import submissions as services
from awards.submission_documents import safe_name
from organizations.models import Event
from tests.factories import PersonFactory, council_counted, passed
from tests.pages import messages_of, text_of
from tests.uploads import PDF_BYTES, pdf_text

pytestmark = pytest.mark.usefixtures("english")

TODAY = timezone.localdate
DAY = datetime.timedelta(days=1)


@pytest.fixture
def signer(leader):
    leader.person.position = "Phó Giám đốc Sở"
    leader.person.save(update_fields=["position"])
    return leader


@pytest.fixture
def nominees(org):
    hoa = PersonFactory(unit=org.technical, full_name="Vũ Thị Hoa")
    giang = PersonFactory(unit=org.technical, full_name="Đinh Văn Giang")
    item = council_counted(hoa, "BANG_KHEN_TINH", 2020, agree=6)
    return {
        "hoa": item.nomination,
        "giang": passed(giang, "CSTD_TINH"),
        "collective": passed(org.technical, "TTLDXS"),
    }


@pytest.fixture
def posting(org, nominees):
    posting = posting_services.posting_create(actor=org.alice.user, agency=org.agency, year=2020)
    entry = posting.entries.get(nomination=nominees["hoa"])
    entry.summary = "Chủ trì 2 đề tài khoa học cấp tỉnh"
    entry.save()
    return posting_services.posting_publish(actor=org.alice.user, posting=posting)


def end_window(posting):
    Posting.objects.filter(pk=posting.pk).update(closes_on=TODAY() - 2 * DAY)


@pytest.fixture
def submission(org, signer, posting):
    end_window(posting)
    submission = services.submission_create(actor=org.alice.user, posting=posting)
    Submission.objects.filter(pk=submission.pk).update(place="Lạng Sơn", signed_on=TODAY())
    return Submission.objects.get(pk=submission.pk)


def url(name, submission):
    return reverse(f"awards:{name}", args=[submission.code])


def edit_data(submission, signer, **changes):
    return {
        "title": submission.title,
        "addressee": "Chủ tịch Ủy ban nhân dân tỉnh Lạng Sơn",
        "place": "Lạng Sơn",
        "signed_on": TODAY().strftime("%d/%m/%Y"),
        "signer": signer.person.pk,
        "nominations": [n.pk for n in submission.nominations.all()],
        **changes,
    }


def test_the_officer_takes_the_submission_through_on_the_pages(
    org, signer, nominees, posting, login
):
    client = login(org.alice)
    page = client.get(posting.get_absolute_url())
    assert 'data-testid="prepare-submission"' in page.content.decode()
    response = client.post(reverse("awards:submission_create"), {"posting": str(posting.code)})
    submission = Submission.objects.get()
    assert response.url == submission.get_absolute_url()
    detail = client.get(response.url)
    assert detail.status_code == 200
    assert 'data-action="submission.change"' in detail.content.decode()
    assert 'data-testid="send-window"' in detail.content.decode()
    # Sending while the list is still posted is refused, with the reason.
    response = client.post(url("submission_send", submission))
    assert "sent from the next day" in " ".join(messages_of(response))
    submission.refresh_from_db()
    assert submission.state.draft
    # A bad edit is shown again with its errors, nothing saved.
    response = client.post(
        url("submission_edit", submission), edit_data(submission, signer, addressee="")
    )
    assert response.status_code == 400
    assert "This field is required." in text_of(response)
    end_window(posting)
    response = client.post(url("submission_edit", submission), edit_data(submission, signer))
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.addressee == "Chủ tịch Ủy ban nhân dân tỉnh Lạng Sơn"
    # The province's decision cannot be recorded on a draft.
    response = client.post(url("submission_record", submission), {"decision_number": "1"})
    assert "Send the submission before" in " ".join(messages_of(response))
    response = client.post(url("submission_send", submission))
    submission.refresh_from_db()
    assert submission.state.sent and submission.symbol == "01/TTr-SKHCN"
    assert "Submission 01/TTr-SKHCN is sent to the province." in messages_of(response)
    # Sent: the page offers no edit, and a posted edit is refused with the reason.
    assert 'data-action="submission.change"' not in client.get(response.url).content.decode()
    response = client.post(url("submission_edit", submission), edit_data(submission, signer))
    assert "changes only if returned" in " ".join(messages_of(response))
    # The province returns it: a note is required.
    response = client.post(url("submission_return", submission), {"returned_note": ""})
    assert response.status_code == 400
    client.post(url("submission_return", submission), {"returned_note": "Bổ sung biên bản."})
    submission.refresh_from_db()
    assert submission.state.returned
    assert "Bổ sung biên bản." in text_of(client.get(submission.get_absolute_url()))
    client.post(url("submission_send", submission))
    submission.refresh_from_db()
    assert submission.state.sent and submission.symbol == "01/TTr-SKHCN"
    # The province's decision: a date in the future is refused on the form.
    data = {
        "decision_number": "1520/QĐ-UBND",
        "decision_date": (TODAY() + DAY).strftime("%d/%m/%Y"),
        "decision_issuer": "Chủ tịch Ủy ban nhân dân tỉnh Lạng Sơn",
        "awarded": [nominees["hoa"].pk, nominees["collective"].pk],
    }
    response = client.post(url("submission_record", submission), data)
    assert response.status_code == 400
    assert AwardRecord.objects.count() == 0
    data["decision_date"] = TODAY().strftime("%d/%m/%Y")
    response = client.post(url("submission_record", submission), data)
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.state.decided
    assert set(AwardRecord.objects.values_list("nomination_id", flat=True)) == {
        nominees["hoa"].pk,
        nominees["collective"].pk,
    }
    page = text_of(client.get(submission.get_absolute_url()))
    assert "1520/QĐ-UBND" in page and "Not awarded by the higher authority" in page
    listing = text_of(client.get(reverse("awards:submission_list")))
    assert "01/TTr-SKHCN" in listing and "1520/QĐ-UBND" in listing
    # Recorded: the page offers no more action, and a second POST changes nothing.
    detail = client.get(submission.get_absolute_url()).content.decode()
    assert "data-action=" not in detail
    response = client.post(url("submission_record", submission), data)
    assert "already recorded" in " ".join(messages_of(response))
    assert AwardRecord.objects.count() == 2


def test_preparing_from_an_unknown_or_a_bad_posting_code(org, posting, login):
    client = login(org.alice)
    response = client.post(reverse("awards:submission_create"), {"posting": "not-a-uuid"})
    assert response.status_code == 302
    assert "Choose the published list" in " ".join(messages_of(response))
    response = client.post(
        reverse("awards:submission_create"),
        {"posting": "3f8c6a1e-0000-4000-8000-000000000000"},
    )
    assert response.status_code == 404
    # Twice from the same list: refused with the reason, back on the list's page.
    client.post(reverse("awards:submission_create"), {"posting": str(posting.code)})
    response = client.post(reverse("awards:submission_create"), {"posting": str(posting.code)})
    assert response.url == posting.get_absolute_url()
    assert "No dossier on this list goes to the province" in " ".join(messages_of(response))
    assert Submission.objects.count() == 1


def test_the_leadership_reads_but_does_not_write(org, signer, submission, login):
    client = login(signer)
    assert client.get(reverse("awards:submission_list")).status_code == 200
    page = client.get(submission.get_absolute_url())
    assert page.status_code == 200
    assert "data-action=" not in page.content.decode()
    assert client.get(url("submission_zip", submission)).status_code == 200
    before = Event.objects.count()
    posts = [
        (reverse("awards:submission_create"), {"posting": str(submission.posting.code)}),
        (url("submission_edit", submission), edit_data(submission, signer)),
        (url("submission_send", submission), {}),
        (url("submission_return", submission), {"returned_note": "x"}),
        (url("submission_record", submission), {"decision_number": "1"}),
    ]
    for target, data in posts:
        assert client.post(target, data).status_code == 403, target
    assert Event.objects.count() == before
    submission.refresh_from_db()
    assert submission.state.draft and not submission.symbol


def test_a_unit_head_staff_and_outsiders_see_nothing(org, signer, submission, login):
    for persona in (org.carol, org.bob, org.charlie):
        client = login(persona)
        assert client.get(reverse("awards:submission_list")).status_code == 403
        for name in ("submission_detail", "submission_pdf", "submission_zip"):
            assert client.get(url(name, submission)).status_code in (403, 404)
        assert client.post(url("submission_send", submission)).status_code in (403, 404)
    submission.refresh_from_db()
    assert submission.state.draft


def test_the_package_pdf_holds_the_letter_the_list_the_minutes_and_the_reports(
    org, signer, nominees, submission, login
):
    client = login(org.alice)
    draft = client.get(url("submission_pdf", submission))
    assert draft.status_code == 200 and draft["Content-Type"] == "application/pdf"
    assert f"du-thao-to-trinh-{submission.pk}.pdf" in draft["Content-Disposition"]
    text = pdf_text(draft.content)
    assert "DỰ THẢO" in text and "Số: /TTr-SKHCN" in text
    services.submission_send(actor=org.alice.user, submission=submission)
    response = client.get(url("submission_pdf", submission))
    assert "to-trinh-01-" in response["Content-Disposition"]
    text = pdf_text(response.content)
    assert "DỰ THẢO" not in text
    assert "TỜ TRÌNH" in text and "Số: 01/TTr-SKHCN" in text
    assert "Kính gửi: Chủ tịch Ủy ban nhân dân tỉnh." in text
    for name in ("Vũ Thị Hoa", "Đinh Văn Giang", "Phòng Quản lý công nghệ"):
        assert name in text
    assert "Chủ trì 2 đề tài khoa học cấp tỉnh" in text
    assert "KT. GIÁM ĐỐC" in text and "PHÓ GIÁM ĐỐC" in text and "Lương Thị Lena" in text
    # The council's minutes and the achievement reports follow the letter.
    assert "BIÊN BẢN HỌP" in text
    assert text.count("BÁO CÁO THÀNH TÍCH ĐỀ NGHỊ") == 3
    assert "TẶNG “BẰNG KHEN CỦA CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH” NĂM 2020" in text


def attach(nomination, original_name, content=PDF_BYTES):
    return NominationAttachment.objects.create(
        nomination=nomination,
        file=SimpleUploadedFile("x.pdf", content, content_type="application/pdf"),
        original_name=original_name,
        size=len(content),
    )


def test_the_zip_holds_each_nominee_s_files_under_safe_names(
    org, signer, nominees, submission, login
):
    hoa = nominees["hoa"]
    attach(hoa, "Quyết định CSTĐCS 2019.pdf")
    attach(hoa, "Quyết định CSTĐCS 2019.pdf", content=PDF_BYTES + b"%again")
    attach(hoa, "../../../etc/passwd")
    hoa.signed_report = SimpleUploadedFile("r.pdf", PDF_BYTES)
    hoa.signed_report_name = "Báo cáo.pdf"
    hoa.save()
    lost = attach(nominees["collective"], "Ảnh.png")
    lost.file.storage.delete(lost.file.name)
    response = login(org.alice).get(url("submission_zip", submission))
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert f"du-thao-to-trinh-{submission.pk}-dinh-kem.zip" in response["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    names = archive.namelist()
    assert sorted(names) == [
        "01-Vu-Thi-Hoa/Quyet-dinh-CSTDCS-2019-2.pdf",
        "01-Vu-Thi-Hoa/Quyet-dinh-CSTDCS-2019.pdf",
        "01-Vu-Thi-Hoa/bao-cao-thanh-tich-da-ky-Bao-cao.pdf",
        "01-Vu-Thi-Hoa/passwd",
        "02-Phong-Quan-ly-cong-nghe/THIEU-TEP.txt",
    ]
    assert archive.read("01-Vu-Thi-Hoa/Quyet-dinh-CSTDCS-2019.pdf") == PDF_BYTES
    assert "Ảnh.png" in archive.read("02-Phong-Quan-ly-cong-nghe/THIEU-TEP.txt").decode()


def test_safe_names_never_leave_their_folder():
    assert safe_name("..\\..\\windows\\evil.exe") == "evil.exe"
    assert safe_name("../..") == "tep"
    assert safe_name("") == "tep"
    assert safe_name(".htaccess") == "htaccess"
    assert safe_name("Đơn đề nghị (bản chính).docx") == "Don-de-nghi-ban-chinh.docx"
    long = safe_name("a" * 300 + ".pdf")
    assert len(long) <= 80 and long.endswith(".pdf")


def test_the_list_filters_by_year_and_costs_the_same_queries_as_it_grows(
    org, signer, nominees, login
):
    client = login(org.alice)

    def add(count, year):
        for number in range(count):
            submission = Submission.objects.create(
                agency=org.agency,
                year=year,
                addressee="Chủ tịch Ủy ban nhân dân tỉnh",
                title=f"Tờ trình {year} số {number}",
                place="Lạng Sơn",
                signed_on=TODAY(),
            )
            submission.nominations.set(nominees.values())

    def queries(year):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse("awards:submission_list"), {"year": year})
        assert response.status_code == 200
        return len(captured), response

    add(1, 2019)
    add(5, 2020)
    few, response = queries(2019)
    assert len(response.context["page"].object_list) == 1
    many, response = queries(2020)
    rows = response.context["page"].object_list
    assert len(rows) == 5 and all(row.nominee_count == 3 for row in rows)
    assert many == few
    assert "Tờ trình 2019" not in text_of(response)


def test_the_send_form_takes_the_date_the_submission_was_signed(org, signer, login, posting):
    from awards.services import submissions as submission_services

    submission = submission_services.submission_create(actor=org.alice.user, posting=posting)
    Submission.objects.filter(pk=submission.pk).update(place="Lạng Sơn")
    Posting.objects.filter(pk=posting.pk).update(closes_on=TODAY() - 3 * DAY)
    client = login(org.alice)
    page = client.get(submission.get_absolute_url()).content.decode()
    assert 'name="signed_on"' in page
    url = reverse("awards:submission_send", args=[submission.code])
    response = client.post(url, {"signed_on": "32/13/2020"})
    assert "Give the date the submission was signed, as dd/mm/yyyy." in messages_of(response)
    submission.refresh_from_db()
    assert submission.state.draft
    signed = (TODAY() - DAY).strftime("%d/%m/%Y")
    client.post(url, {"signed_on": signed})
    submission.refresh_from_db()
    assert submission.state.sent and submission.signed_on == TODAY() - DAY
