"""A person's background jobs (organizations.jobs): the list, one job's progress (polled by htmx
while it runs), its file or its finding once done, and starting a failed one again. Each job is
its owner's only: anyone else gets a 404, the officer and the superuser included."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, QueryDict
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from organizations import jobs
from organizations.access import get_for_user
from organizations.importer import RowError, upload_problem
from organizations.models import Job


def start_job(request, *, kind: str, params: dict, back: str, source=None, title=None):
    """Start a job for the signed-in user and send them to its page; if the queue is down,
    back where they were with the reason. `source` and `title` are `jobs.start`'s."""
    try:
        job = jobs.start(owner=request.user, kind=kind, params=params, source=source, title=title)
    except jobs.QueueUnavailable as exc:
        messages.error(request, str(exc))
        return redirect(back)
    return redirect(job)


def start_export(request, *, kind: str, list_url: str):
    """Start the export of a list as its page is filtered (the filters' query string, posted
    in `query` by includes/export_job_button.html) and send the user to the job's page."""
    query = QueryDict(request.POST.get("query", "")[:2000]).urlencode()
    back = list_url + (f"?{query}" if query else "")
    return start_job(request, kind=kind, params={"query": query}, back=back)


def start_import(request, form, *, kind: str, back: str, check_title=None):
    """Start the import of a posted workbook (a check only, with the form's `dry_run`, under
    `check_title`) and return the response that sends the user to the job's page, with no file
    errors; or return no response and the file's errors when the form is not posted and valid
    or the file cannot be a workbook at all (too large, not an .xlsx): refused without being
    stored."""
    if request.method != "POST" or not form.is_valid():
        return None, []
    upload = form.cleaned_data["file"]
    problem = upload_problem(upload)
    if problem is not None:
        return None, [RowError("", None, "", problem)]
    dry_run = form.cleaned_data["dry_run"]
    params = {"dry_run": dry_run, "filename": upload.name[-200:]}
    title = check_title if dry_run else None
    return start_job(request, kind=kind, params=params, back=back, source=upload, title=title), []


def import_checked(request, code, *, kind: str, title=None):
    """Start the import of a file its owner checked (a dry run that found no problem), from
    the file the check stored: nothing is uploaded again. Another file, or one whose check
    found problems or did not finish, goes back to the check's page."""
    checked = get_for_user(request, Job, code=code, kind=kind)
    if not checked.can_be_imported:
        return redirect(checked)
    return start_job(
        request,
        kind=kind,
        params={**checked.params, "dry_run": False},
        back=checked.get_absolute_url(),
        source=checked.source,
        title=title,
    )


def _page(job: Job) -> dict:
    """Return the context of a job's page and of its progress: the template that shows what a
    finished job found, for the kinds that have one."""
    kind = jobs.KINDS.get(job.kind)
    return {"job": job, "result_template": kind.page if kind else None}


@login_required
@require_GET
def job_list(request):
    jobs_of_user = Job.objects.visible_to(request.user)
    page = Paginator(jobs_of_user, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "organizations/job_list.html", {"page": page})


@login_required
@require_GET
def job_detail(request, code):
    job = jobs.fail_if_stalled(get_for_user(request, Job, code=code))
    return render(request, "organizations/job_detail.html", _page(job))


@login_required
@require_GET
def job_status(request, code):
    job = jobs.fail_if_stalled(get_for_user(request, Job, code=code))
    return render(request, "organizations/partials/job_progress.html", _page(job))


@login_required
@require_GET
def job_download(request, code):
    job = get_for_user(request, Job, code=code)
    if not job.file:
        raise Http404
    return FileResponse(job.file.open("rb"), as_attachment=True, filename=job.filename)


@login_required
@require_POST
def job_retry(request, code):
    job = get_for_user(request, Job, code=code)
    if job.status != Job.Status.FAILED:
        return redirect(job)
    return start_job(
        request,
        kind=job.kind,
        params=job.params,
        back=job.get_absolute_url(),
        source=job.source or None,
        title=job.title,
    )
