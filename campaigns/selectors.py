"""Reads shared by the campaign page, the party screen, the reviews and the dashboards."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Min, Prefetch
from django.utils import timezone

from campaigns.models import Campaign, Commitment, Covenant, Party, ProgressReport

# Later periods supersede earlier ones when reading a commitment's current status.
PERIOD_ORDER = ["Q1", "Q2", "H1", "Q3", "Q4", "H2", "Y"]
NOT_REPORTED = "not_reported"
STATUS_KEYS = [choice.value for choice in ProgressReport.Status] + [NOT_REPORTED]
# The quarter at whose end each period's report is due: a half-year counts at the end of its
# second quarter, the whole year at the end of the fourth.
QUARTER_OF_PERIOD = {"Q1": 1, "Q2": 2, "H1": 2, "Q3": 3, "Q4": 4, "H2": 4, "Y": 4}
QUARTERS = (1, 2, 3, 4)


def periods_until(quarter: int | None) -> list[str]:
    """Return the periods whose reports are known at the end of a quarter (all, for None)."""
    if quarter is None:
        return list(PERIOD_ORDER)
    return [period for period in PERIOD_ORDER if QUARTER_OF_PERIOD[period] <= quarter]


def periods_of_quarter(quarter: int) -> list[str]:
    """Return the periods a report filed for a quarter may carry (Q2: the quarter or H1)."""
    return [period for period in PERIOD_ORDER if QUARTER_OF_PERIOD[period] == quarter]


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


# The covenants whose commitments count: in force, or closed with the campaign.
COUNTED_STATUSES = (Covenant.Status.IN_FORCE, Covenant.Status.CLOSED)


def current_covenants(campaign):
    """Return the covenants whose commitments count: in force, or closed with the campaign."""
    return campaign.covenants.filter(status__in=COUNTED_STATUSES).order_by(
        "signing_date", "version"
    )


def commitment_chains(commitments) -> dict[int, list[int]]:
    """Return each commitment's chain: its own id, then the ids of the commitments it continues
    through earlier amendments, newest first.

    Takes commitments or their ids. Reads every link of their campaigns in one query, however
    long the chains; none at all when the commitments given carry nothing over.
    """
    items = list(commitments)
    ids = [getattr(item, "pk", item) for item in items]
    if not ids:
        return {}
    loaded = all(isinstance(item, Commitment) for item in items)
    if loaded and not any(item.carried_from_id for item in items):
        return {pk: [pk] for pk in ids}
    # A chain never leaves its campaign: an amendment belongs to the campaign it amends.
    campaigns = Commitment.objects.filter(pk__in=ids).values("party__covenant__campaign")
    earlier = dict(
        Commitment.objects.filter(
            party__covenant__campaign__in=campaigns, carried_from__isnull=False
        ).values_list("pk", "carried_from_id")
    )
    chains = {}
    for pk in ids:
        chain = [pk]
        while (previous := earlier.get(chain[-1])) is not None and previous not in chain:
            chain.append(previous)
        chains[pk] = chain
    return chains


def _report_rank(period, position):
    """Order a chain's reports: by period through the year, then the newer version first wins.

    `position` is the index in the chain (0 for the commitment itself), so for one period the
    report filed under the newest version supersedes one filed under an earlier version.
    """
    return (PERIOD_ORDER.index(period), -position)


def reports_by_period(commitments, periods=None) -> dict[int, dict[str, tuple[str, str]]]:
    """Return, for each commitment, the report that counts for each period reported, as
    {commitment id: {period: (status, review)}}, read across the commitment's chain: for a
    period, the report filed under the newest version wins, so a report filed before an
    amendment still counts and one filed again on the amendment supersedes it.

    Takes commitments or their ids; `periods` limits the periods read. Two queries at most,
    however many commitments.
    """
    chains = commitment_chains(commitments)
    holders = defaultdict(list)  # a report's commitment -> (commitment asked about, position)
    for commitment_id, chain in chains.items():
        for position, pk in enumerate(chain):
            holders[pk].append((commitment_id, position))
    if not holders:
        return {}
    rows = ProgressReport.objects.filter(commitment_id__in=list(holders))
    if periods is not None:
        rows = rows.filter(period__in=list(periods))
    best: dict[tuple[int, str], tuple[int, str, str]] = {}
    for report_commitment_id, period, status, review in rows.values_list(
        "commitment_id", "period", "status", "review"
    ):
        for commitment_id, position in holders[report_commitment_id]:
            key = (commitment_id, period)
            if key not in best or position < best[key][0]:
                best[key] = (position, status, review)
    found: dict[int, dict[str, tuple[str, str]]] = defaultdict(dict)
    for (commitment_id, period), (_position, status, review) in best.items():
        found[commitment_id][period] = (status, review)
    return dict(found)


def latest_statuses(commitments, quarter: int | None = None) -> dict[int, str]:
    """Return each commitment's status in its latest reported period, read across its chain;
    with `quarter`, as it stood at that quarter's end (the reports of later periods ignored).

    Takes commitments or their ids; two queries at most, however many.
    """
    return {
        commitment_id: reports[max(reports, key=PERIOD_ORDER.index)][0]
        for commitment_id, reports in reports_by_period(commitments, periods_until(quarter)).items()
    }


def current_commitments(campaign) -> list[Commitment]:
    """Return the commitments of the campaign's covenants in force (or closed with it), with
    their party's unit and focus area, in the covenant's order."""
    return list(
        Commitment.objects.filter(party__covenant__in=current_covenants(campaign))
        .select_related("party__unit", "focus_area")
        .order_by("party__order", "focus_area__number", "id")
    )


def progress_tallies(campaign, quarter: int | None = None, commitments=None):
    """Compile met / on track / at risk / off track counts per party and per focus area.

    Counts the commitments of the covenants in force (or closed with the campaign), each once,
    by its latest report across its chain: a commitment an amendment carried over keeps the
    progress reported under the earlier version; one the amendment dropped no longer counts.
    With `quarter`, counts them as they stood at that quarter's end. Pass `commitments` (from
    `current_commitments`) to tally several quarters from one read of them.
    """
    if commitments is None:
        commitments = current_commitments(campaign)
    statuses = latest_statuses(commitments, quarter)
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


def unreported_in_quarter(commitments, quarter: int) -> dict[int, int]:
    """Return, for each party, how many of its commitments have no report for the quarter (a
    Q2 report or the H1 one, read across each commitment's chain); parties that reported on
    every commitment are left out. Takes commitments from `current_commitments`; two queries.
    """
    reported = reports_by_period(commitments, periods_of_quarter(quarter))
    return dict(Counter(c.party_id for c in commitments if c.pk not in reported))


def next_milestone(campaign, today=None):
    today = today or timezone.localdate()
    return campaign.milestones.filter(date__gte=today).order_by("date", "id").first()


def reports_awaiting_review(user, limit: int = 5) -> list[Campaign]:
    """Return the campaigns of the user's scope open for reports whose progress reports wait
    for review, each with `pending` (how many), the oldest waiting first: the officer's home
    card, linking each campaign's queue. One query."""
    return list(
        Campaign.objects.visible_to(user)
        .filter(
            status__in=Campaign.Status.open_for_reports,
            covenants__parties__commitments__reports__review=ProgressReport.Review.PENDING,
        )
        .annotate(
            pending=Count("covenants__parties__commitments__reports"),
            oldest=Min("covenants__parties__commitments__reports__reported_at"),
        )
        .order_by("oldest", "pk")[:limit]
    )


def campaign_list(user):
    return Campaign.objects.visible_to(user).select_related("organiser")


def covenant_parties(covenant):
    """Return the covenant's parties with their units, representatives and signatures."""
    return covenant.parties.select_related("unit", "representative", "signature")


def commitments_prefetch(covenant) -> list:
    """Return the prefetches that give a covenant's parties their commitments, in order."""
    commitments = Commitment.objects.order_by("focus_area__number", "id")
    if covenant.amends_id:
        # The commitment each continues, to mark what the amendment changed or added.
        commitments = commitments.select_related("carried_from")
    # A campaign has a handful of focus areas: read once each, not once a commitment.
    return [Prefetch("commitments", queryset=commitments), "commitments__focus_area"]


def covenant_with_parties(covenant):
    """Return the covenant's parties with their commitments and signatures, in few queries."""
    return covenant_parties(covenant).prefetch_related(*commitments_prefetch(covenant))


def party_reports(party):
    """Return a party's commitments with their reports, in four queries at most however many.

    A commitment carried over by an amendment shows the reports filed under the versions it
    continues too; they stay where they were filed, and each of those carries `earlier_version`
    (the version it was filed under; None for the commitment's own reports). Each commitment
    carries `reports_in_order` in the order of the year (Q1, Q2, H1, …; for one period, the
    earlier version first), `reports_by_period` (period -> the report that counts) and
    `latest_report`, the one that gives its status. A report replaced by one filed for the same
    period under a newer version has `superseded` set.
    """
    commitments = list(
        party.commitments.select_related("focus_area").order_by("focus_area__number", "id")
    )
    chains = commitment_chains(commitments)
    filed = defaultdict(list)
    for report in (
        ProgressReport.objects.filter(
            commitment_id__in={pk for chain in chains.values() for pk in chain}
        )
        .select_related("commitment__party__covenant", "reported_by__person", "reviewed_by__person")
        .prefetch_related("evidence")
    ):
        filed[report.commitment_id].append(report)
    for commitment in commitments:
        chain = chains[commitment.pk]
        ranked = sorted(
            (
                (_report_rank(report.period, position), report)
                for position, pk in enumerate(chain)
                for report in filed.get(pk, [])
            ),
            key=lambda item: item[0],
        )
        commitment.reports_in_order = [report for _rank, report in ranked]
        commitment.reports_by_period = {}
        for report in commitment.reports_in_order:
            report.earlier_version = (
                report.commitment.party.covenant.version
                if report.commitment_id != commitment.pk
                else None
            )
            # Later in the order means newer for the same period: it replaces the earlier one.
            commitment.reports_by_period[report.period] = report
        for report in commitment.reports_in_order:
            report.superseded = commitment.reports_by_period[report.period] is not report
        commitment.latest_report = (
            commitment.reports_in_order[-1] if commitment.reports_in_order else None
        )
    return commitments


def continuation(commitment):
    """Return the commitment that carries this one on in the version in force now (or closed
    with the campaign), or the commitment itself when no such amendment carries it."""
    current = commitment
    seen = {current.pk}
    while True:
        following = (
            Commitment.objects.filter(
                carried_from=current,
                party__covenant__status__in=COUNTED_STATUSES,
            )
            .select_related("party")
            .first()
        )
        if following is None or following.pk in seen:
            return current
        seen.add(following.pk)
        current = following


def reporting_party(party):
    """Return the same unit's party in the version of the covenant that is reported on, when it
    is not this party's version: the version in force while an amendment is being signed, the
    amendment once this version is superseded. None when this version is the one, or when the
    unit is no longer a party."""
    covenant = party.covenant
    if covenant.status == Covenant.Status.OPEN and covenant.amends_id:
        target = covenant.amends
    elif covenant.status == Covenant.Status.AMENDED:
        target, seen = covenant, set()
        while target.status == Covenant.Status.AMENDED and target.pk not in seen:
            seen.add(target.pk)
            target = Covenant.objects.filter(amends=target).first()
            if target is None:
                return None
    else:
        return None
    return (
        Party.objects.filter(covenant=target, unit_id=party.unit_id)
        .select_related("covenant", "unit")
        .first()
    )


def unit_commitments_of_year(unit, year: int) -> list:
    """Return what a unit committed to in the covenants of the year's campaigns, each with its
    `latest_report` (the report that gives its status, across amendments; None when never
    reported): what an achievement report recounts. A handful of queries however many."""
    covenants = Covenant.objects.filter(
        campaign__start_date__year__lte=year,
        campaign__end_date__year__gte=year,
        status__in=COUNTED_STATUSES,
    )
    found = []
    for party in (
        Party.objects.filter(covenant__in=covenants, unit=unit)
        .select_related("covenant__campaign", "unit")
        .order_by("covenant__campaign__start_date", "covenant__version")
    ):
        for commitment in party_reports(party):
            commitment.party = party
            found.append(commitment)
    return found
