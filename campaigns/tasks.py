"""The campaigns' background work for Django's tasks framework (organizations.jobs' queue): the
daily announcement of what falls due, run by a job worker rather than by cron's own process, so
that an agency-wide notice to hundreds of thousands of people has the worker's time limit
(DB_JOB_STATEMENT_TIMEOUT), not a web request's."""

import datetime

from django_tasks import task

from campaigns import services


@task()
def notify_deadlines(today: str, days: int) -> dict[str, int]:
    """Announce what falls due within `days` of `today` (an ISO date), each deadline once."""
    return services.deadlines_notify(today=datetime.date.fromisoformat(today), days=days)
