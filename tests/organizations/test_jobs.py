"""Background jobs (organizations.jobs, issue "Province scale"): an export starts as a job and
the request returns at once; its owner follows the progress and downloads the file; a job that
fails says why and can be started again; a job is its owner's only; a queue that is down is
said so, and the page keeps working.

The queue tests run each real backend — the database queue served by `manage.py db_worker`, and
RQ on the Redis server of the machine (127.0.0.1:6379) served by an RQ worker — against real
commits (a worker reads what the web request committed).
"""

import datetime
import io
import os

import django_rq
import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from rq import SimpleWorker

from awards.models import Award
from organizations import jobs
from organizations.models import Job, Notification
from tests.factories import AwardRecordFactory, PersonFactory
from tests.jobs import run_export

pytestmark = pytest.mark.usefixtures("english", "media")

EXPORT = reverse("awards:history_export")


def job_url(name, job):
    return reverse(f"organizations:{name}", args=[job.code])


@pytest.fixture
def records(org):
    award = Award.objects.get(code="LDTT")
    for year in (2018, 2019, 2019):
        AwardRecordFactory(person=PersonFactory(unit=org.office), award=award, year=year)
    AwardRecordFactory(person=PersonFactory(unit=org.other), award=award, year=2019)


def test_an_export_is_a_job_its_owner_follows_and_downloads(org, login, records):
    client = login(org.alice)
    started = client.post(EXPORT, {"query": "year=2019"})
    job = Job.objects.get()
    assert started.status_code == 302 and started["Location"] == job.get_absolute_url()
    assert (job.owner, job.kind, job.params) == (
        org.alice.user,
        "awards.history_export",
        {"query": "year=2019"},
    )
    page = client.get(job.get_absolute_url()).content.decode()
    assert 'data-testid="job-download"' in page and "2 rows." in page
    download = client.get(job_url("job_download", job))
    assert download["Content-Disposition"].startswith('attachment; filename="khen-thuong-')
    sheet = list(load_workbook(io.BytesIO(b"".join(download.streaming_content))).active.values)
    assert [line[3] for line in sheet[1:]] == [2019, 2019]  # the filter held, in her scope
    notice = Notification.objects.get(recipient=org.alice.user)
    assert notice.title == "Your file is ready: Award history: Excel export"
    assert notice.url == job.get_absolute_url()
    # The list of one's jobs, with the export in it.
    assert job.title in client.get(reverse("organizations:job_list")).content.decode()


def test_a_job_is_its_owners_only(org, login, records):
    run_export(login(org.alice), EXPORT)
    job = Job.objects.get()
    client = login(org.bob)
    for name in ("job_detail", "job_status", "job_download"):
        assert client.get(job_url(name, job)).status_code == 404
    assert client.post(job_url("job_retry", job)).status_code == 404
    assert job.title not in client.get(reverse("organizations:job_list")).content.decode()


def test_a_failed_job_says_why_and_starts_again(org, login, records, monkeypatch):
    def broken(job, progress):
        raise RuntimeError("disk full")

    monkeypatch.setitem(jobs.KINDS, "awards.history_export", jobs.Kind(broken, "Xuất Excel"))
    client = login(org.alice)
    client.post(EXPORT, {"query": ""})
    failed = Job.objects.get()
    assert failed.status == Job.Status.FAILED and "disk full" not in failed.error
    page = client.get(failed.get_absolute_url()).content.decode()
    assert "The work stopped on an unexpected error." in page
    assert 'data-testid="job-retry"' in page
    assert client.get(job_url("job_download", failed)).status_code == 404
    assert Notification.objects.get(recipient=org.alice.user).title == (
        "Could not finish: Xuất Excel"
    )
    monkeypatch.undo()
    again = client.post(job_url("job_retry", failed))
    retried = Job.objects.exclude(pk=failed.pk).get()
    assert again["Location"] == retried.get_absolute_url()
    assert retried.status == Job.Status.DONE and retried.params == failed.params


