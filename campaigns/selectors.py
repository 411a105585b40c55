"""Reads shared by the campaign page, the party screen, the reviews and the dashboards."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils import timezone

from campaigns.models import Campaign, Commitment, Covenant, ProgressReport

# Later periods supersede earlier ones when reading a commitment's current status.
PERIOD_ORDER = ["Q1", "Q2", "H1", "Q3", "Q4", "H2", "Y"]
NOT_REPORTED = "not_reported"
STATUS_KEYS = [choice.value for choice in ProgressReport.Status] + [NOT_REPORTED]


@dataclass
class Tally:
    """Counts of commitments by their latest reported status."""

    label: str
    key: object = None
    counts: Counter = field(default_factory=Counter)

    @property
    def total(self):
        return sum(self.counts.values())

    def as_list(self):
        return [(status, self.counts.get(status, 0)) for status in STATUS_KEYS]

    def percent(self, status):
        return round(100 * self.counts.get(status, 0) / self.total) if self.total else 0


def current_covenants(campaign):
    """Return the covenants whose commitments count: in force, or closed with the campaign."""
    return campaign.covenants.filter(
        status__in=[Covenant.Status.IN_FORCE, Covenant.Status.CLOSED]
    ).order_by("signing_date", "version")


def latest_statuses(commitment_ids) -> dict[int, str]:
    """Return each commitment's status in its latest reported period, in one query."""
    latest: dict[int, tuple[int, str]] = {}
    rows = ProgressReport.objects.filter(commitment_id__in=commitment_ids).values_list(
        "commitment_id", "period", "status"
    )
    for commitment_id, period, status in rows:
        rank = PERIOD_ORDER.index(period)
        if commitment_id not in latest or rank > latest[commitment_id][0]:
            latest[commitment_id] = (rank, status)
    return {commitment_id: status for commitment_id, (_rank, status) in latest.items()}


def progress_tallies(campaign):
    """Compile met / on track / at risk / off track counts per party and per focus area."""
    commitments = list(
        Commitment.objects.filter(party__covenant__in=current_covenants(campaign))
        .select_related("party__unit", "focus_area")
        .order_by("party__order", "focus_area__number", "id")
    )
    statuses = latest_statuses([c.pk for c in commitments])
    by_party: dict[int, Tally] = {}
    by_area: dict[int, Tally] = {}
    overall = Tally(label="")
    for commitment in commitments:
        status = statuses.get(commitment.pk, NOT_REPORTED)
        party = by_party.setdefault(
            commitment.party_id, Tally(label=str(commitment.party.unit), key=commitment.party)
        )
        area = by_area.setdefault(
            commitment.focus_area_id,
            Tally(label=str(commitment.focus_area), key=commitment.focus_area),
        )
        for tally in (party, area, overall):
            tally.counts[status] += 1
    areas = sorted(by_area.values(), key=lambda tally: tally.key.number)
    return {"parties": list(by_party.values()), "areas": areas, "overall": overall}


def next_milestone(campaign, today=None):
    today = today or timezone.localdate()
    return campaign.milestones.filter(date__gte=today).order_by("date", "id").first()


def campaign_list(user):
    return Campaign.objects.visible_to(user).select_related("organiser")


def covenant_with_parties(covenant):
    """Return the covenant's parties with their commitments and signatures, in few queries."""
    return covenant.parties.select_related("unit", "representative", "signature").prefetch_related(
        Prefetch(
            "commitments",
            queryset=Commitment.objects.select_related("focus_area").order_by(
                "focus_area__number", "id"
            ),
        )
    )


def party_reports(party):
    """Return a party's commitments with their reports, in three queries however many.

    Each commitment carries `reports_by_period` (period -> report), `reports_in_order` in the
    order of the year (Q1, Q2, H1, …) and `latest_report`, the one that gives its status.
    """
    commitments = list(
        party.commitments.select_related("focus_area").order_by("focus_area__number", "id")
    )
    reports = defaultdict(dict)
    for report in (
        ProgressReport.objects.filter(commitment__in=commitments)
        .prefetch_related("evidence")
        .select_related("reported_by__person", "reviewed_by__person")
    ):
        reports[report.commitment_id][report.period] = report
    for commitment in commitments:
        commitment.reports_by_period = reports.get(commitment.pk, {})
        commitment.reports_in_order = [
            commitment.reports_by_period[period]
            for period in PERIOD_ORDER
            if period in commitment.reports_by_period
        ]
        commitment.latest_report = (
            commitment.reports_in_order[-1] if commitment.reports_in_order else None
        )
    return commitments
