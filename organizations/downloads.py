"""Files the portal hands out: a PDF to sign, an Excel workbook, always as an attachment."""

from django.conf import settings
from django.http import HttpResponse

PDF_CONTENT_TYPE = "application/pdf"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def attachment(content: bytes, filename: str, content_type: str) -> HttpResponse:
    """Return the content as a download; `filename` is the portal's own ASCII name."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def pdf_attachment(content: bytes, filename: str) -> HttpResponse:
    return attachment(content, filename, PDF_CONTENT_TYPE)


def xlsx_attachment(content: bytes, filename: str) -> HttpResponse:
    return attachment(content, filename, XLSX_CONTENT_TYPE)


def site_url(request) -> str:
    """Return the portal's address, without a final slash, for the links a file prints (a
    certificate's QR code) and the base its PDF is rendered on: PORTAL_URL when set, else the
    request's host. A job is given it when started: a worker has no request."""
    return settings.PORTAL_URL or request.build_absolute_uri("/").removesuffix("/")
