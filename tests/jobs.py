"""Exports run as background jobs (organizations.jobs). Tests run a job where it is started
(settings.TASKS: the immediate backend), so the job is done when its page opens."""

from urllib.parse import urlencode

from django.http import HttpResponse
from django.urls import resolve, reverse


def run_export(client, url, query=None):
    """Press a list's "Export to Excel" (a POST of the list's filters), then download the
    job's file; return the download's response (or the refusal, if the start was refused)."""
    response = client.post(url, {"query": urlencode(query or {}, doseq=True)})
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
