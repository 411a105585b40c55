"""The catalogue of titles and forms of commendation, and the rule sets that judge them."""

import datetime
from contextlib import contextmanager
from enum import nonmember

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from organizations.models import FIRST_RECORD_YEAR, LAST_RECORD_YEAR
from organizations.workflow import StateOf


class AwardQuerySet(models.QuerySet):
    def titles(self):
        return self.filter(kind=Award.Kind.TITLE)

    def forms(self):
        return self.filter(kind=Award.Kind.FORM)

    def for_subject(self, subject):
        return self.filter(subject=subject)


class Award(models.Model):
    """A catalogue entry: an emulation title (danh hiệu thi đua) or a form of commendation
    (hình thức khen thưởng). The two kinds are never mixed: every list shows the kind."""

    class Kind(models.TextChoices):
        TITLE = "title", _("Emulation title")
        FORM = "form", _("Form of commendation")

    class Subject(models.TextChoices):
        PERSON = "person", _("Person")
        COLLECTIVE = "collective", _("Collective")

    class Authority(models.TextChoices):
        AGENCY_HEAD = "agency_head", _("Head of the department")
        PROVINCIAL_CHAIRMAN = (
            "provincial_chairman",
            _("Chairman of the provincial People's Committee"),
        )
        PRIME_MINISTER = "prime_minister", _("Prime Minister")
        PRESIDENT = "president", _("President")

    code = models.CharField(_("code"), max_length=32, unique=True)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    subject = models.CharField(_("awarded to"), max_length=12, choices=Subject.choices)
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    authority = models.CharField(_("decided by"), max_length=24, choices=Authority.choices)
    legal_basis = models.CharField(_("legal basis"), max_length=300)
    rank = models.PositiveSmallIntegerField(
        _("rank"), default=0, help_text=_("Higher ranks come later in lists.")
    )
    is_active = models.BooleanField(_("in use"), default=True)

    objects = AwardQuerySet.as_manager()

    class Meta:
        verbose_name = _("award")
        verbose_name_plural = _("catalogue of awards")
        ordering = ["kind", "subject", "rank", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["title", "form"]), name="award_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(subject__in=["person", "collective"]), name="award_subject_valid"
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.get_kind_display()})"

    @property
    def name(self):
        return self.name_en if (get_language() or "vi").startswith("en") else self.name_vi

    @property
    def is_title(self):
        return self.kind == self.Kind.TITLE


class RuleSetQuerySet(models.QuerySet):
    def for_year(self, year: int):
        """Return the rule set that judges achievements of a year, or None.

        Year-end reviews happen in December, so a year is judged by the rules in force on
        31 December of that year (2025 falls under Nghị định 152/2025, in force from 1/7/2025).
        """
        day = datetime.date(year, 12, 31)
        return (
            self.filter(effective_from__lte=day)
            .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=day))
            .order_by("-effective_from")
            .first()
        )


