"""Files a test uploads: a genuine (tiny) PDF, and one that only claims to be."""

from django.core.files.uploadedfile import SimpleUploadedFile

PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"


def pdf(name="bao-cao.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def fake_pdf(name="bao-cao.pdf") -> SimpleUploadedFile:
    """A file named .pdf whose content is not a PDF."""
    return SimpleUploadedFile(name, b"MZ\x90\x00 not a pdf at all", content_type="application/pdf")


def pdf_text(content: bytes) -> str:
    """Return a PDF's text with line breaks and runs of spaces folded to one space."""
    import io

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text() or "" for page in reader.pages).split())
