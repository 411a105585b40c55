"""The catalogue of titles and forms of commendation, and the rule sets that judge them."""

import datetime
from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


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

    history = HistoricalRecords()

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
        """Return "Khoản 8 Điều 45, Nghị định 91/2017/NĐ-CP"; the document alone while the
        article has not been found (stored as "Điều ?", never shown to users)."""
        if "?" in self.article or not self.article.strip():
            return self.document
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