class RuleSet(models.Model):
    """The legal rules in force for a period: the law, its decree, and their thresholds."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=300)
    documents = models.TextField(_("legal documents"))
    effective_from = models.DateField(_("in force from"))
    effective_to = models.DateField(_("in force until"), null=True, blank=True)

    objects = RuleSetQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("rule set")
        verbose_name_plural = _("rule sets")
        ordering = ["effective_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True) | Q(effective_to__gte=F("effective_from")),
                name="rule_set_period_valid",
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.effective_to and self.effective_from and self.effective_to < self.effective_from:
            raise ValidationError({"effective_to": _("The end is before the start.")})

    def rule(self, key: str, *, record: bool = True):
        """Return the rule for a key (value, citation, status); raise KeyError when absent.

        `record=False` reads a rule for something else than its threshold (the name of the law
        in a citation), so a verdict does not list it among the rules it used.
        """
        # Iterate rather than filter so a prefetch_related("rules") is reused.
        for rule in self.rules.all():
            if rule.key == key:
                read = getattr(self, "_rules_read", None)
                if record and read is not None:
                    read.setdefault(key, rule)
                return rule
        raise KeyError(key)

    @contextmanager
    def recording(self):
        """Collect {key: rule} of the rules read through rule() or value() inside the block.

        A verdict names the rules it used this way, so its page can show each one's history.
        """
        outer = getattr(self, "_rules_read", None)
        self._rules_read = read = {}
        try:
            yield read
        finally:
            self._rules_read = outer
            if outer is not None:
                for key, rule in read.items():
                    outer.setdefault(key, rule)

    def value(self, key: str):
        """Return the threshold for a key; raise KeyError when this rule set does not have it."""
        return self.rule(key).value


class Rule(models.Model):
    """One threshold of a rule set (a percentage, a number of years, a quota, a vote share), with
    the document and article it comes from. A value not confirmed in a primary text is marked."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed in the primary text")
        TO_CONFIRM = "to_confirm", _("To confirm")

    rule_set = models.ForeignKey(RuleSet, on_delete=models.CASCADE, related_name="rules")
    key = models.CharField(_("key"), max_length=64)
    value = models.DecimalField(_("value"), max_digits=10, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=32, blank=True)
    description_vi = models.CharField(_("description (Vietnamese)"), max_length=500)
    description_en = models.CharField(_("description (English)"), max_length=500)
    document = models.CharField(_("document"), max_length=200)
    article = models.CharField(_("article"), max_length=100)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.TO_CONFIRM
    )
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("rule")
        verbose_name_plural = _("rules")
        ordering = ["rule_set", "key"]
        constraints = [
            models.UniqueConstraint(fields=["rule_set", "key"], name="rule_key_once_per_set"),
        ]

    def __str__(self):
        return f"{self.key} = {self.value} {self.unit}".strip()

    @property
    def citation(self):
        return f"{self.article}, {self.document}"

    @property
    def value_text(self) -> str:
        """Return the threshold as a reader says it, in the reader's language: "10 tháng",
        "Có", "Hoàn thành tốt nhiệm vụ", "Khiển trách" rather than "10 months", "1 yes/no"."""
        from django.utils.formats import number_format
        from django.utils.translation import gettext, ngettext

        from organizations.models import AnnualRating, DisciplineRecord

        whole = int(self.value) if self.value == self.value.to_integral_value() else None
        unit = self.unit.split(" ")[0] if self.unit else ""
        if unit == "yes/no":
            return gettext("Yes") if self.value else gettext("No")
        if self.unit.startswith("level (") and whole is not None:
            # A rating level by its rank: 0 not completed … 3 excellent.
            levels = list(reversed(AnnualRating.Level))
            if 0 <= whole < len(levels):
                return str(levels[whole].label)
        if unit == "level" and whole is not None:
            # The heaviest discipline allowed: 1 is a reprimand, 2 a warning…
            forms = list(DisciplineRecord.Form)
            if 1 <= whole <= len(forms):
                return str(forms[whole - 1].label)
        number = number_format(self.value, decimal_pos=0 if whole is not None else None)
        counted = {
            "years": lambda n: ngettext("%(n)s year", "%(n)s years", n),
            "months": lambda n: ngettext("%(n)s month", "%(n)s months", n),
            "times": lambda n: ngettext("%(n)s time", "%(n)s times", n),
            "initiatives": lambda n: ngettext("%(n)s initiative", "%(n)s initiatives", n),
        }
        if unit in counted:
            return counted[unit](whole if whole is not None else 2) % {"n": number}
        if unit == "%":
            return f"{number} %"
        return f"{number} {self.unit}".strip()

    @property
    def to_confirm(self):
        return self.status == self.Status.TO_CONFIRM


class InitiativeQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Return the initiatives whose unit or one of whose authors lies in the user's scope."""
        from organizations.models import Person
        from organizations.scope import scope_filter, scope_for

        if scope_for(user).everything:
            return self.all()
        by_author = InitiativeAuthor.objects.filter(
            initiative=models.OuterRef("pk"), person__in=Person.objects.visible_to(user)
        )
        # A prefix match never matches a missing unit, so an initiative without one is visible
        # through its authors only.
        return self.filter(scope_filter(user, "unit__path") | Q(models.Exists(by_author)))


