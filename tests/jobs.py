"""Files made by background jobs (organizations.jobs). Tests run a job where it is started
(settings.TASKS: the immediate backend), so the job is done when its page opens."""

from urllib.parse import urlencode

from django.http import HttpResponse
from django.urls import resolve, reverse

from organizations import jobs


def run_job_download(client, url, data=None):
    """Press a button that starts a job (a POST of `data` to `url`), then download the job's
    file; return the download's response, or the answer to the POST if it started no job (a
    refusal, a redirect back with a message). A job that failed has no file: a 404."""
    response = client.post(url, data or {})
    if response.status_code != 302 or "/viec/" not in response["Location"]:
        return response
    code = resolve(response["Location"]).kwargs["code"]
    download = client.get(reverse("organizations:job_download", args=[code]))
    if not download.streaming:
        return download
    # Read to its end (the file is closed), as a response with a body to assert on.
    read = HttpResponse(b"".join(download.streaming_content), status=download.status_code)
    for header in ("Content-Type", "Content-Disposition"):
        read[header] = download[header]
    return read


def run_export(client, url, query=None):
    """Press a list's "Export to Excel" (a POST of the list's filters), then download the
    job's file; return the download's response (or the refusal, if the start was refused)."""
    return run_job_download(client, url, {"query": urlencode(query or {}, doseq=True)})


def job_run_for(owner, kind, params=None):
    """Start a job for `owner` as a page would (organizations.jobs.start, past the page's own
    checks) and return it, run: what the job does when its owner's rights changed after the
    start."""
    job = jobs.start(owner=owner, kind=kind, params=params)
    job.refresh_from_db()
    return job
