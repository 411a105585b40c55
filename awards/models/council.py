"""The council (Hội đồng Thi đua - Khen thưởng): its members for a term, its sessions, the items
each session considers and the secret ballot on each.

Who voted and what was voted are stored apart, as the law's secret ballot asks (Nghị định
91/2017/NĐ-CP Khoản 8 Điều 45: "bỏ phiếu kín"): a `BallotParticipation` says that a member took
part in the vote on an item and how (online, in writing, or no ballot returned); a `Ballot` says
only which item and which choice. Neither has a time stamp, both have random keys, so no column,
ordering or time stamp joins a ballot to its voter.
"""

import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from awards.models.nominations import Nomination
from organizations.workflow import StateOf, StatusShown


class CouncilQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Return the councils of the agencies in the user's scope, and those the user sits on."""
        from organizations.scope import scope_filter, scope_for

        if not user.is_authenticated:
            return self.none()
        if scope_for(user).everything:
            return self.all()
        return self.filter(
            scope_filter(user, "agency__path") | Q(members__person__user=user)
        ).distinct()


class Council(models.Model):
    """An agency's emulation and commendation council for a term."""

    agency = models.ForeignKey(
        "organizations.Unit",
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        related_name="councils",
    )
    name = models.CharField(_("name"), max_length=300)
    decision = models.CharField(
        _("established by"),
        max_length=200,
        blank=True,
        help_text=_("The decision that set up the council, e.g. Quyết định số 12/QĐ-SKHCN."),
    )
    term_start = models.DateField(_("term starts"))
    term_end = models.DateField(_("term ends"), null=True, blank=True)

    objects = CouncilQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("council")
        verbose_name_plural = _("councils")
        ordering = ["agency__path", "-term_start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(term_end__isnull=True) | Q(term_end__gte=models.F("term_start")),
                name="council_term_valid",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("awards:council_detail", args=[self.pk])

    def clean(self):
        super().clean()
        if self.term_end and self.term_start and self.term_end < self.term_start:
            raise ValidationError({"term_end": _("The term ends before it starts.")})


class CouncilMember(models.Model):
    """A person sitting on the council, with its role there."""

    class Role(models.TextChoices):
        # In the order the council's papers list them.
        CHAIR = "chair", pgettext_lazy("council", "Chair")
        VICE_CHAIR = "vice_chair", pgettext_lazy("council", "Vice-chair")
        STANDING = "standing", pgettext_lazy("council", "Standing member")
        SECRETARY = "secretary", pgettext_lazy("council", "Secretary member")
        MEMBER = "member", pgettext_lazy("council", "Member")

    council = models.ForeignKey(
        Council, verbose_name=_("council"), on_delete=models.CASCADE, related_name="members"
    )
    person = models.ForeignKey(
        "organizations.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="council_seats",
    )
    role = models.CharField(_("role"), max_length=12, choices=Role.choices, default=Role.MEMBER)
    is_active = models.BooleanField(_("sitting"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("council member")
        verbose_name_plural = _("council members")
        ordering = ["council", "-is_active", "role", "person__sort_key"]
        constraints = [
            models.UniqueConstraint(fields=["council", "person"], name="council_member_once"),
            models.UniqueConstraint(
                fields=["council"],
                condition=Q(role="chair", is_active=True),
                name="council_one_chair",
            ),
        ]

    def __str__(self):
        return f"{self.person.full_name} ({self.get_role_display()})"

    @property
    def role_rank(self) -> int:
        return list(self.Role.values).index(self.role)


def by_role(members):
    """Return council members (or roll entries) as the council's papers list them: the chair,
    the vice-chairs, the standing members, the secretary, the members; by name within each."""

    def key(entry):
        member = getattr(entry, "member", entry)
        return (member.role_rank, member.person.sort_key)

    return sorted(members, key=key)


class CouncilSessionQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(council__in=Council.objects.visible_to(user))


class CouncilSession(StatusShown, models.Model):
    """A meeting of the council (phiên họp) on a year's nominations: prepared by the emulation
    officer, voted by secret ballot, closed and counted by the secretary."""

    class Status(models.TextChoices):
        PREPARING = "preparing", _("Being prepared")
        VOTING = "voting", _("Voting")
        COUNTED = "counted", _("Counted: a tie awaits the chair")
        CONCLUDED = "concluded", _("Concluded")

        @property
        def badge(self):
            return {
                "preparing": "secondary",
                "voting": "primary",
                "counted": "warning",
                "concluded": "success",
            }[self.value]

    council = models.ForeignKey(
        Council, verbose_name=_("council"), on_delete=models.PROTECT, related_name="sessions"
    )
    year = models.PositiveSmallIntegerField(_("year considered"))
    starts_at = models.DateTimeField(_("date and time"))
    place = models.CharField(_("place"), max_length=300)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PREPARING
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    opened_at = models.DateTimeField(_("voting opened"), null=True, blank=True)
    closed_at = models.DateTimeField(_("voting closed"), null=True, blank=True)
    concluded_at = models.DateTimeField(_("concluded"), null=True, blank=True)
    tie_break_reason = models.TextField(_("the chair's reason"), blank=True)

    objects = CouncilSessionQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("council session")
        verbose_name_plural = _("council sessions")
        ordering = ["-starts_at", "-pk"]

    state = StateOf("status", Status)

    def __str__(self):
        local = timezone.localtime(self.starts_at)
        return f"{self.council} – {local:%d/%m/%Y}"

    def get_absolute_url(self):
        return reverse("awards:council_session", args=[self.pk])


class SessionMember(models.Model):
    """The roll of a session: each member of the council when it met, present or absent. The
    total membership a vote is counted over is this roll."""

    session = models.ForeignKey(
        CouncilSession, on_delete=models.CASCADE, related_name="roll", verbose_name=_("session")
    )
    member = models.ForeignKey(
        CouncilMember, on_delete=models.PROTECT, related_name="+", verbose_name=_("member")
    )
    present = models.BooleanField(_("present"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["session", "member__role", "member__person__sort_key"]
        constraints = [
            models.UniqueConstraint(fields=["session", "member"], name="session_member_once"),
        ]

    def __str__(self):
        return f"{self.member} – {'present' if self.present else 'absent'}"


class CouncilItem(models.Model):
    """One nomination on a session's agenda, and the result of its vote once counted."""

    class Outcome(models.TextChoices):
        PENDING = "pending", _("Not counted yet")
        PASSED = "passed", _("Passed")
        NOT_PASSED = "not_passed", _("Not passed")
        TIE = "tie", _("Tied at the quota: the chair decides")

        @property
        def badge(self):
            return {
                "pending": "secondary",
                "passed": "success",
                "not_passed": "danger",
                "tie": "warning",
            }[self.value]

    session = models.ForeignKey(
        CouncilSession, verbose_name=_("session"), on_delete=models.CASCADE, related_name="items"
    )
    nomination = models.OneToOneField(
        Nomination,
        verbose_name=_("nomination"),
        on_delete=models.PROTECT,
        related_name="council_item",
    )
    position = models.PositiveSmallIntegerField(_("number"), default=0)
    # The count, written when the secretary closes the vote.
    agree = models.PositiveSmallIntegerField(_("agree"), null=True, blank=True)
    disagree = models.PositiveSmallIntegerField(_("disagree"), null=True, blank=True)
    not_returned = models.PositiveSmallIntegerField(_("no ballot"), null=True, blank=True)
    members = models.PositiveSmallIntegerField(_("members"), null=True, blank=True)
    # The rule the count was held against: "at least 90 %", its article and document.
    threshold = models.DecimalField(
        _("threshold"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    threshold_strict = models.BooleanField(default=False)
    rule_key = models.CharField(max_length=64, blank=True)
    citation = models.CharField(_("legal basis"), max_length=300, blank=True)
    outcome = models.CharField(
        _("result"), max_length=12, choices=Outcome.choices, default=Outcome.PENDING
    )
    quota_note = models.CharField(_("quota"), max_length=500, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("council item")
        verbose_name_plural = _("council items")
        ordering = ["session", "position", "pk"]

    def __str__(self):
        return f"{self.position}. {self.nomination}"

    @property
    def passed(self) -> bool:
        return self.outcome == self.Outcome.PASSED

    @property
    def outcome_badge(self):
        return self.Outcome(self.outcome).badge

    @property
    def share(self):
        return share_of(self.agree, self.members)


def share_of(agree: int | None, members: int | None) -> float | None:
    """The share of "agree" over the council's total membership, in percent."""
    if agree is None or not members:
        return None
    return round(100 * agree / members, 1)


class BallotParticipation(models.Model):
    """That a member took part in the vote on an item, and how — never what was chosen."""

    class Channel(models.TextChoices):
        ONLINE = "online", _("Voted at the session")
        WRITTEN = "written", _("Written vote (absent)")
        NONE = "none", _("No ballot returned")

    # A random key: a sequence would order the rows by time.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    item = models.ForeignKey(CouncilItem, on_delete=models.CASCADE, related_name="participations")
    member = models.ForeignKey(CouncilMember, on_delete=models.PROTECT, related_name="+")
    channel = models.CharField(max_length=8, choices=Channel.choices)

    class Meta:
        verbose_name = _("ballot participation")
        verbose_name_plural = _("ballot participations")
        constraints = [
            models.UniqueConstraint(fields=["item", "member"], name="ballot_once_per_member"),
        ]

    def __str__(self):
        return f"{self.member} – {self.item}"


class Ballot(models.Model):
    """One ballot on an item: its choice and nothing that names its voter or its time."""

    class Choice(models.TextChoices):
        AGREE = "agree", _("Agree")
        DISAGREE = "disagree", _("Disagree")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    item = models.ForeignKey(CouncilItem, on_delete=models.CASCADE, related_name="ballots")
    choice = models.CharField(max_length=8, choices=Choice.choices)

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")

    def __str__(self):
        return str(self.item)
