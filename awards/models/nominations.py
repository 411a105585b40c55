"""Nominations (hồ sơ đề nghị khen thưởng): a unit proposes its people and itself for a title or a
form of commendation, with the achievement report and its proofs; the emulation officer reviews
each dossier; the accepted ones go before the council."""

import uuid
from enum import nonmember

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from awards.models.catalogue import Award
from awards.models.history import Initiative
from awards.models.registrations import Registration
from campaigns.uploads import random_upload_name
from organizations.models import FIRST_RECORD_YEAR, LAST_RECORD_YEAR
from organizations.workflow import StateOf, StatusShown


def signed_report_path(instance, filename):
    return random_upload_name("nominations", filename)


def attachment_path(instance, filename):
    return random_upload_name("nominations", filename)


class NominationListQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Return the lists of the units inside the user's scope."""
        from organizations.scope import scope_filter

        return self.filter(scope_filter(user, "unit__path"))


class NominationList(StatusShown, models.Model):
    """A unit's nominations for a round (danh sách đề nghị khen thưởng): one per unit, year and
    campaign; drafted from the year's registrations, then sent to the emulation office."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Sent to the emulation office")

        @property
        def badge(self):
            return {"draft": "secondary", "submitted": "primary"}[self.value]

    unit = models.ForeignKey(
        "organizations.Unit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="nomination_lists",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    campaign = models.ForeignKey(
        "campaigns.Campaign",
        verbose_name=_("campaign"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="nomination_lists",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)

    objects = NominationListQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("nomination list")
        verbose_name_plural = _("nomination lists")
        ordering = ["-year", "unit__path"]
        constraints = [
            # A null campaign never equals another null, so each case has its own constraint.
            models.UniqueConstraint(
                fields=["unit", "year", "campaign"],
                condition=Q(campaign__isnull=False),
                name="nomination_list_once_per_campaign",
            ),
            models.UniqueConstraint(
                fields=["unit", "year"],
                condition=Q(campaign__isnull=True),
                name="nomination_list_once_per_year",
            ),
            models.CheckConstraint(
                condition=Q(year__gte=FIRST_RECORD_YEAR, year__lte=LAST_RECORD_YEAR),
                name="nomination_list_year_plausible",
            ),
        ]

    state = StateOf("status", Status)

    def __str__(self):
        if self.campaign_id:
            return f"{self.unit} – {self.year} – {self.campaign}"
        return f"{self.unit} – {self.year}"

    def get_absolute_url(self):
        url = reverse("awards:nomination_unit", args=[self.unit.code])
        campaign = self.campaign.code if self.campaign_id else "none"
        return f"{url}?{urlencode({'year': self.year, 'campaign': campaign})}"


class NominationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Return the dossiers the user may read: a dossier shows a person's ratings,
        discipline and leave, so only the person, the heads of the units above it, the
        emulation officer and the leadership read it (each within their scope)."""
        from organizations import roles
        from organizations.scope import scope_filter, scope_for

        if scope_for(user).everything:
            return self.all()
        if roles.role_names(user) & {roles.OFFICER, roles.LEADERSHIP, roles.UNIT_HEAD}:
            return self.filter(scope_filter(user, "nomination_list__unit__path"))
        if not user.is_authenticated:
            return self.none()
        return self.filter(person__user=user)


