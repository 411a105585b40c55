"""The campaign's final and interim reports to download, as a PDF to sign and as a workbook."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from dashboards import report_documents
from dashboards.report import YearReport, report_queryset, year_report
from organizations.access import get_for_user, require
from organizations.downloads import pdf_attachment, xlsx_attachment

# "tong-ket" (final) and "so-ket" (interim), as the addresses spell them.
KINDS = {slug: kind for kind, slug in report_documents.SLUGS.items()}


def _report(request, code, kind: str) -> YearReport:
    if kind not in KINDS:
        raise Http404
    require(
        request,
        "dashboards.view_agency",
        denied=_("Only the leadership and the emulation officer download the campaign's reports."),
    )
    campaign = get_for_user(request, report_queryset(), code=code)
    return year_report(campaign, KINDS[kind])


@login_required
@require_GET
def report_pdf(request, code, kind):
    report = _report(request, code, kind)
    content = report_documents.report_pdf(
        report, base_url=request.build_absolute_uri(reverse("home"))
    )
    return pdf_attachment(content, report_documents.report_filename(report, "pdf"))


@login_required
@require_GET
def report_xlsx(request, code, kind):
    report = _report(request, code, kind)
    content = report_documents.report_workbook(report)
    return xlsx_attachment(content, report_documents.report_filename(report, "xlsx"))
