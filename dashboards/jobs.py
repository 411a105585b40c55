"""The dashboards' background jobs (organizations.jobs): the campaign's final and interim
reports, as a PDF and as a workbook."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from dashboards import report_documents
from dashboards.report import YearReport, report_queryset, year_report
from organizations.jobs import get_for_owner, job_kind

REPORT_GONE = _("You may no longer read this campaign's reports.")


def _report(job) -> YearReport:
    """Read the job's report, if its owner still downloads the campaign's reports."""
    if not job.owner.has_perm("dashboards.view_agency"):
        raise PermissionDenied(report_documents.READERS_ONLY)
    campaign = get_for_owner(job, report_queryset(), gone=REPORT_GONE, code=job.params["code"])
    return year_report(campaign, report_documents.KINDS[job.params["kind"]])


@job_kind("dashboards.report_pdf", title=_("Campaign report: PDF"))
def report_pdf(job, progress):
    """The report as the agency's document to sign."""
    report = _report(job)
    content = report_documents.report_pdf(report, base_url=f"{job.params['site']}/")
    return report_documents.report_filename(report, "pdf"), content


@job_kind("dashboards.report_xlsx", title=_("Campaign report: Excel export"))
def report_xlsx(job, progress):
    """The report's tables, a sheet each."""
    report = _report(job)
    content = report_documents.report_workbook(report)
    return report_documents.report_filename(report, "xlsx"), content