class Initiative(models.Model):
    """An initiative (sáng kiến) recognised by a competent body, with its authors' shares.

    An initiative may ground one title or one form of commendation, once (BNV 5007/BNV-TĐKT).
    """

    class Scope(models.TextChoices):
        UNIT = "unit", _("Unit (cơ sở)")
        PROVINCE = "province", _("Province")
        NATION = "nation", _("Nation")

        @property
        def level(self):
            return ["unit", "province", "nation"].index(self.value)

    title = models.CharField(_("title"), max_length=500)
    summary = models.TextField(_("summary"), blank=True)
    unit = models.ForeignKey(
        "organizations.Unit",
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recognised_by = models.CharField(_("recognised by"), max_length=300)
    decision_number = models.CharField(_("decision number"), max_length=64)
    decision_date = models.DateField(_("decision date"))
    scope = models.CharField(_("scope of effect"), max_length=10, choices=Scope.choices)
    used_for_award = models.ForeignKey(
        Award,
        verbose_name=_("used for"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    used_for_year = models.PositiveSmallIntegerField(_("used in the year"), null=True, blank=True)

    objects = InitiativeQuerySet.as_manager()

    class Meta:
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        ordering = ["-decision_date", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(used_for_award__isnull=True, used_for_year__isnull=True)
                | Q(used_for_award__isnull=False, used_for_year__isnull=False),
                name="initiative_use_complete",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_used(self):
        return self.used_for_award_id is not None


class InitiativeAuthor(models.Model):
    """An author of an initiative and the share of the work credited to them."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="authors")
    person = models.ForeignKey(
        "organizations.Person", verbose_name=_("author"), on_delete=models.PROTECT, related_name="+"
    )
    share = models.DecimalField(_("share (%)"), max_digits=5, decimal_places=2)

    class Meta:
        verbose_name = _("author")
        verbose_name_plural = _("authors")
        ordering = ["initiative", "-share"]
        constraints = [
            models.UniqueConstraint(fields=["initiative", "person"], name="author_once"),
            models.CheckConstraint(
                condition=Q(share__gt=0, share__lte=100), name="author_share_in_range"
            ),
        ]

    def __str__(self):
        return f"{self.person} ({self.share} %)"


class AwardRecordQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Return the award records of the people and the units inside the user's scope."""
        from organizations.models import Person
        from organizations.scope import scope_filter, scope_for

        if scope_for(user).everything:
            return self.all()
        return self.filter(
            Q(person__in=Person.objects.visible_to(user)) | scope_filter(user, "unit__path")
        )

    def history(self):
        """Return the records with their award loaded, newest year first.

        Callable from templates as `person.awards.history`, so a page lists the history in one
        query without its view knowing about awards.
        """
        return self.select_related("award").order_by("-year", "award__rank", "pk")


class AwardRecord(models.Model):
    """A title or form a person or a unit received (quá trình khen thưởng), with its decision.

    Records come from decisions made in the portal, or are entered or imported for the years
    before it, with their source document. A revoked award stays on record, marked revoked.
    """

    class Status(models.TextChoices):
        VALID = "valid", _("Valid")
        REVOKED = "revoked", _("Revoked")

    class Source(models.TextChoices):
        PORTAL = "portal", _("Decision made in the portal")
        ENTERED = "entered", _("Entered by hand")
        IMPORTED = "imported", _("Imported from Excel")

    award = models.ForeignKey(Award, verbose_name=_("award"), on_delete=models.PROTECT)
    person = models.ForeignKey(
        "organizations.Person",
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="awards",
    )
    unit = models.ForeignKey(
        "organizations.Unit",
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="awards",
    )
    year = models.PositiveSmallIntegerField(_("for the year"))
    decision_number = models.CharField(_("decision number"), max_length=64)
    decision_date = models.DateField(_("decision date"))
    issuer = models.CharField(_("issued by"), max_length=300)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.VALID
    )
    revocation_reason = models.TextField(_("reason for revocation"), blank=True)
    revoking_decision = models.CharField(_("revoking decision"), max_length=64, blank=True)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    source_document = models.CharField(_("source document"), max_length=300, blank=True)

    objects = AwardRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("award record")
        verbose_name_plural = _("award history")
        ordering = ["-year", "award__rank"]
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False, unit__isnull=True)
                | Q(person__isnull=True, unit__isnull=False),
                name="award_record_one_nominee",
            ),
        ]
        indexes = [
            # Serves the eligibility engine's "consecutive years" reads for one nominee.
            models.Index(fields=["person", "award", "year"], name="award_record_person_idx"),
            models.Index(fields=["unit", "award", "year"], name="award_record_unit_idx"),
        ]

    state = StateOf("status", Status)

    def __str__(self):
        return f"{self.award.name_vi} {self.year} – {self.person or self.unit}"

    def clean(self):
        super().clean()
        if self.award_id:
            wants = Award.Subject.PERSON if self.person_id else Award.Subject.COLLECTIVE
            if self.award.subject != wants:
                raise ValidationError(
                    {
                        "award": _("%(award)s is awarded to a %(subject)s, not to this nominee.")
                        % {
                            "award": self.award.name_vi,
                            "subject": self.award.get_subject_display().lower(),
                        }
                    }
                )
        if self.status == self.Status.REVOKED and not self.revocation_reason.strip():
            raise ValidationError({"revocation_reason": _("Give the reason for the revocation.")})


# Registrations (đăng ký thi đua): at the start of the year each person and each collective
# registers the title it aims for; the unit head submits the unit's list; the emulation office
# approves it or returns it with a comment.


class RegistrationListQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Return the lists of the units inside the user's scope."""
        from organizations.scope import scope_filter

        return self.filter(scope_filter(user, "unit__path"))


class RegistrationList(models.Model):
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
    def status_badge(self):
        return self.Status(self.status).badge

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
