"""Initiatives and the award history: what grounds a title, and what was awarded."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from awards.models.catalogue import Award
from awards.models.searched import TitleSearched
from organizations.lookups import Words
from organizations.workflow import StateOf


class InitiativeQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Return the initiatives whose unit or one of whose authors lies in the user's scope."""
        from organizations.scope import person_in_scope, scope_filter, scope_for

        if scope_for(user).everything:
            return self.all()
        by_author = InitiativeAuthor.objects.filter(
            person_in_scope(user, "person"), initiative=models.OuterRef("pk")
        )
        # A prefix match never matches a missing unit, so an initiative without one is visible
        # through its authors only.
        return self.filter(scope_filter(user, "unit__path") | Q(models.Exists(by_author)))


class Initiative(TitleSearched, models.Model):
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
    # The title folded (organizations.vietnamese.fold), as the list's search compares it.
    search_title = models.CharField(max_length=500, editable=False, default="")
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

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        ordering = ["-decision_date", "title"]
        indexes = [
            # The list's order (awards.selectors): a page is read in order, not sorted from
            # every initiative in scope (46 ms at 300,000 people).
            models.Index(F("decision_date").desc(), "title", "id", name="initiative_list_idx"),
        ]
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

    history = HistoricalRecords()

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
        from organizations.models import Person, Unit
        from organizations.scope import person_in_scope, scope_filter, scope_for

        scope = scope_for(user)
        if scope.everything:
            return self.all()
        if scope.is_agency_wide:
            # Most records are in scope: joins on the person's and the unit's paths, so a page
            # is the list's index read in order; no subquery of every person in scope.
            return self.filter(person_in_scope(user, "person") | scope_filter(user, "unit__path"))
        # A unit's scope holds few records: found from its people and its units by their
        # indexes, rather than by joining every record to its nominee's path.
        people = Person.objects.filter(person_in_scope(user)).values("pk")
        units = Unit.objects.filter(scope_filter(user, "path")).values("pk")
        records = AwardRecord.objects.order_by().values("pk")
        in_scope = records.filter(person__in=people).union(records.filter(unit__in=units))
        return self.filter(pk__in=in_scope)

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
    revoked_on = models.DateField(_("revoked on"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    source_document = models.CharField(_("source document"), max_length=300, blank=True)
    # A decision made in the portal: the decision, the dossier it grants, the reward paid.
    decision = models.ForeignKey(
        "awards.Decision",
        verbose_name=_("decision"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="records",
    )
    nomination = models.OneToOneField(
        "awards.Nomination",
        verbose_name=_("nomination"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="award_record",
    )
    amount = models.DecimalField(
        _("reward (VND)"), max_digits=14, decimal_places=0, null=True, blank=True
    )
    # The certificate: its entry in the honour book, and the unguessable code of the public
    # page that verifies it (the QR code printed on it opens that page).
    book_number = models.PositiveIntegerField(_("honour book entry"), null=True, blank=True)
    certificate_code = models.CharField(max_length=32, unique=True, null=True, blank=True)

    objects = AwardRecordQuerySet.as_manager()

    history = HistoricalRecords()

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
            # The award history's order (awards.selectors.history_list): a page of the list is
            # this index read in order, and the filter's earliest year its last entry.
            models.Index(fields=["-year", "-decision_date", "id"], name="award_record_list_idx"),
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


# The title search: `search_title__words="so hoa"` (organizations.lookups).
Initiative._meta.get_field("search_title").register_lookup(Words)
