"""Long work run by a worker rather than inside a request: an export, an import, a batch of
PDFs. It goes through Django's tasks framework (the django-tasks backport of Django 6.0's
`django.tasks`): the database backend by default — `make run` starts its worker beside the web
server — and RQ on Redis in production (settings.TASKS).

A page starts a job with `start(owner=..., kind=..., params=...)` and sends its owner to the
job's page, which shows the progress and, once done, the file. What a kind of job does is a
function registered by its app with `@job_kind("awards.history_export", title=...)`: it gets
the job and a `Progress`, reads what it needs with the owner's rights (`job.owner`), reports how
far it is and returns the file's name and content. A job that raises is marked failed with a
message its owner can read; its owner is notified either way.
"""

import datetime
import logging
import mimetypes
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.http import QueryDict
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task
from redis.exceptions import RedisError

from organizations.models import Job
from organizations.notifications import notify

logger = logging.getLogger(__name__)

# How often a running job writes its progress (and so shows it is alive).
REPORT_EVERY = datetime.timedelta(seconds=1)
# A running job silent for this long has lost its worker (killed, restarted): it is failed, and
# its owner may start it again. Longer than any pause a job makes between two reports.
SILENT_FOR = datetime.timedelta(minutes=10)


@dataclass(frozen=True)
class Kind:
    run: Callable
    title: str


KINDS: dict[str, Kind] = {}


def job_kind(name: str, *, title):
    """Register what a kind of job does: `run(job, progress) -> (filename, content)`."""

    def register(function):
        KINDS[name] = Kind(function, title)
        return function

    return register


def query_of(job: Job) -> QueryDict:
    """Return the list filters an export job was started with, as the list read them."""
    return QueryDict(job.params.get("query", ""))


class QueueUnavailable(Exception):
    """The job could not be handed to a worker (the queue's server is down)."""


def start(*, owner, kind: str, params: dict | None = None) -> Job:
    """Record a job for its owner and hand it to a worker; return at once.

    Call it outside a transaction (a view is): the worker, another process, must find the job's
    row committed. Raises QueueUnavailable, with the job marked failed, if the queue is down.
    """
    job = Job.objects.create(
        owner=owner, kind=kind, title=str(KINDS[kind].title), params=params or {}
    )
    try:
        run_job.enqueue(str(job.code), translation.get_language() or "vi")
    except (RedisError, OSError) as exc:
        logger.exception("Could not enqueue job %s", job.code)
        reason = _("The job queue is unavailable. Try again in a few minutes.")
        _fail(job, reason)
        raise QueueUnavailable(reason) from exc
    return job


class Progress:
    """How far a job is: `progress.over(rows, total)` yields the rows and writes the count
    about once a second (one UPDATE), so the owner's page can show it."""

    def __init__(self, job: Job):
        self.job = job
        self.done = 0
        self._written_at = timezone.now()

    def set_total(self, total: int) -> None:
        Job.objects.filter(pk=self.job.pk).update(total=total, beat_at=timezone.now())
        self.job.total = total

    def advance(self, count: int = 1) -> None:
        self.done += count
        now = timezone.now()
        if now - self._written_at >= REPORT_EVERY:
            Job.objects.filter(pk=self.job.pk).update(done=self.done, beat_at=now)
            self._written_at = now

    def over(self, rows: Iterable, total: int) -> Iterator:
        self.set_total(total)
        for row in rows:
            yield row
            self.advance()


@task()
def run_job(code: str, language: str) -> None:
    """Run one job in a worker, in the language its owner started it in."""
    claimed = Job.objects.filter(code=code, status=Job.Status.QUEUED).update(
        status=Job.Status.RUNNING, started_at=timezone.now(), beat_at=timezone.now()
    )
    if not claimed:
        return  # run already, or gone with its owner
    job = Job.objects.select_related("owner").get(code=code)
    with translation.override(language):
        try:
            filename, content = KINDS[job.kind].run(job, Progress(job))
        except (ValidationError, PermissionDenied) as exc:
            messages = getattr(exc, "messages", None) or [str(exc)]
            _fail(job, " ".join(str(message) for message in messages))
        except Exception:
            logger.exception("Job %s (%s) failed", job.code, job.kind)
            _fail(
                job,
                _(
                    "The work stopped on an unexpected error. Start it again; if it fails "
                    "again, tell the portal's administrator."
                ),
            )
        else:
            _succeed(job, filename, content)


def _succeed(job: Job, filename: str, content: bytes) -> None:
    extension = mimetypes.guess_extension(mimetypes.guess_type(filename)[0] or "") or ""
    job.file.save(f"{job.code}{extension}", ContentFile(content), save=False)
    job.filename = filename
    job.status = Job.Status.DONE
    job.done = job.total or job.done
    job.finished_at = timezone.now()
    job.save(update_fields=["file", "filename", "status", "done", "finished_at"])
    notify(
        recipients=[job.owner],
        title=_("Your file is ready: %(title)s") % {"title": job.title},
        url=job.get_absolute_url(),
    )


def _fail(job: Job, reason: str) -> None:
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.FAILED, error=reason, finished_at=timezone.now()
    )
    job.refresh_from_db()
    notify(
        recipients=[job.owner],
        title=_("Could not finish: %(title)s") % {"title": job.title},
        url=job.get_absolute_url(),
        body=reason,
    )


def fail_if_stalled(job: Job) -> Job:
    """Mark the job failed if its worker went silent (killed mid-way, the machine restarted):
    what it wrote was rolled back with it, and its owner may start it again."""
    last_sign = job.beat_at or job.started_at or job.created_at
    if job.status == Job.Status.RUNNING and last_sign < timezone.now() - SILENT_FOR:
        _fail(job, _("The worker running this job stopped before it finished. Start it again."))
    return job


def retry(job: Job) -> Job:
    """Start a failed job again, as a new job with the same work."""
    return start(owner=job.owner, kind=job.kind, params=job.params)
