"""Campaign documents: the officer attaches checked files, anyone in the agency downloads them."""

import io
import zipfile
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from campaigns import services
from campaigns.models import CampaignDocument, CampaignReview
from organizations.models import Event

pytestmark = pytest.mark.usefixtures("english", "media")

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"


def docx_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


def add_url(campaign):
    return reverse("campaigns:document_add", args=[campaign.code])


def download_url(document):
    return reverse("campaigns:document_download", args=[document.pk])


def stored_files(tmp_path):
    return [path for path in tmp_path.rglob("*") if path.is_file()]


def upload(name, content, kind="plan", title="Kế hoạch thi đua năm 2020"):
    return {"kind": kind, "title": title, "file": SimpleUploadedFile(name, content)}


def test_an_officer_attaches_a_pdf(campaign, login, org, tmp_path):
    client = login(org.alice)
    assert client.get(add_url(campaign)).status_code == 200
    response = client.post(add_url(campaign), upload("Kế hoạch 2020.pdf", PDF))
    assert response.status_code == 302
    assert response["Location"] == campaign.get_absolute_url()
    document = CampaignDocument.objects.get()
    assert (document.campaign, document.kind, document.title) == (
        campaign,
        "plan",
        "Kế hoạch thi đua năm 2020",
    )
    assert document.original_name == "Kế hoạch 2020.pdf"
    assert document.uploaded_by == org.alice.user
    # Stored under a name nobody can guess, not the one uploaded.
    assert "Kế hoạch" not in document.file.name
    assert document.file.name.startswith("campaigns/")
    assert len(stored_files(tmp_path)) == 1
    assert Event.objects.filter(verb="document_added").exists()


def test_an_office_document_is_accepted(campaign, login, org):
    response = login(org.alice).post(
        add_url(campaign), upload("quyet-dinh.docx", docx_bytes(), kind="launch_decision")
    )
    assert response.status_code == 302
    assert CampaignDocument.objects.get().kind == "launch_decision"


def test_anyone_in_the_agency_downloads_a_document_with_its_name(campaign, login, org):
    document = services.document_add(
        actor=org.alice.user,
        campaign=campaign,
        kind="plan",
        title="Kế hoạch",
        upload=SimpleUploadedFile("Kế hoạch 2020.pdf", PDF),
    )
    response = login(org.bob).get(download_url(document))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment")
    assert quote("Kế hoạch 2020.pdf") in disposition


def test_an_outsider_cannot_download(campaign, login, org):
    document = services.document_add(
        actor=org.alice.user,
        campaign=campaign,
        kind="plan",
        title="Kế hoạch",
        upload=SimpleUploadedFile("ke-hoach.pdf", PDF),
    )
    assert login(org.charlie).get(download_url(document)).status_code == 404


def test_a_missing_document_is_404(login, org):
    assert (
        login(org.alice).get(reverse("campaigns:document_download", args=[999])).status_code == 404
    )


def test_a_pdf_that_is_really_text_is_refused(campaign, login, org, tmp_path):
    response = login(org.alice).post(
        add_url(campaign), upload("ke-hoach.pdf", b"This is plain text, not a PDF.")
    )
    assert response.status_code == 200
    message = "“ke-hoach.pdf” does not contain what its name says (PDF); it was refused."
    assert response.context["form"].errors["file"] == [message]
    assert "does not contain what its name says (PDF)" in response.content.decode()
    assert not CampaignDocument.objects.exists()
    assert stored_files(tmp_path) == []


def test_a_file_of_a_type_not_accepted_is_refused(campaign, login, org, tmp_path):
    response = login(org.alice).post(add_url(campaign), upload("script.exe", b"MZ\x90\x00"))
    assert response.status_code == 200
    assert "is not an accepted file type" in response.content.decode()
    assert not CampaignDocument.objects.exists()
    assert stored_files(tmp_path) == []


def test_a_file_over_the_size_limit_is_refused(campaign, login, org, settings, tmp_path):
    settings.EVIDENCE_MAX_BYTES = 1024
    big = PDF + b"0" * 2048
    response = login(org.alice).post(add_url(campaign), upload("bao-cao.pdf", big))
    assert response.status_code == 200
    assert (
        "“bao-cao.pdf” is 2.1\xa0KB; the limit is 1.0\xa0KB."
        in (response.context["form"].errors["file"])
    )
    assert not CampaignDocument.objects.exists()
    assert stored_files(tmp_path) == []


def test_the_service_checks_the_file_too(campaign, org, tmp_path):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        services.document_add(
            actor=org.alice.user,
            campaign=campaign,
            kind="plan",
            title="Giả",
            upload=SimpleUploadedFile("gia.png", b"not an image"),
        )
    assert "does not contain what its name says (PNG)" in refused.value.message_dict["file"][0]
    assert not CampaignDocument.objects.exists()
    assert stored_files(tmp_path) == []


def test_a_closed_campaign_gets_no_new_document(campaign, login, org, tmp_path):
    review = services.review_open(
        actor=org.alice.user, campaign=campaign, kind=CampaignReview.Kind.FINAL
    )
    services.review_conclude(actor=org.alice.user, review=review, conclusions="Xong.", snapshot={})
    response = login(org.alice).post(add_url(campaign), upload("ke-hoach.pdf", PDF))
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "The campaign is closed and can no longer be changed."
    ]
    assert not CampaignDocument.objects.exists()
    assert stored_files(tmp_path) == []


def test_staff_may_not_attach_documents(campaign, login, org, tmp_path):
    client = login(org.bob)
    assert client.get(add_url(campaign)).status_code == 403
    assert client.post(add_url(campaign), upload("ke-hoach.pdf", PDF)).status_code == 403
    assert not CampaignDocument.objects.exists()
    assert stored_files(tmp_path) == []


def test_an_outsider_gets_404_when_attaching(campaign, login, org, tmp_path):
    response = login(org.charlie).post(add_url(campaign), upload("ke-hoach.pdf", PDF))
    assert response.status_code == 404
    assert not CampaignDocument.objects.exists()
