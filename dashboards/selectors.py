"""What the agency dashboard shows, each figure counted in the database and linked to the list
that shows the same rows (issue "Leadership dashboards", first increment: the headline cards)."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Case, Count, Exists, Min, OuterRef, Q, When
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from awards.models import Award, AwardRecord, CouncilSession, Nomination, Registration
from campaigns.models import Campaign, Covenant, ProgressReport
from campaigns.selectors import progress_tallies
from organizations.models import Unit


@dataclass
class Figure:
    """One number of a card, with what it counts and the list behind it."""

    label: str
    count: int
    url: str = ""
    previous: int | None = None  # the same figure a year earlier, where the card compares


@dataclass
class Card:
    title: str
    figures: list[Figure] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(figure.count for figure in self.figures)


def _url(name: str, **query) -> str:
    return f"{reverse(name)}?{urlencode(query)}"


def campaigns_of(agency: Unit, year: int | None = None):
    """Return the agency's launched campaigns, newest first; of a year, those running in it."""
    campaigns = Campaign.objects.filter(organiser=agency).exclude(status=Campaign.Status.DRAFT)
    if year is None:
        return campaigns.order_by("-start_date", "-pk")
    # Of a year: the campaign with a covenant in force first (the year's own, not a wave
    # launched for a day within it), then the yearly ones, then the newest.
    in_force = Covenant.objects.filter(
        campaign=OuterRef("pk"), status__in=[Covenant.Status.IN_FORCE, Covenant.Status.CLOSED]
    )
    return (
        campaigns.filter(start_date__year__lte=year)
        .filter(Q(end_date__isnull=True) | Q(end_date__year__gte=year))
        .annotate(
            has_covenant=Exists(in_force),
            is_yearly=Case(When(kind=Campaign.Kind.REGULAR, then=1), default=0),
        )
        .order_by("-has_covenant", "-is_yearly", "-start_date", "-pk")
    )


def years_with_data(agency: Unit) -> list[int]:
    """Return the years that have a campaign, a registration or an award, newest first."""
    years = {day.year for day in campaigns_of(agency).values_list("start_date", flat=True)}
    years |= set(
        Registration.objects.filter(registration_list__unit__path__startswith=agency.path)
        .order_by()
        .values_list("year", flat=True)
        .distinct()
    )
    years |= set(
        AwardRecord.objects.filter(decision__agency=agency)
        .order_by()
        .values_list("year", flat=True)
        .distinct()
    )
    return sorted(years, reverse=True)


def commitments(campaign: Campaign | None) -> dict | None:
    """The campaign's commitments by their latest status, overall and by party: the ranking puts
    the party with the lowest share met or on track first, each linked to its progress page and
    drawn with the campaign page's bar (campaigns/views/charts.py)."""
    from campaigns.views.charts import progress_row, status_labels

    if campaign is None:
        return None
    tallies = progress_tallies(campaign)
    overall = tallies["overall"]
    labels = status_labels()

    def share(tally) -> int:
        good = tally.counts.get("met", 0) + tally.counts.get("on_track", 0)
        return round(100 * good / tally.total) if tally.total else 0

    parties = sorted(tallies["parties"], key=lambda tally: (share(tally), tally.label))
    return {
        "overall": overall,
        "row": progress_row(overall, labels),
        "parties": [
            {
                "label": tally.label,
                "share": share(tally),
                "row": progress_row(tally, labels),
                "url": reverse("campaigns:party_progress", args=[tally.key.pk]),
            }
            for tally in parties
        ],
        "url": campaign.get_absolute_url(),
    }


def registrations(agency: Unit, year: int) -> Card:
    in_agency = Registration.objects.filter(
        registration_list__unit__path__startswith=agency.path, year=year
    )
    counts = dict(in_agency.values_list("award").annotate(n=Count("pk")).order_by())
    catalogue = Award.objects.filter(pk__in=counts).order_by("subject", "rank", "code")
    return Card(
        title="registrations",
        figures=[
            Figure(
                label=award.name,
                count=counts[award.pk],
                url=_url("awards:registration_table", year=year, award=award.code),
            )
            for award in catalogue
        ],
    )


def nominations(agency: Unit, year: int) -> Card:
    counts = dict(
        Nomination.objects.filter(nomination_list__unit__path__startswith=agency.path, year=year)
        .exclude(status=Nomination.Status.DRAFT)
        .values_list("status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return Card(
        title="nominations",
        figures=[
            Figure(
                label=str(label),
                count=counts[status],
                url=_url("awards:nomination_desk", year=year, status=status),
            )
            for status, label in Nomination.Status.choices
            if counts.get(status)
        ],
    )


def awards(agency: Unit, year: int) -> Card:
    """The titles and forms the agency's people and units hold for a year, against the year
    before (valid awards only)."""
    rows = (
        AwardRecord.objects.filter(status=AwardRecord.Status.VALID, year__in=[year, year - 1])
        .filter(_in_agency(agency))
        .values_list("award", "year")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts: dict[int, dict[int, int]] = {}
    for award_id, row_year, n in rows:
        counts.setdefault(award_id, {})[row_year] = n
    catalogue = Award.objects.filter(pk__in=counts).order_by("kind", "rank", "code")
    return Card(
        title="awards",
        figures=[
            Figure(
                label=award.name,
                count=counts[award.pk].get(year, 0),
                previous=counts[award.pk].get(year - 1, 0),
                url=_url("awards:history_list", year=year, award=award.code, status="valid"),
            )
            for award in catalogue
        ],
    )


def _in_agency(agency: Unit):
    return Q(person__unit__path__startswith=agency.path) | Q(unit__path__startswith=agency.path)


def waiting_reports(campaign: Campaign | None) -> dict | None:
    """The campaign's progress reports awaiting the officer's review, and since when."""
    if campaign is None:
        return None
    waiting = ProgressReport.objects.filter(
        commitment__party__covenant__campaign=campaign, review=ProgressReport.Review.PENDING
    ).aggregate(count=Count("pk"), oldest=Min("reported_at"))
    return {**waiting, "url": reverse("campaigns:reports_pending", args=[campaign.code])}


def coming(agency: Unit, campaign: Campaign | None, today: datetime.date | None = None) -> dict:
    """The campaign's next milestones and the agency council's next session."""
    today = today or timezone.localdate()
    milestones = (
        list(campaign.milestones.filter(date__gte=today).order_by("date", "pk")[:3])
        if campaign is not None
        else []
    )
    session = (
        CouncilSession.objects.filter(
            council__agency=agency,
            starts_at__date__gte=today,
            status__in=[CouncilSession.Status.PREPARING, CouncilSession.Status.VOTING],
        )
        .order_by("starts_at", "pk")
        .first()
    )
    return {"milestones": milestones, "session": session}
