"""The numbers of the agency's documents (số văn bản): one yearly sequence per agency and kind of
document ("15/QĐ-SKHCN"), taken in the transaction that issues the document, so a number is
never used twice and never skipped (Nghị định 30/2020/NĐ-CP: documents are numbered in one
sequence per year, from 01 on 1 January)."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import ExtractYear
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from awards.models.searched import TitleSearched
from organizations.lookups import Words
from organizations.workflow import StateOf, StatusShown


class DocumentSequence(models.Model):
    """The last number an agency gave a kind of document in a year."""

    class Kind(models.TextChoices):
        DECISION = "QĐ", _("Decision (Quyết định)")
        SUBMISSION = "TTr", _("Submission (Tờ trình)")
        # The honour book (sổ vàng): each certificate's entry number, "Số vào sổ".
        HONOUR_BOOK = "SVS", _("Honour book entry (Số vào sổ)")

    agency = models.ForeignKey(
        "organizations.Unit",
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        related_name="document_sequences",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("kind of document"), max_length=8, choices=Kind.choices)
    last_number = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("document number sequence")
        verbose_name_plural = _("document number sequences")
        ordering = ["agency", "-year", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year", "kind"], name="document_sequence_once"
            ),
        ]

    def __str__(self):
        return f"{self.agency.code} {self.year} {self.kind}: {self.last_number}"

    def symbol(self, number: int) -> str:
        """Return the number and symbol of a document: "15/QĐ-SKHCN"."""
        return f"{number:02d}/{self.kind}-{self.agency.code}"


class SignedPaper(StatusShown, models.Model):
    """What a paper the agency signs after the posting holds, a decision or a submission to the
    province: its year, its wording, place, date and signer, and the number and symbol of the
    year's register once it goes out. Each names its agency and posting itself (their reverse
    accessors differ: `agency.decisions`, `posting.submissions`)."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    year = models.PositiveSmallIntegerField(_("for the year"))
    title = models.CharField(_("on"), max_length=300)
    place = models.CharField(_("place"), max_length=100)
    signed_on = models.DateField(_("date signed"))
    signer = models.ForeignKey(
        "organizations.Person",
        verbose_name=_("signer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The signer as the paper reads, kept when it goes out: a later change of post leaves it.
    signer_name = models.CharField(_("signer's name"), max_length=150, blank=True)
    signer_position = models.CharField(_("signer's position"), max_length=150, blank=True)
    number = models.PositiveIntegerField(_("number"), null=True, blank=True)
    symbol = models.CharField(_("number and symbol"), max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    class Meta:
        abstract = True


class DecisionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Return the decisions of the agencies in the user's scope, and of the user's own
        agency: a decision is a public act, read by everyone who works there."""
        from organizations.scope import agency_root_path, person_of, scope_filter, scope_for

        if not user.is_authenticated:
            return self.none()
        if scope_for(user).everything:
            return self.all()
        own = person_of(user)  # read once a request, with its unit
        mine = Q(agency__path=agency_root_path(own.unit.path)) if own else Q(pk__in=[])
        return self.filter(scope_filter(user, "agency__path") | mine)

    def issued(self):
        return self.filter(status=Decision.Status.ISSUED)


class Decision(TitleSearched, SignedPaper):
    """A decision on commendation (quyết định khen thưởng) within the head of the agency's
    authority: drafted by the emulation officer from the posted list, then issued with the next
    number of the year; issuing writes the awardees' history."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ISSUED = "issued", _("Issued")

        @property
        def badge(self):
            return {"draft": "secondary", "issued": "success"}[self.value]

    agency = models.ForeignKey(
        "organizations.Unit",
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        related_name="decisions",
    )
    posting = models.ForeignKey(
        "awards.Posting",
        verbose_name=_("public posting"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decisions",
    )
    bases = models.TextField(_("legal bases"), help_text=_("One basis per line."))
    recipients = models.TextField(_("recipients"), help_text=_("One recipient per line."))
    base_salary = models.DecimalField(
        _("base salary (VND)"),
        max_digits=12,
        decimal_places=0,
        null=True,
        blank=True,
        help_text=_(
            "The base salary (mức lương cơ sở) in force on the date signed: the rewards are "
            "this times the rule set's coefficient. Leave empty for a decision without rewards."
        ),
    )
    nominations = models.ManyToManyField(
        "awards.Nomination", verbose_name=_("awardees"), blank=True, related_name="decisions"
    )
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.DRAFT
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    issued_at = models.DateTimeField(_("issued"), null=True, blank=True)
    # The awards an issued decision granted, written as it is issued (an issued decision never
    # changes): the registry shows it without counting them, about 1,000 a decision at 300,000
    # people. None for a draft.
    award_count = models.PositiveIntegerField(
        _("awards granted"), null=True, blank=True, editable=False
    )
    # The title folded (organizations.vietnamese.fold), searched by its words.
    search_title = models.CharField(max_length=300, editable=False, default="")

    objects = DecisionQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["-signed_on", "-number", "-pk"]
        constraints = [
            # Numbers start again each year: "15/QĐ-SKHCN" is unique within its year.
            models.UniqueConstraint(
                F("agency"),
                ExtractYear("signed_on"),
                F("symbol"),
                condition=~Q(symbol=""),
                name="decision_symbol_once_a_year",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | (Q(number__isnull=False) & ~Q(symbol="")),
                name="decision_issued_numbered",
            ),
        ]
        indexes = [
            # Serves the registry: the newest first, a page read in index order.
            models.Index(fields=["-signed_on", "-number", "-id"], name="decision_registry_idx"),
            # The filter's earliest year (awards.selectors.decision_years): one entry read.
            models.Index(fields=["year"], name="decision_year_idx"),
        ]

    state = StateOf("status", Status)

    def __str__(self):
        if self.symbol:
            return f"{self.symbol} ({self.signed_on:%d/%m/%Y})"
        return f"{self.title} ({_('draft')})"

    def get_absolute_url(self):
        return reverse("awards:decision_detail", args=[self.code])

    @property
    def base_lines(self) -> list[str]:
        return [line.strip() for line in self.bases.splitlines() if line.strip()]

    @property
    def recipient_lines(self) -> list[str]:
        return [line.strip() for line in self.recipients.splitlines() if line.strip()]


class SubmissionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Return the submissions of the agencies in the user's scope."""
        from organizations.scope import scope_filter, scope_for

        if not user.is_authenticated:
            return self.none()
        if scope_for(user).everything:
            return self.all()
        return self.filter(scope_filter(user, "agency__path"))


class Submission(SignedPaper):
    """A submission to the province (tờ trình đề nghị khen thưởng) for the titles and forms above
    the agency's authority: the cover letter, the list, the council's minutes and the dossiers;
    followed until the province's decision is recorded, which writes the history."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Being prepared")
        SENT = "sent", _("Sent to the province")
        RETURNED = "returned", _("Returned for more")
        DECIDED = "decided", _("Decided by the province")

        @property
        def badge(self):
            return {
                "draft": "secondary",
                "sent": "primary",
                "returned": "warning",
                "decided": "success",
            }[self.value]

    agency = models.ForeignKey(
        "organizations.Unit",
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        related_name="submissions",
    )
    posting = models.ForeignKey(
        "awards.Posting",
        verbose_name=_("public posting"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="submissions",
    )
    addressee = models.CharField(
        _("to"), max_length=300, help_text=_("Who decides: the chairman of the province.")
    )
    nominations = models.ManyToManyField(
        "awards.Nomination", verbose_name=_("nominees"), blank=True, related_name="submissions"
    )
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.DRAFT
    )
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    returned_note = models.TextField(_("what the province asks for"), blank=True)
    decision_number = models.CharField(_("province's decision number"), max_length=64, blank=True)
    decision_date = models.DateField(_("province's decision date"), null=True, blank=True)
    decision_issuer = models.CharField(_("issued by"), max_length=300, blank=True)

    objects = SubmissionQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("submission to the province")
        verbose_name_plural = _("submissions to the province")
        ordering = ["-year", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                F("agency"),
                ExtractYear("signed_on"),
                F("symbol"),
                condition=~Q(symbol=""),
                name="submission_symbol_once_a_year",
            ),
        ]

    state = StateOf("status", Status)

    def __str__(self):
        if self.symbol:
            return f"{self.symbol} – {self.title}"
        return self.title

    def get_absolute_url(self):
        return reverse("awards:submission_detail", args=[self.code])


# The title search: `search_title__words="khen thuong"` (organizations.lookups).
Decision._meta.get_field("search_title").register_lookup(Words)
