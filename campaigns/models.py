"""Campaigns, covenants and progress: the year's emulation movement from launch to final review."""

import uuid
from decimal import Decimal
from enum import nonmember

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from campaigns.uploads import random_upload_name
from organizations import roles
from organizations.models import Person, Unit
from organizations.scope import agency_root_path, scope_for
from organizations.workflow import StateOf, StatusShown


def campaign_document_path(instance, filename):
    return random_upload_name("campaigns", filename)


def evidence_path(instance, filename):
    return random_upload_name("evidence", filename)


class CampaignQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Return the campaigns of the agencies the user belongs to (staff read them all),
        drafts excepted: a draft is its author's and the emulation officer's until it is
        launched."""
        scope = scope_for(user)
        if scope.everything:
            return self.all()
        roots = {agency_root_path(path) for path in scope.paths}
        if not roots:
            return self.none()
        condition = Q()
        for root in roots:
            condition |= Q(organiser__path__startswith=root)
        if not roles.has_role(user, roles.OFFICER):
            condition &= ~Q(status=Campaign.Status.DRAFT) | Q(created_by=user)
        return self.filter(condition)


class InCampaignQuerySet(models.QuerySet):
    """Rows reached through a campaign: visible where their campaign is (`campaign_relation`
    names the path to it)."""

    campaign_relation = "campaign"

    def visible_to(self, user):
        campaigns = Campaign.objects.visible_to(user)
        return self.filter(**{f"{self.campaign_relation}__in": campaigns})


class CovenantQuerySet(InCampaignQuerySet):
    campaign_relation = "campaign"


class PartyQuerySet(InCampaignQuerySet):
    campaign_relation = "covenant__campaign"


class CommitmentQuerySet(InCampaignQuerySet):
    campaign_relation = "party__covenant__campaign"


class ProgressReportQuerySet(InCampaignQuerySet):
    campaign_relation = "commitment__party__covenant__campaign"


class EvidenceQuerySet(InCampaignQuerySet):
    campaign_relation = "report__commitment__party__covenant__campaign"


class Campaign(StatusShown, models.Model):
    """An emulation campaign (phong trào thi đua), yearly, thematic or a periodic wave."""

    class Kind(models.TextChoices):
        REGULAR = "regular", _("Regular (yearly)")
        THEMATIC = "thematic", _("Thematic")
        PERIODIC = "periodic", _("Periodic wave")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        LAUNCHED = "launched", _("Launched")
        INTERIM_REVIEW = "interim_review", _("Interim review")
        FINAL_REVIEW = "final_review", _("Final review")
        CLOSED = "closed", _("Closed")

        # Progress is reported and reviewed from the launch until the final review concludes.
        open_for_reports = nonmember(("launched", "interim_review", "final_review"))

        @property
        def badge(self):
            return {
                "draft": "secondary",
                "launched": "success",
                "interim_review": "info",
                "final_review": "warning",
                "closed": "dark",
            }[self.value]

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=500)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.REGULAR)
    organiser = models.ForeignKey(
        Unit, verbose_name=_("organising unit"), on_delete=models.PROTECT, related_name="+"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("answers the campaign"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
    )
    parent_title = models.CharField(
        _("answers an outside movement"),
        max_length=500,
        blank=True,
        help_text=_("A provincial or national movement this campaign answers."),
    )
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"))
    launch_date = models.DateField(_("launch date"), null=True, blank=True)
    launch_event = models.CharField(_("launch event"), max_length=300, blank=True)
    objectives = models.TextField(_("objectives"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = CampaignQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-start_date", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")), name="campaign_end_after_start"
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("campaigns:campaign_detail", args=[self.code])

    def clean(self):
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The campaign cannot end before it starts.")})

    @property
    def year(self):
        return self.start_date.year

    state = StateOf("status", Status)

    @property
    def is_open_for_reports(self):
        return self.status in self.Status.open_for_reports


class CampaignDocument(models.Model):
    """A document attached to a campaign: its plan, the launch decision, a report."""

    class Kind(models.TextChoices):
        PLAN = "plan", _("Plan")
        LAUNCH_DECISION = "launch_decision", _("Launch decision")
        REPORT = "report", _("Report")
        OTHER = "other", _("Other")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.PLAN)
    title = models.CharField(_("title"), max_length=300)
    file = models.FileField(_("file"), upload_to=campaign_document_path)
    original_name = models.CharField(max_length=255, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    objects = InCampaignQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("campaign document")
        verbose_name_plural = _("campaign documents")
        ordering = ["campaign", "uploaded_at"]

    def __str__(self):
        return self.title


class FocusArea(models.Model):
    """A numbered focus area of a campaign (nội dung thi đua, nhiệm vụ trọng tâm)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="focus_areas")
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("short title"), max_length=200)
    text = models.TextField(_("text"), blank=True)

    objects = InCampaignQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("focus area")
        verbose_name_plural = _("focus areas")
        ordering = ["campaign", "number"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "number"], name="focus_area_number_unique"),
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"


