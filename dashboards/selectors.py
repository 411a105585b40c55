"""What the agency dashboard shows, each figure counted in the database and linked to the list
that shows the same rows (issue "Leadership dashboards", first increment: the headline cards)."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Case, Count, Exists, Min, OuterRef, Q, When
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from awards.models import (
    Award,
    AwardRecord,
    CouncilSession,
    Initiative,
    Nomination,
    Registration,
    RegistrationList,
)
from campaigns import selectors as campaign_selectors
from campaigns.models import Campaign, Covenant, ProgressReport
from campaigns.views.charts import progress_row, status_labels
from dashboards.charts import bar_chart, column_chart
from organizations.models import Person, Unit

QUARTER_NAMES = {1: "I", 2: "II", 3: "III", 4: "IV"}


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


def query_url(name: str, **query) -> str:
    return f"{reverse(name)}?{urlencode(query)}"


def campaigns_of(agency: Unit, year: int | None = None):
    """Return the agency's launched campaigns, newest first; of a year, those running in it."""
    campaigns = Campaign.objects.filter(organiser=agency).exclude(status=Campaign.Status.DRAFT)
    if year is None:
        return campaigns.order_by("-start_date", "-pk")
    # Of a year: the campaign with a covenant in force first (the year's own, not a wave
    # launched for a day within it), then the yearly ones, then the newest.
    in_force = Covenant.objects.filter(
        campaign=OuterRef("pk"), status__in=campaign_selectors.COUNTED_STATUSES
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


def default_year(agency: Unit, years: list[int]) -> int | None:
    """Return the year the dashboard opens on: the latest of `years` whose campaign has a
    covenant in force (what the leadership follows), else the latest; None without years.

    A year whose units have registered before its covenant is signed (January) would open on
    an empty covenant panel, the last year's picture a click away."""
    with_covenant = {
        day.year
        for day in campaigns_of(agency)
        .filter(covenants__status__in=campaign_selectors.COUNTED_STATUSES)
        .values_list("start_date", flat=True)
    }
    return first_of(years, with_covenant)


def first_of(years: list[int], preferred) -> int | None:
    """Return the first of `years` (newest first) that is `preferred`, else the first; None
    without years."""
    return next((year for year in years if year in preferred), years[0] if years else None)


def quarter_end(year: int, quarter: int) -> datetime.date:
    return datetime.date(year, 3 * quarter, 30 if quarter in (2, 3) else 31)


def quarter_label(quarter: int) -> str:
    """Name a quarter as a heading or a choice does: "Quarter III"."""
    return _("Quarter %(number)s") % {"number": QUARTER_NAMES[quarter]}


def quarter_phrase(quarter: int) -> str:
    """Name a quarter within a sentence: "quarter III"."""
    return _("quarter %(number)s") % {"number": QUARTER_NAMES[quarter]}


def reported_quarters(campaign: Campaign | None) -> list[int]:
    """Return the quarters the campaign's parties have reported for, in order."""
    if campaign is None:
        return []
    periods = (
        ProgressReport.objects.filter(commitment__party__covenant__campaign=campaign)
        .order_by()
        .values_list("period", flat=True)
        .distinct()
    )
    return sorted({campaign_selectors.QUARTER_OF_PERIOD[period] for period in periods})


def quarter_of(day: datetime.date) -> int:
    return (day.month - 1) // 3 + 1


def due_quarter(year: int, today: datetime.date | None = None) -> int:
    """Return the quarter whose reports a dashboard asks for: the one under way in the current
    year, the last of a year gone by, the first of a year to come."""
    today = today or timezone.localdate()
    if year == today.year:
        return quarter_of(today)
    return 4 if year < today.year else 1


def default_quarter(year: int, reported: list[int], today: datetime.date | None = None) -> int:
    """The quarter a dashboard opens on: the latest the parties reported for, or else the one
    under way (the year's last, for a year gone by)."""
    current = due_quarter(year, today)
    return max((q for q in reported if q <= current), default=current)


@dataclass
class Progress:
    """The campaign's commitments as they stood at a quarter's end, with the change since the
    quarter before, the parties ranked lowest first, the focus areas and the quarters."""

    campaign: Campaign
    quarter: int
    overall: dict
    statuses: list[dict]
    parties: list[dict]
    areas: list[dict]
    trend: list[dict]
    unreported: list[dict]
    late: list[dict]
    columns: list[tuple[str, str]]


def _share(tally) -> int:
    good = tally.counts.get("met", 0) + tally.counts.get("on_track", 0)
    return round(100 * good / tally.total) if tally.total else 0


def progress(campaign: Campaign | None, quarter: int, today=None) -> Progress | None:
    """Compile the campaign's progress at the end of `quarter` of its year.

    Reads the commitments once and their reports once per quarter shown: a constant number of
    queries however many parties and reports (a covenant holds tens of parties, not people).
    """
    if campaign is None:
        return None
    today = today or timezone.localdate()
    labels = status_labels()
    commitments = campaign_selectors.current_commitments(campaign)
    tallies = {
        q: campaign_selectors.progress_tallies(campaign, q, commitments=commitments)
        for q in range(1, quarter + 1)
    }
    now = tallies[quarter]
    before = tallies.get(quarter - 1)
    overall = now["overall"]
    overall_row = progress_row(overall, labels)
    statuses = [
        {
            **segment,
            "change": segment["count"] - before["overall"].counts.get(segment["status"], 0)
            if before
            else None,
        }
        for segment in overall_row["segments"]
    ]
    parties = sorted(now["parties"], key=lambda tally: (_share(tally), tally.label))
    missing = campaign_selectors.unreported_in_quarter(commitments, quarter)
    by_party = {commitment.party_id: commitment.party for commitment in commitments}
    totals = {tally.key.pk: tally.total for tally in now["parties"]}
    year = campaign.start_date.year
    # Late: due by the quarter's end, that day gone, and not met as the quarter ended.
    end = quarter_end(year, quarter)
    status_of = campaign_selectors.latest_statuses(commitments, quarter)
    late: dict[int, int] = {}
    for commitment in commitments:
        due = commitment.due_date
        if due <= end and due < today and status_of.get(commitment.pk) != "met":
            late[commitment.party_id] = late.get(commitment.party_id, 0) + 1

    def party_url(party_id):
        return reverse("campaigns:party_progress", args=[party_id])

    return Progress(
        campaign=campaign,
        quarter=quarter,
        overall=overall_row,
        statuses=statuses,
        parties=[
            {
                "label": tally.label,
                "share": _share(tally),
                "row": progress_row(tally, labels),
                "url": party_url(tally.key.pk),
            }
            for tally in parties
        ],
        areas=[progress_row(tally, labels) for tally in now["areas"]],
        trend=[
            {**progress_row(tallies[q]["overall"], labels), "label": quarter_label(q)}
            for q in tallies
        ],
        unreported=[
            {
                "label": str(by_party[party_id].unit),
                "missing": count,
                "of": totals[party_id],
                "url": party_url(party_id),
            }
            for party_id, count in sorted(
                missing.items(), key=lambda item: (-item[1], str(by_party[item[0]].unit))
            )
        ],
        late=[
            {"label": str(by_party[party_id].unit), "count": count, "url": party_url(party_id)}
            for party_id, count in sorted(
                late.items(), key=lambda item: (-item[1], str(by_party[item[0]].unit))
            )
        ],
        columns=[(key, labels[key]) for key in campaign_selectors.STATUS_KEYS],
    )


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
                url=query_url("awards:registration_table", year=year, award=award.code),
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
                url=query_url("awards:nomination_desk", year=year, status=status),
            )
            for status, label in Nomination.Status.choices
            if counts.get(status)
        ],
    )


