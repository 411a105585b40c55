"""Evidence files: checked by content on the way in, downloaded by anyone who sees the campaign."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from campaigns import services
from campaigns.models import Evidence, ProgressReport

pytestmark = pytest.mark.usefixtures("english", "media")

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


@pytest.fixture
def evidence(org, covenant_in_force):
    commitment = covenant_in_force.parties.get(unit=org.technical).commitments.get()
    report = services.report_submit(
        actor=org.carol.user,
        commitment=commitment,
        period="Q1",
        status="on_track",
        value=85,
        files=[SimpleUploadedFile("Biên bản kiểm tra quý 1.pdf", PDF, "application/pdf")],
    )
    return report.evidence.get()


def url(evidence):
    return reverse("campaigns:evidence_download", args=[evidence.pk])


@pytest.mark.parametrize("persona", ["alice", "bob", "carol", "dave"])
def test_anyone_in_the_agency_downloads_it_under_its_original_name(org, evidence, client, persona):
    client.force_login(getattr(org, persona).user)
    response = client.get(url(evidence))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=utf-8''Bi%C3%AAn%20b%E1%BA%A3n%20ki%E1%BB%83m%20tra%20qu%C3%BD%201.pdf" in (
        disposition
    )


def test_the_outsider_gets_404(org, evidence, login):
    assert login(org.charlie).get(url(evidence)).status_code == 404


def test_it_requires_sign_in(client, evidence):
    assert client.get(url(evidence)).status_code == 302


def test_an_unknown_file_is_404(org, evidence, login):
    assert (
        login(org.alice).get(reverse("campaigns:evidence_download", args=[99999])).status_code
        == 404
    )


def test_a_file_missing_from_storage_is_404(org, evidence, login):
    evidence.file.storage.delete(evidence.file.name)
    assert login(org.alice).get(url(evidence)).status_code == 404


def test_it_is_stored_under_a_name_nobody_can_guess(evidence, media):
    assert evidence.file.name.startswith("evidence/")
    assert "Bi" not in evidence.file.name
    assert evidence.file.name.endswith(".pdf")
    assert (media / evidence.file.name).read_bytes() == PDF


@pytest.mark.parametrize(
    "name, content",
    [("anh-hoi-nghi.png", PNG), ("bao-cao.docx", docx()), ("anh.JPG", b"\xff\xd8\xff\xe0rest")],
)
def test_genuine_office_files_and_photos_are_accepted(org, covenant_in_force, login, name, content):
    commitment = covenant_in_force.parties.get(unit=org.technical).commitments.get()
    response = login(org.carol).post(
        reverse("campaigns:report_submit", args=[commitment.pk]),
        {
            f"c{commitment.pk}-period": "Q1",
            f"c{commitment.pk}-status": "on_track",
            f"c{commitment.pk}-evidence": [SimpleUploadedFile(name, content)],
        },
    )
    assert response.status_code == 302
    assert Evidence.objects.get().original_name == name


@pytest.mark.parametrize(
    "name, content, message",
    [
        (
            "bao-cao.docx",
            b"PK\x03\x04 not really a zip",
            "“bao-cao.docx” does not contain what its name says (DOCX); it was refused.",
        ),
        (
            "bang-tinh.xlsx",
            docx(),  # a Word package renamed: the spreadsheet folder is missing
            "“bang-tinh.xlsx” does not contain what its name says (XLSX); it was refused.",
        ),
        (
            "anh.png",
            PDF,
            "“anh.png” does not contain what its name says (PNG); it was refused.",
        ),
        (
            "script.html",
            b"<script>alert(1)</script>",
            "“script.html” is not an accepted file type.",
        ),
    ],
)
def test_a_disguised_file_is_refused_and_nothing_is_stored(
    org, covenant_in_force, login, media, name, content, message
):
    commitment = covenant_in_force.parties.get(unit=org.technical).commitments.get()
    response = login(org.carol).post(
        reverse("campaigns:report_submit", args=[commitment.pk]),
        {
            f"c{commitment.pk}-period": "Q1",
            f"c{commitment.pk}-status": "on_track",
            f"c{commitment.pk}-evidence": [SimpleUploadedFile(name, content)],
        },
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert message in response.content.decode().replace("&quot;", '"')
    assert not ProgressReport.objects.exists()
    assert not [path for path in media.rglob("*") if path.is_file()]


def test_the_service_checks_files_too(org, covenant_in_force, media):
    """A caller that skips the form (a script, the demo loader) still cannot store a bad file."""
    from django.core.exceptions import ValidationError

    commitment = covenant_in_force.parties.get(unit=org.technical).commitments.get()
    with pytest.raises(ValidationError) as refused:
        services.report_submit(
            actor=org.carol.user,
            commitment=commitment,
            period="Q1",
            status="on_track",
            files=[SimpleUploadedFile("evil.pdf", b"text")],
        )
    assert refused.value.message_dict == {
        "evidence": ["“evil.pdf” does not contain what its name says (PDF); it was refused."]
    }
    assert not ProgressReport.objects.exists()
    assert not [path for path in media.rglob("*") if path.is_file()]
