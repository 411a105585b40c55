"""Registrations (đăng ký thi đua): the title each person and collective aims for in a year."""

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
from organizations.models import FIRST_RECORD_YEAR, LAST_RECORD_YEAR
from organizations.workflow import StateOf, StatusShown

# Registrations (đăng ký thi đua): at the start of the year each person and each collective
# registers the title it aims for; the unit head submits the unit's list; the emulation office
# approves it or returns it with a comment.


class RegistrationListQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Return the lists of the units inside the user's scope."""
        from organizations.scope import scope_filter

        return self.filter(scope_filter(user, "unit__path"))


class RegistrationList(StatusShown, models.Model):
    """A unit's registration list for a year (danh sách đăng ký thi đua), optionally for a
    campaign: draft → submitted → approved | returned (and returned → submitted again)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        APPROVED = "approved", _("Approved")
        RETURNED = "returned", _("Returned")

        @property
        def badge(self):
            return {
                "draft": "secondary",
                "submitted": "primary",
                "approved": "success",
                "returned": "warning",
            }[self.value]

        # Entries are added and removed, and the list submitted, while it is a draft or returned.
        editable = nonmember(("draft", "returned"))

        @property
        def is_editable(self):
            return self in self.editable

    unit = models.ForeignKey(
        "organizations.Unit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="registration_lists",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    campaign = models.ForeignKey(
        "campaigns.Campaign",
        verbose_name=_("campaign"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="registration_lists",
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

    objects = RegistrationListQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("registration list")
        verbose_name_plural = _("registration lists")
        ordering = ["-year", "unit__path"]
        constraints = [
            # A null campaign never equals another null, so each case has its own constraint.
            models.UniqueConstraint(
                fields=["unit", "year", "campaign"],
                condition=Q(campaign__isnull=False),
                name="registration_list_once_per_campaign",
            ),
            models.UniqueConstraint(
                fields=["unit", "year"],
                condition=Q(campaign__isnull=True),
                name="registration_list_once_per_year",
            ),
            models.CheckConstraint(
                condition=Q(year__gte=FIRST_RECORD_YEAR, year__lte=LAST_RECORD_YEAR),
                name="registration_list_year_plausible",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "submitted", "approved", "returned"]),
                name="registration_list_status_valid",
            ),
        ]
        indexes = [
            # Serves the officer's queue: the submitted lists, oldest first.
            models.Index(fields=["status", "submitted_at"], name="registration_list_queue_idx"),
        ]

    def __str__(self):
        if self.campaign_id:
            return f"{self.unit} – {self.year} – {self.campaign}"
        return f"{self.unit} – {self.year}"

    def get_absolute_url(self):
        url = reverse("awards:registration_unit", args=[self.unit.code])
        campaign = self.campaign.code if self.campaign_id else "none"
        return f"{url}?{urlencode({'year': self.year, 'campaign': campaign})}"

    state = StateOf("status", Status)

    @property
    def is_editable(self):
        return self.Status(self.status).is_editable


class RegistrationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Return the registrations on lists of units inside the user's scope."""
        from organizations.scope import scope_filter

        return self.filter(scope_filter(user, "registration_list__unit__path"))


class Registration(models.Model):
    """The emulation title a person or a collective registers for a year (đăng ký danh hiệu)."""

    registration_list = models.ForeignKey(
        RegistrationList,
        verbose_name=_("registration list"),
        on_delete=models.CASCADE,
        related_name="entries",
    )
    # Copied from the list, so the database can hold "once per year" for a person and a unit.
    year = models.PositiveSmallIntegerField(_("year"))
    award = models.ForeignKey(
        Award,
        verbose_name=_("title"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": Award.Kind.TITLE},
    )
    person = models.ForeignKey(
        "organizations.Person",
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="registrations",
    )
    unit = models.ForeignKey(
        "organizations.Unit",
        verbose_name=_("collective"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="registrations",
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("registered"), default=timezone.now, editable=False)
    note = models.CharField(_("note"), max_length=500, blank=True)

    objects = RegistrationQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["registration_list", "award__rank", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False, unit__isnull=True)
                | Q(person__isnull=True, unit__isnull=False),
                name="registration_one_registrant",
            ),
            models.UniqueConstraint(
                fields=["person", "award", "year"],
                condition=Q(person__isnull=False),
                name="registration_person_title_once_per_year",
            ),
            models.UniqueConstraint(
                fields=["unit", "award", "year"],
                condition=Q(unit__isnull=False),
                name="registration_unit_title_once_per_year",
            ),
        ]

    def __str__(self):
        return f"{self.registrant} – {self.award.name_vi} {self.year}"

    @property
    def registrant(self):
        return self.person if self.person_id else self.unit

    @property
    def registrant_name(self):
        return self.person.full_name if self.person_id else self.unit.name

    def clean(self):
        super().clean()
        if (self.person_id is None) == (self.unit_id is None):
            raise ValidationError(_("A registration is for one person or for one collective."))
        if self.registration_list_id and self.year != self.registration_list.year:
            raise ValidationError({"year": _("The year must be the year of the list.")})
        if self.award_id:
            problem = self.award_problem(self.award, for_person=bool(self.person_id))
            if problem:
                raise ValidationError({"award": problem})
        self._check_once_per_year()

    @staticmethod
    def award_problem(award, *, for_person: bool) -> str:
        """Return why an award cannot be registered for this kind of registrant, or ""."""
        if award.kind != Award.Kind.TITLE:
            return _(
                "%(award)s is a form of commendation, not an emulation title: "
                "only titles are registered."
            ) % {"award": award.name}
        wants = Award.Subject.PERSON if for_person else Award.Subject.COLLECTIVE
        if award.subject == wants:
            return ""
        if for_person:
            return _("%(award)s is a title for a collective, not for a person.") % {
                "award": award.name
            }
        return _("%(award)s is a title for a person, not for a collective.") % {"award": award.name}

    def already_registered_error(self) -> ValidationError:
        return ValidationError(
            {
                "award": _("%(name)s already registered for %(award)s in %(year)s.")
                % {"name": self.registrant_name, "award": self.award.name, "year": self.year}
            }
        )

    def _check_once_per_year(self):
        if not (self.award_id and self.year):
            return
        same = Registration.objects.filter(award=self.award, year=self.year).exclude(pk=self.pk)
        if self.person_id:
            same = same.filter(person=self.person_id)
        elif self.unit_id:
            same = same.filter(unit=self.unit_id)
        else:
            return
        if same.exists():
            raise self.already_registered_error()