YEARS_SHOWN = 5


@dataclass
class AwardCounts:
    """The agency's valid awards by title and year over the five years up to the one shown:
    read once for the card that compares with the year before and for the five-year chart."""

    year: int
    counts: dict[int, dict[int, int]]  # award id -> year -> count
    catalogue: list[Award]

    @property
    def years(self) -> list[int]:
        return list(range(self.year - YEARS_SHOWN + 1, self.year + 1))

    def of(self, award: Award, year: int) -> int:
        return self.counts[award.pk].get(year, 0)


def award_counts(agency: Unit, year: int, cutoff: datetime.date | None = None) -> AwardCounts:
    """Count the valid awards of the agency's people and of its units, by title and year.

    The people's and the units' awards are counted apart and added up: an award belongs to one
    or the other, and each count then reads its own index (an OR over both joins reads every
    award of every year with both joins, twice as slow on a province). With `cutoff`, only the
    awards decided by that day (the interim report's). Three queries.
    """
    years = list(range(year - YEARS_SHOWN + 1, year + 1))
    valid = AwardRecord.objects.filter(status=AwardRecord.Status.VALID, year__in=years)
    if cutoff:
        valid = valid.filter(decision_date__lte=cutoff)
    people = Person.objects.filter(unit__path__startswith=agency.path)
    counts: dict[int, dict[int, int]] = {}
    for holders in (Q(person__in=people), Q(unit__path__startswith=agency.path)):
        rows = valid.filter(holders).values_list("award", "year").annotate(n=Count("pk"))
        for award_id, row_year, n in rows.order_by():
            by_year = counts.setdefault(award_id, {})
            by_year[row_year] = by_year.get(row_year, 0) + n
    catalogue = list(Award.objects.filter(pk__in=counts).order_by("kind", "rank", "code"))
    return AwardCounts(year=year, counts=counts, catalogue=catalogue)