class Nomination(StatusShown, models.Model):
    """One dossier (hồ sơ đề nghị khen thưởng): a person or a collective proposed for a title or
    a form of commendation for a year, with the achievement report, its proofs and the verdict
    of the eligibility engine as it stood at each submission."""

    # What a list of dossiers never shows, read on a dossier's own page: a list defers them.
    LONG_FIELDS = ("achievement_report", "justification", "verdict_snapshot", "review_comment")

    class Kind(models.TextChoices):
        # Luật Thi đua, khen thưởng 06/2022/QH15 Điều 8: the kinds of commendation.
        YEARLY = "yearly", _("Yearly achievement (công trạng)")
        CAMPAIGN = "campaign", _("Campaign or thematic (theo phong trào, chuyên đề)")
        ONE_OFF = "one_off", _("One-off achievement (đột xuất)")
        CONTRIBUTION = "contribution", _("Lifetime contribution (quá trình cống hiến)")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Returned for changes")
        ACCEPTED = "accepted", _("Accepted by the emulation office")
        IN_COUNCIL = "in_council", _("Before the council")
        PASSED = "passed", _("Passed by the council")
        NOT_PASSED = "not_passed", _("Not passed by the council")
        # After the council: decided by the head of the agency, or sent up to the province,
        # which decides it or not.
        DECIDED = "decided", _("Awarded")
        SENT_UP = "sent_up", _("Sent to the province")
        DECLINED = "declined", _("Not awarded by the higher authority")

        # The unit edits a dossier while it is a draft or returned to it.
        editable = nonmember(("draft", "returned"))

        @property
        def badge(self):
            return {
                "draft": "secondary",
                "submitted": "primary",
                "returned": "warning",
                "accepted": "info",
                "in_council": "dark",
                "passed": "success",
                "not_passed": "danger",
                "decided": "success",
                "sent_up": "primary",
                "declined": "danger",
            }[self.value]

    class Verdict(models.TextChoices):
        PASS = "pass", _("Meets the criteria")
        FAIL = "fail", _("Does not meet the criteria")
        UNKNOWN = "unknown", _("Data missing")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    nomination_list = models.ForeignKey(
        NominationList,
        verbose_name=_("nomination list"),
        on_delete=models.PROTECT,
        related_name="nominations",
    )
    # Copied from the list, so the database can hold "once per nominee, award and year".
    year = models.PositiveSmallIntegerField(_("year"))
    award = models.ForeignKey(
        Award, verbose_name=_("award"), on_delete=models.PROTECT, related_name="+"
    )
    person = models.ForeignKey(
        "organizations.Person",
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="nominations",
    )
    unit = models.ForeignKey(
        "organizations.Unit",
        verbose_name=_("collective"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="nominations",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.YEARLY)
    campaign = models.ForeignKey(
        "campaigns.Campaign",
        verbose_name=_("campaign"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="nominations",
        help_text=_("For a campaign or thematic commendation: the campaign it rewards."),
    )
    registration = models.ForeignKey(
        Registration,
        verbose_name=_("registration"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="nominations",
    )
    initiatives = models.ManyToManyField(
        Initiative, verbose_name=_("initiatives"), blank=True, related_name="nominations"
    )
    achievement_report = models.TextField(_("achievement report"), blank=True)
    signed_report = models.FileField(
        _("signed achievement report"), upload_to=signed_report_path, blank=True
    )
    signed_report_name = models.CharField(_("file name"), max_length=255, blank=True)
    justification = models.TextField(
        _("justification"),
        blank=True,
        help_text=_("Why the nomination goes ahead although the verdict does not pass."),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    # The engine's verdict as it stood at the last submission: status, checks, rule set, time.
    verdict = models.CharField(
        _("verdict"), max_length=8, choices=Verdict.choices, blank=True, db_index=True
    )
    verdict_snapshot = models.JSONField(_("verdict at submission"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    review_comment = models.TextField(_("review comment"), blank=True)

    objects = NominationQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        ordering = ["nomination_list", "award__kind", "award__rank", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False, unit__isnull=True)
                | Q(person__isnull=True, unit__isnull=False),
                name="nomination_one_nominee",
            ),
            models.UniqueConstraint(
                fields=["person", "award", "year"],
                condition=Q(person__isnull=False),
                name="nomination_person_award_once_per_year",
            ),
            models.UniqueConstraint(
                fields=["unit", "award", "year"],
                condition=Q(unit__isnull=False),
                name="nomination_unit_award_once_per_year",
            ),
            models.CheckConstraint(
                condition=~Q(kind="campaign") | Q(campaign__isnull=False),
                name="nomination_campaign_kind_names_it",
            ),
        ]
        indexes = [
            # Serves the officer's queue: a stage's dossiers, oldest submission first.
            models.Index(fields=["status", "submitted_at"], name="nomination_queue_idx"),
            # Serves the desk's default order over every stage: a page read in index order
            # (docs/performance.md, "Results: nominations and the council").
            models.Index(fields=["submitted_at", "id"], name="nomination_desk_order_idx"),
        ]

    state = StateOf("status", Status)

    def __str__(self):
        return f"{self.nominee_name} – {self.award.name} {self.year}"

    def get_absolute_url(self):
        return reverse("awards:nomination_detail", args=[self.code])

    @property
    def nominee(self):
        return self.person if self.person_id else self.unit

    @property
    def nominee_name(self):
        return self.person.full_name if self.person_id else self.unit.name

    @property
    def is_overridden(self):
        """True when the dossier goes ahead although its verdict does not pass."""
        return bool(self.verdict) and self.verdict != self.Verdict.PASS

    def clean(self):
        super().clean()
        if (self.person_id is None) == (self.unit_id is None):
            raise ValidationError(_("A nomination is for one person or for one collective."))
        if self.nomination_list_id and self.year != self.nomination_list.year:
            raise ValidationError({"year": _("The year must be the year of the list.")})
        if self.award_id:
            wants = Award.Subject.PERSON if self.person_id else Award.Subject.COLLECTIVE
            if self.award.subject != wants:
                raise ValidationError(
                    {
                        "award": _("%(award)s is awarded to a %(subject)s, not to this nominee.")
                        % {
                            "award": self.award.name,
                            "subject": self.award.get_subject_display().lower(),
                        }
                    }
                )
        if self.kind == self.Kind.CAMPAIGN and not self.campaign_id:
            raise ValidationError(
                {"campaign": _("Name the campaign a campaign or thematic commendation rewards.")}
            )

    def already_nominated_error(self) -> ValidationError:
        return ValidationError(
            {
                "award": _("%(name)s is already nominated for %(award)s in %(year)s.")
                % {"name": self.nominee_name, "award": self.award.name, "year": self.year}
            }
        )


class NominationAttachmentQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Return the files of the dossiers the user may read."""
        return self.filter(nomination__in=Nomination.objects.visible_to(user))


class NominationAttachment(models.Model):
    """A proof attached to a dossier: an initiative's recognition, a decision, a photo."""

    class Kind(models.TextChoices):
        PROOF = "proof", _("Proof of achievement")
        INITIATIVE = "initiative", _("Recognition of an initiative or a research topic")
        RATING = "rating", _("Rating decision")
        OTHER = "other", _("Other")

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.PROOF)
    file = models.FileField(_("file"), upload_to=attachment_path)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    objects = NominationAttachmentQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["nomination", "uploaded_at", "pk"]

    def __str__(self):
        return self.original_name
