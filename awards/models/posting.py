"""Public posting (công khai danh sách): the list the council passed, open to anyone without
signing in for a number of working days before the decision, with the comments the public leaves
and the emulation officer's answers."""

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from awards.models.nominations import Nomination
from organizations.workflow import StateOf, StatusShown


class PublicHoliday(models.Model):
    """A public holiday (ngày nghỉ lễ, Tết): not a working day of a posting's window. Kept as data
    the officer edits each year, since Tết and the Hùng Kings' day follow the lunar calendar."""

    day = models.DateField(_("day"), unique=True)
    name = models.CharField(_("name"), max_length=200)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("public holiday")
        verbose_name_plural = _("public holidays")
        ordering = ["day"]

    def __str__(self):
        return f"{self.day:%d/%m/%Y} {self.name}"


def working_days_after(start: datetime.date, count: int, holidays=None) -> datetime.date:
    """Return the last of `count` working days counted from the day after `start`: Saturdays,
    Sundays and the public holidays are skipped."""
    if holidays is None:
        last = start + datetime.timedelta(days=count * 2 + 30)
        holidays = set(
            PublicHoliday.objects.filter(day__gt=start, day__lte=last).values_list("day", flat=True)
        )
    day, counted = start, 0
    while counted < count:
        day += datetime.timedelta(days=1)
        if day.weekday() < 5 and day not in holidays:
            counted += 1
    return day


class PostingQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Return the postings of the agencies in the user's scope (the pages that keep them)."""
        from organizations.scope import scope_filter, scope_for

        if not user.is_authenticated:
            return self.none()
        if scope_for(user).everything:
            return self.all()
        return self.filter(scope_filter(user, "agency__path"))

    def public(self):
        """Return the postings anyone may read: those published, open or closed."""
        return self.exclude(status=Posting.Status.DRAFT)


class Posting(StatusShown, models.Model):
    """The public posting of a year's passed list."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Being prepared")
        PUBLISHED = "published", _("Published")

        @property
        def badge(self):
            return {"draft": "secondary", "published": "success"}[self.value]

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    agency = models.ForeignKey(
        "organizations.Unit",
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        related_name="postings",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=300)
    working_days = models.PositiveSmallIntegerField(
        _("working days"),
        default=5,
        help_text=_("How many working days the list stays open to comments."),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    closes_on = models.DateField(_("open until"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    objects = PostingQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("public posting")
        verbose_name_plural = _("public postings")
        ordering = ["-year", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(working_days__gte=1, working_days__lte=60),
                name="posting_working_days_plausible",
            ),
        ]

    state = StateOf("status", Status)

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("awards:posting_detail", args=[self.code])

    def get_public_url(self):
        return reverse("awards:posting_public", args=[self.code])

    def window_open(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.state.published and self.closes_on is not None and today <= self.closes_on

    def window_over(self, today: datetime.date | None = None) -> bool:
        """True once the posting was published and its last working day has passed: the
        decision may be issued."""
        today = today or timezone.localdate()
        return self.state.published and self.closes_on is not None and today > self.closes_on


class PostingEntryQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(posting__in=Posting.objects.visible_to(user))


class PostingEntry(models.Model):
    """One line of the posted list: the nominee, the award and a one-line summary."""

    posting = models.ForeignKey(Posting, on_delete=models.CASCADE, related_name="entries")
    nomination = models.OneToOneField(
        Nomination, on_delete=models.PROTECT, related_name="posting_entry"
    )
    summary = models.CharField(_("achievement in one line"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    objects = PostingEntryQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("posted entry")
        verbose_name_plural = _("posted entries")
        ordering = ["posting", "position", "pk"]

    def __str__(self):
        return str(self.nomination)


class PostingCommentQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Return the comments of the postings the user keeps."""
        return self.filter(posting__in=Posting.objects.visible_to(user))


class PostingComment(models.Model):
    """A comment the public left on a posting, and the officer's answer."""

    class Status(models.TextChoices):
        NEW = "new", _("Awaiting an answer")
        ANSWERED = "answered", _("Answered")
        RESOLVED = "resolved", _("Resolved without an answer")

    posting = models.ForeignKey(Posting, on_delete=models.CASCADE, related_name="comments")
    entry = models.ForeignKey(
        PostingEntry,
        verbose_name=_("about"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="comments",
    )
    author = models.CharField(_("your name"), max_length=120)
    text = models.TextField(_("comment"), max_length=2000)
    # A keyed hash of the sender's address: enough to limit a flood, never the address itself.
    sender = models.CharField(max_length=64, db_index=True)
    created_at = models.DateTimeField(_("sent"), default=timezone.now, db_index=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.NEW
    )
    answer = models.TextField(_("answer"), blank=True, max_length=4000)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    objects = PostingCommentQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["posting", "created_at", "pk"]

    def __str__(self):
        return f"{self.author}: {self.text[:60]}"