def running(owner, last_beat):
    """A job a worker is running: 500 of 30,000 rows done, its last report at `last_beat`."""
    return Job.objects.create(
        owner=owner,
        kind="awards.history_export",
        title="Xuất Excel",
        status=Job.Status.RUNNING,
        done=500,
        total=30000,
        beat_at=last_beat,
    )


def test_a_job_whose_worker_died_is_failed_and_can_be_retried(org, login):
    silent = timezone.now() - jobs.SILENT_FOR - datetime.timedelta(seconds=1)
    job = running(org.alice.user, silent)
    client = login(org.alice)
    status = client.get(job_url("job_status", job)).content.decode()
    assert "The worker running this job stopped before it finished." in status
    assert 'data-testid="job-retry"' in status
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    # One that never reported is judged by when it started.
    never = running(org.alice.user, None)
    Job.objects.filter(pk=never.pk).update(started_at=silent)
    assert "stopped before it finished" in client.get(job_url("job_status", never)).content.decode()
    alive = running(org.alice.user, timezone.now())
    status = client.get(job_url("job_status", alive)).content.decode()
    assert 'hx-trigger="every 1s"' in status and "500 of 30000 rows (1 %)" in status


def test_progress_is_written_as_the_job_goes(org, monkeypatch):
    monkeypatch.setattr(jobs, "REPORT_EVERY", datetime.timedelta(0))
    job = Job.objects.create(owner=org.alice.user, kind="x", title="x", status="running")
    seen = []
    for _row in jobs.Progress(job).over(range(3), 3):
        job.refresh_from_db()
        seen.append((job.done, job.total))
    job.refresh_from_db()
    assert seen == [(0, 3), (1, 3), (2, 3)] and job.done == 3


def test_a_queue_that_is_down_is_said_so_and_the_list_keeps_working(org, login, records, settings):
    settings.TASKS = {"default": {"BACKEND": settings.TASK_BACKENDS["rq"], "QUEUES": ["default"]}}
    settings.RQ_QUEUES = {"default": {"URL": "redis://127.0.0.1:1/0"}}
    client = login(org.alice)
    response = client.post(EXPORT, {"query": "year=2019"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("awards:history_list") + "?year=2019"
    assert "The job queue is unavailable. Try again in a few minutes." in (
        response.content.decode()
    )
    assert Job.objects.get().status == Job.Status.FAILED


# --- the real queues --------------------------------------------------------------------------


def run_database_worker():
    call_command("db_worker", batch=True, startup_delay=False, verbosity=0)


def run_rq_worker():
    from django_tasks_rq import Job as RQJob

    queue = django_rq.get_queue("default", job_class=RQJob)
    SimpleWorker([queue], connection=queue.connection, job_class=RQJob).work(burst=True)


@pytest.fixture(params=["database", "rq"])
def queue(request, settings):
    """The backend to run on, and its worker run to the end of the queue."""
    settings.TASKS = {
        "default": {"BACKEND": settings.TASK_BACKENDS[request.param], "QUEUES": ["default"]}
    }
    if request.param == "rq":
        # One Redis database for each test process, emptied: no process runs another's jobs.
        number = 15 - int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
        settings.RQ_QUEUES = {"default": {"URL": f"redis://127.0.0.1:6379/{number}"}}
        django_rq.get_connection("default").flushdb()
        return run_rq_worker
    return run_database_worker


@pytest.mark.django_db(transaction=True)
def test_a_worker_of_each_queue_runs_the_export(org, login, records, queue):
    client = login(org.alice)
    client.post(EXPORT, {"query": "year=2019"})
    job = Job.objects.get()
    waiting = client.get(job.get_absolute_url()).content.decode()
    assert job.status == Job.Status.QUEUED
    assert "Waiting for a worker to take the job…" in waiting and 'data-testid="job-bar"' in waiting
    queue()
    job.refresh_from_db()
    assert job.status == Job.Status.DONE, job.error
    download = client.get(job_url("job_download", job))
    sheet = list(load_workbook(io.BytesIO(b"".join(download.streaming_content))).active.values)
    assert len(sheet) == 3
    # Run once only: a second worker finds nothing to do.
    queue()
    assert Job.objects.get().finished_at == job.finished_at
