"""The campaign's final and interim reports to download, as a PDF to sign and as a workbook:
each is made by a background job (dashboards/jobs.py) the leadership or the officer starts."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.urls import reverse
from django.views.decorators.http import require_POST

from dashboards.report import report_queryset
from dashboards.report_documents import KINDS, READERS_ONLY
from organizations.access import get_for_user, require
from organizations.downloads import site_url
from organizations.views.jobs import start_job


def _start(request, code, kind: str, *, job_kind: str, params=None):
    """Start the job making a report of the campaign, after the checks the job makes again."""
    if kind not in KINDS:
        raise Http404
    require(request, "dashboards.view_agency", denied=READERS_ONLY)
    campaign = get_for_user(request, report_queryset(), code=code)
    return start_job(
        request,
        kind=job_kind,
        params={"code": str(campaign.code), "kind": kind, **(params or {})},
        back=reverse("dashboards:agency"),
    )


@login_required
@require_POST
def report_pdf(request, code, kind):
    return _start(
        request, code, kind, job_kind="dashboards.report_pdf", params={"site": site_url(request)}
    )


@login_required
@require_POST
def report_xlsx(request, code, kind):
    return _start(request, code, kind, job_kind="dashboards.report_xlsx")
