"""Tell people about what concerns them: an in-app notice and, where they have one, an e-mail."""

import logging

from django.conf import settings
from django.core.mail import BadHeaderError, send_mass_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from organizations.models import Notification

logger = logging.getLogger(__name__)


def one_line(text: str, limit: int = 300) -> str:
    """Return user text as one line (an e-mail subject, a notice's title): line breaks and runs
    of spaces become one space, so user text never becomes a header of its own."""
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def notify(*, recipients, title: str, url: str = "", body: str = "") -> list[Notification]:
    """Create a notice for each distinct active user, and e-mail them once the write commits.

    Titles are often built from user text (a commitment, a name): they are kept to one line.
    """
    title = one_line(title)
    users = {user.pk: user for user in recipients if user is not None and user.is_active}
    notices = Notification.objects.bulk_create(
        [Notification(recipient=user, title=title, url=url, body=body) for user in users.values()]
    )
    emails = [user.email for user in users.values() if user.email]
    if emails:
        message = f"{body}\n\n{_mailed_link(url)}".strip()

        def send():
            try:
                send_mass_mail(
                    [(title, message, settings.DEFAULT_FROM_EMAIL, [email]) for email in emails]
                )
            except (OSError, BadHeaderError):
                # The notice is in the portal already; a mail server outage must not undo it.
                logger.exception("Could not e-mail notification %r", title)

        transaction.on_commit(send)
    return notices


def _mailed_link(url: str) -> str:
    """The notice's link as a mail client can open it: the portal's address (PORTAL_URL) and the
    path. Without PORTAL_URL (`manage.py check --deploy` warns) a path alone opens nothing, so
    the e-mail says where in the portal to look instead."""
    if url.startswith(("https://", "http://")):
        return url
    if url.startswith("/") and settings.PORTAL_URL:
        return f"{settings.PORTAL_URL}{url}"
    return str(_("Open the portal and see your notifications."))


def notification_mark_read(*, notification: Notification) -> None:
    """Mark a notice read; opening it twice keeps the first reading time."""
    Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def notifications_mark_all_read(*, user) -> int:
    """Mark all of a user's notices read and return how many were unread."""
    return Notification.objects.filter(recipient=user).unread().update(read_at=timezone.now())


def notifications_done(*, user, url: str) -> int:
    """Mark read a user's unread notices that lead to `url` once what they asked is done (a
    covenant signed): the bell no longer asks for it. Return how many."""
    return (
        Notification.objects.filter(recipient=user, url=url).unread().update(read_at=timezone.now())
    )
