"""`manage.py notify_deadlines`: announce commitments, deadlines and reviews that fall due soon.

By default the work is handed to the job workers (campaigns.tasks) and the command returns at
once; `--now` does it in this process."""

import argparse
import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django_tasks.base import TaskResultStatus

from campaigns import services, tasks


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"'{value}' is not a date; write it as YYYY-MM-DD, e.g. 2020-12-10."
        ) from None


class Command(BaseCommand):
    help = (
        "Notify each party's representative of its commitments due within --days, and everyone in "
        "the agency of deadlines and reviews within --days. Run it daily (cron, systemd timer): a "
        "deadline already announced is never announced again. The job workers do the work "
        "unless --now."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=services.DEADLINE_NOTICE_DAYS,
            help="How many days ahead to look (default: %(default)s).",
        )
        parser.add_argument(
            "--today",
            type=_date,
            default=None,
            help="The day to run for, YYYY-MM-DD (default: today in the portal's time zone).",
        )
        parser.add_argument(
            "--now",
            action="store_true",
            help="Do the work in this process instead of handing it to the job workers.",
        )

    def handle(self, *args, days, today, now, **options):
        if days < 0:
            raise CommandError("--days cannot be negative.")
        today = today or timezone.localdate()
        until = today + datetime.timedelta(days=days)
        if now:
            result = services.deadlines_notify(today=today, days=days)
        else:
            queued = tasks.notify_deadlines.enqueue(today.isoformat(), days)
            if not queued.is_finished:
                self.stdout.write(
                    self.style.SUCCESS(
                        f"Deadlines from {today:%d/%m/%Y} to {until:%d/%m/%Y}: handed to the job "
                        f"workers (task {queued.id})."
                    )
                )
                return
            if queued.status != TaskResultStatus.SUCCESSFUL:
                raise CommandError(f"The announcement failed: {queued.errors[-1].traceback}")
            result = queued.return_value
        self.stdout.write(
            self.style.SUCCESS(
                f"Deadlines from {today:%d/%m/%Y} to {until:%d/%m/%Y}: "
                f"{result['commitments']} commitment(s) and {result['milestones']} milestone(s) "
                f"announced in {result['notifications']} notification(s)."
            )
        )
