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

A job may work on a file its owner uploaded (`start(source=...)`: an import's workbook, kept in
`job.source`) and may end with no file to download but a finding for its page: it returns None
and leaves what it found in `job.result`, which its kind's `page` template shows.
"""

import datetime
import logging
import mimetypes
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import PurePath

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile, File
from django.db import DatabaseError, connection, connections
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
    # The template that shows `job.result` on the job's page once it is finished, if any.
    page: str | None = None


KINDS: dict[str, Kind] = {}


def job_kind(name: str, *, title, page: str | None = None):
    """Register what a kind of job does: `run(job, progress) -> (filename, content)`, or None
    for a job that leaves what it found in `job.result`, shown on its page by `page`."""

    def register(function):
        KINDS[name] = Kind(function, title, page)
        return function

    return register


def query_of(job: Job) -> QueryDict:
    """Return the list filters an export job was started with, as the list read them."""
    return QueryDict(job.params.get("query", ""))


def get_for_owner(job: Job, queryset, *, gone, permission=None, denied=None, **lookup):
    """Return the object a job works on as its owner may read it now: organizations.access's
    `get_for_user` for a worker, which has no request. The rights may have changed since the
    job was started: outside the owner's scope, PermissionDenied with `gone` (the object is
    not named); without the `rules` permission on it, with `denied`. The job fails with it."""
    if isinstance(queryset, type):
        queryset = queryset._default_manager.all()
    obj = queryset.visible_to(job.owner).filter(**lookup).first()
    if obj is None:
        raise PermissionDenied(gone)
    if permission is not None and not job.owner.has_perm(permission, obj):
        raise PermissionDenied(denied or _("You do not have the right to do this."))
    return obj


class QueueUnavailable(Exception):
    """The job could not be handed to a worker (the queue's server is down)."""


def start(
    *, owner, kind: str, params: dict | None = None, source: File | None = None, title=None
) -> Job:
    """Record a job for its owner and hand it to a worker; return at once.

    `source` is the file the job works on (an upload, or another job's `source`): a copy is
    stored for this job, through the default storage. `title` replaces the kind's (an import
    that only checks its file says so). Call it outside a transaction (a view is): the worker,
    another process, must find the job's row committed. Raises QueueUnavailable, with the job
    marked failed, if the queue is down.
    """
    job = Job(owner=owner, kind=kind, title=str(title or KINDS[kind].title), params=params or {})
    if source is not None:
        # Named by the job, not by the uploader: the name is the only part of a path users send.
        suffix = PurePath(source.name or "").suffix.lower()
        suffix = suffix if suffix[1:].isalnum() and len(suffix) <= 6 else ""
        with source.open("rb") as content:
            job.source.save(f"{job.code}{suffix}", File(content), save=False)
    job.save()
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
        self._aside = False

    def set_total(self, total: int) -> None:
        self.job.total = total
        if not self._aside:
            Job.objects.filter(pk=self.job.pk).update(total=total, beat_at=timezone.now())

    def advance(self, count: int = 1) -> None:
        self.done += count
        now = timezone.now()
        if not self._aside and now - self._written_at >= REPORT_EVERY:
            Job.objects.filter(pk=self.job.pk).update(done=self.done, beat_at=now)
            self._written_at = now

    @contextmanager
    def aside(self):
        """Report from a connection of its own while the job works in one long transaction.

        The job's own writes of its progress would stay unseen until that transaction ends, and
        would lock the job's row meanwhile; a thread with its own connection writes the count
        and the sign of life every REPORT_EVERY instead (while the job waits for a lock too), so
        the page moves and the job is not judged stalled. SQLite lets one connection write at a
        time: there the counts wait for the end of the job.
        """
        self._aside = True
        stop = threading.Event()
        reporter = threading.Thread(target=self._report_until, args=(stop,), daemon=True)
        if connection.vendor == "postgresql":
            reporter.start()
        try:
            yield self
        finally:
            stop.set()
            if reporter.is_alive():
                reporter.join()
            self._aside = False

    def _report_until(self, stop: threading.Event) -> None:
        try:
            while not stop.wait(max(REPORT_EVERY.total_seconds(), 0.1)):
                try:
                    Job.objects.filter(pk=self.job.pk).update(
                        done=self.done, total=self.job.total, beat_at=timezone.now()
                    )
                except DatabaseError:
                    logger.warning("Could not report the progress of job %s", self.job.code)
        finally:
            connections.close_all()  # this thread's connections only

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
            output = KINDS[job.kind].run(job, Progress(job))
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
            _succeed(job, output)


def _succeed(job: Job, output: tuple[str, bytes] | None) -> None:
    fields = ["status", "done", "total", "finished_at", "result"]
    if output is not None:
        filename, content = output
        extension = mimetypes.guess_extension(mimetypes.guess_type(filename)[0] or "") or ""
        job.file.save(f"{job.code}{extension}", ContentFile(content), save=False)
        job.filename = filename
        fields += ["file", "filename"]
    job.status = Job.Status.DONE
    job.done = job.total or job.done
    job.finished_at = timezone.now()
    job.save(update_fields=fields)
    if output is not None:
        title, body = _("Your file is ready: %(title)s") % {"title": job.title}, ""
    else:
        title, body = _("Finished: %(title)s") % {"title": job.title}, job.result.get("summary")
    notify(recipients=[job.owner], title=title, url=job.get_absolute_url(), body=body or "")


def _fail(job: Job, reason: str) -> None:
    # What the job found before it stopped (an import's problems) is kept for its page.
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.FAILED, error=reason, finished_at=timezone.now(), result=job.result
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
    """Start a failed job again, as a new job with the same work (and a copy of its file)."""
    return start(
        owner=job.owner,
        kind=job.kind,
        params=job.params,
        source=job.source or None,
        title=job.title,
    )