class Milestone(models.Model):
    """A dated milestone of a campaign: a commemoration, a deadline, a review or an event."""

    class Kind(models.TextChoices):
        COMMEMORATION = "commemoration", _("Commemoration")
        DEADLINE = "deadline", _("Deadline")
        REVIEW = "review", _("Review")
        EVENT = "event", _("Event")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="milestones")
    date = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.EVENT)
    note = models.CharField(_("note"), max_length=500, blank=True)

    objects = InCampaignQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["campaign", "date", "id"]

    def __str__(self):
        return f"{self.date:%d/%m/%Y} {self.title}"


class Covenant(StatusShown, models.Model):
    """An emulation covenant (giao ước thi đua) signed by its parties' representatives.

    Once every party has signed, the covenant is in force and its commitments are locked; a
    change is an amendment: a new version with its own signatures, the earlier one kept readable.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open for signature")
        IN_FORCE = "in_force", _("In force")
        AMENDED = "amended", _("Superseded by an amendment")
        CLOSED = "closed", _("Closed")

        # Parties and commitments change until every party has signed; then only by amendment.
        editable = nonmember(("draft", "open"))

        @property
        def badge(self):
            return {
                "draft": "secondary",
                "open": "primary",
                "in_force": "success",
                "amended": "light",
                "closed": "dark",
            }[self.value]

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="covenants")
    title = models.CharField(_("title"), max_length=500)
    signing_date = models.DateField(_("signing date"))
    signing_place = models.CharField(_("signing place"), max_length=200)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    amends = models.OneToOneField(
        "self",
        verbose_name=_("amends"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="amendment",
    )
    in_force_at = models.DateTimeField(_("in force since"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = CovenantQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("covenant")
        verbose_name_plural = _("covenants")
        ordering = ["campaign", "signing_date", "version"]

    def __str__(self):
        return (
            self.title if self.version == 1 else f"{self.title} ({_('amendment')} {self.version})"
        )

    def get_absolute_url(self):
        return reverse("campaigns:covenant_detail", args=[self.code])

    state = StateOf("status", Status)

    @property
    def is_editable(self):
        return self.status in self.Status.editable


class Party(models.Model):
    """A party to a covenant: a unit (board, union, division…) and the person who signs for it."""

    covenant = models.ForeignKey(Covenant, on_delete=models.CASCADE, related_name="parties")
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    representative = models.ForeignKey(
        Person, verbose_name=_("representative"), on_delete=models.PROTECT, related_name="+"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = PartyQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        ordering = ["covenant", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["covenant", "unit"], name="party_once_per_covenant"),
        ]

    def __str__(self):
        return str(self.unit)


class Commitment(models.Model):
    """A measurable commitment (chỉ tiêu) of a party under a focus area."""

    class Measure(models.TextChoices):
        YES_NO = "yes_no", _("Yes / no")
        NUMBER = "number", _("Number")
        PERCENTAGE = "percentage", _("Percentage")

    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="commitments")
    focus_area = models.ForeignKey(
        FocusArea, verbose_name=_("focus area"), on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(_("commitment"))
    measure = models.CharField(_("measure"), max_length=16, choices=Measure.choices)
    unit_label = models.CharField(_("unit of measure"), max_length=50, blank=True)
    baseline = models.DecimalField(
        _("baseline"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    target = models.DecimalField(_("target"), max_digits=12, decimal_places=2)
    due_date = models.DateField(_("due date"))
    # Set by services.covenant_amend on each copied commitment: the one of the amended version it
    # continues, so progress reported before the amendment still counts. An edit in the
    # amendment keeps the link; a commitment added in the amendment has none.
    carried_from = models.OneToOneField(
        "self",
        verbose_name=_("continues"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="carried_into",
    )

    objects = CommitmentQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        ordering = ["party", "focus_area__number", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(target__gte=0), name="commitment_target_not_negative"
            ),
            models.CheckConstraint(
                condition=~Q(measure="percentage") | Q(target__lte=100),
                name="commitment_percentage_at_most_100",
            ),
        ]

    def __str__(self):
        return self.text[:80]

    # What an amendment may restate of a carried commitment; the link stays whatever changes.
    AMENDABLE_FIELDS = (
        "focus_area_id",
        "text",
        "measure",
        "unit_label",
        "baseline",
        "target",
        "due_date",
    )

    @property
    def changed_in_amendment(self) -> bool:
        """Return whether the commitment restates the one it continues differently."""
        earlier = self.carried_from
        return earlier is not None and any(
            getattr(self, name) != getattr(earlier, name) for name in self.AMENDABLE_FIELDS
        )

    def clean(self):
        super().clean()
        errors = {}
        if self.target is not None and self.target < 0:
            errors["target"] = _("A target cannot be negative.")
        elif self.measure == self.Measure.PERCENTAGE and self.target is not None:
            if self.target > 100:
                errors["target"] = _("A percentage target cannot be above 100.")
        if self.measure == self.Measure.YES_NO and self.target not in (None, Decimal(0), 1):
            errors["target"] = _("A yes/no commitment has the target 1 (done).")
        if self.baseline is not None and self.baseline < 0:
            errors["baseline"] = _("A baseline cannot be negative.")
        campaign = self.party.covenant.campaign if self.party_id else None
        if (
            campaign
            and self.due_date
            and not (campaign.start_date <= self.due_date <= campaign.end_date)
        ):
            errors["due_date"] = _(
                "The due date must fall within the campaign (%(start)s – %(end)s)."
            ) % {
                "start": f"{campaign.start_date:%d/%m/%Y}",
                "end": f"{campaign.end_date:%d/%m/%Y}",
            }
        if campaign and self.focus_area_id and self.focus_area.campaign_id != campaign.pk:
            errors["focus_area"] = _("Choose a focus area of this campaign.")
        if self.carried_from_id and self.party_id:
            earlier = self.carried_from.party
            if (
                earlier.covenant_id != self.party.covenant.amends_id
                or earlier.unit_id != self.party.unit_id
            ):
                errors[NON_FIELD_ERRORS] = _(
                    "A commitment can only continue one of the same party in the version "
                    "its covenant amends."
                )
        if errors:
            raise ValidationError(errors)


class Signature(models.Model):
    """A party's signature on a covenant: who signed for it, and when."""

    party = models.OneToOneField(Party, on_delete=models.CASCADE, related_name="signature")
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    signer_name = models.CharField(_("signed by"), max_length=150)
    signed_at = models.DateTimeField(_("signed at"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")

    def __str__(self):
        return f"{self.signer_name} ({self.signed_at:%d/%m/%Y})"


class ProgressReport(StatusShown, models.Model):
    """Progress on one commitment for one period, reviewed by the emulation officer."""

    class Period(models.TextChoices):
        Q1 = "Q1", _("Quarter 1")
        Q2 = "Q2", _("Quarter 2")
        Q3 = "Q3", _("Quarter 3")
        Q4 = "Q4", _("Quarter 4")
        H1 = "H1", _("First half-year")
        H2 = "H2", _("Second half-year")
        YEAR = "Y", _("Whole year")

    class Status(models.TextChoices):
        MET = "met", _("Met")
        ON_TRACK = "on_track", _("On track")
        AT_RISK = "at_risk", _("At risk")
        OFF_TRACK = "off_track", _("Off track")

        @property
        def badge(self):
            return {
                "met": "success",
                "on_track": "primary",
                "at_risk": "warning",
                "off_track": "danger",
            }[self.value]

    class Review(models.TextChoices):
        PENDING = "pending", _("Awaiting review")
        ACCEPTED = "accepted", _("Accepted")
        RETURNED = "returned", _("Returned with a comment")

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="reports")
    period = models.CharField(_("period"), max_length=2, choices=Period.choices)
    value = models.DecimalField(
        _("value achieved"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices)
    narrative = models.TextField(_("narrative"), blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reported_at = models.DateTimeField(_("reported at"), default=timezone.now)
    review = models.CharField(
        _("review"), max_length=16, choices=Review.choices, default=Review.PENDING
    )
    review_comment = models.TextField(_("officer's comment"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    objects = ProgressReportQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["commitment", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["commitment", "period"], name="report_once_per_commitment_period"
            ),
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(value__gte=0), name="report_value_not_negative"
            ),
        ]

    def __str__(self):
        return f"{self.commitment} – {self.get_period_display()}"

    state = StateOf("review", Review)


class Evidence(models.Model):
    """A file backing a progress report: a PDF, an office document or a photo."""

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("file"), upload_to=evidence_path)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    objects = EvidenceQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["report", "uploaded_at"]

    def __str__(self):
        return self.original_name


class CampaignReview(models.Model):
    """An interim or final review of a campaign (sơ kết, tổng kết) with its conclusions."""

    class Kind(models.TextChoices):
        INTERIM = "interim", _("Interim review")
        FINAL = "final", _("Final review")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="reviews")
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    opened_at = models.DateTimeField(default=timezone.now)
    conclusions = models.TextField(_("conclusions"), blank=True)
    # The compiled counts as they stood when the review was concluded.
    snapshot = models.JSONField(default=dict, blank=True)
    concluded_at = models.DateTimeField(null=True, blank=True)

    objects = InCampaignQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("campaign review")
        verbose_name_plural = _("campaign reviews")
        ordering = ["campaign", "opened_at"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "kind"], name="review_once_per_kind"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} – {self.campaign}"