def awards(counted: AwardCounts) -> Card:
    """The titles and forms the agency's people and units hold for a year, against the year
    before (valid awards only)."""
    year = counted.year
    return Card(
        title="awards",
        figures=[
            Figure(
                label=award.name,
                count=counted.of(award, year),
                previous=counted.of(award, year - 1),
                url=_history_url(award, year),
            )
            for award in counted.catalogue
            if counted.of(award, year) or counted.of(award, year - 1)
        ],
    )


def _history_url(award: Award, year: int) -> str:
    return query_url("awards:history_list", year=year, award=award.code, status="valid")


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


def returned(agency: Unit, campaign: Campaign | None, year: int) -> dict:
    """What was sent back and not sent again: progress reports the officer returned, by party;
    registration lists returned to their unit; dossiers returned for changes."""
    reports = []
    if campaign is not None:
        rows = (
            ProgressReport.objects.filter(
                commitment__party__covenant__campaign=campaign,
                review=ProgressReport.Review.RETURNED,
            )
            .values_list("commitment__party", "commitment__party__unit__name")
            .annotate(n=Count("pk"))
            .order_by("commitment__party__unit__name")
        )
        reports = [
            {
                "label": name,
                "count": n,
                "url": reverse("campaigns:party_progress", args=[party_id]),
            }
            for party_id, name, n in rows
        ]
    lists = [
        {
            "label": name,
            "url": reverse("awards:registration_unit", args=[code]) + f"?year={year}",
        }
        for code, name in RegistrationList.objects.filter(
            unit__path__startswith=agency.path, year=year, status=RegistrationList.Status.RETURNED
        )
        .order_by("unit__name")
        .values_list("unit__code", "unit__name")
    ]
    dossiers = Nomination.objects.filter(
        nomination_list__unit__path__startswith=agency.path,
        year=year,
        status=Nomination.Status.RETURNED,
    ).count()
    return {
        "reports": reports,
        "lists": lists,
        "dossiers": dossiers,
        "dossiers_url": query_url(
            "awards:nomination_desk", year=year, status=Nomination.Status.RETURNED
        ),
    }


def awards_over_years(counted: AwardCounts) -> dict:
    """Valid awards by title over the five years up to the one shown: a row of columns a title."""
    years = counted.years
    return column_chart(
        years,
        [
            (award.name, [(counted.of(award, y), _history_url(award, y)) for y in years])
            for award in counted.catalogue
        ],
    )


def initiatives_by_level(user, year: int):
    """The initiatives recognised in the year, by their scope of effect, as the initiative
    list counts them for the user (the officer and the leadership see the agency's)."""
    counts = dict(
        Initiative.objects.visible_to(user)
        .filter(decision_date__year=year)
        .values_list("scope")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return bar_chart(
        (label, counts.get(scope, 0), query_url("awards:initiative_list", year=year, scope=scope))
        for scope, label in Initiative.Scope.choices
    )
