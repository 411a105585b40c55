"""What a unit's dashboard shows and what waits for a person on the home page ("Việc cần làm").

Reads only, each figure counted in the database with a number of queries that does not grow with
the people, the commitments or the reports.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from awards.models import Award, Nomination, NominationList, Registration, RegistrationList
from campaigns import selectors as campaign_selectors
from campaigns.models import Campaign, Commitment, Covenant, Party, ProgressReport
from campaigns.views.charts import progress_row, status_labels
from dashboards.rules import led_paths
from dashboards.selectors import (
    due_quarter,
    first_of,
    quarter_end,
    quarter_label,
    quarter_of,
    query_url,
)
from organizations import roles
from organizations.models import AnnualRating, Person, Unit
from organizations.selectors import rating_counts


def _latest_status(reports: dict[str, tuple[str, str]]) -> str:
    for period in reversed(campaign_selectors.PERIOD_ORDER):
        if period in reports:
            return reports[period][0]
    return campaign_selectors.NOT_REPORTED


def _returned(reports: dict[str, tuple[str, str]]) -> int:
    return sum(
        1 for _status, review in reports.values() if review == ProgressReport.Review.RETURNED
    )


# --- the unit's dashboard --------------------------------------------------------------------


def years_with_data(unit: Unit) -> list[int]:
    """Return the years in which the unit is a party to a covenant in force or has a registration
    or a nomination list, newest first; one query."""
    campaigns = Campaign.objects.filter(
        covenants__parties__unit=unit, covenants__status__in=campaign_selectors.COUNTED_STATUSES
    ).order_by()
    years = (
        campaigns.values_list("start_date__year")
        .union(
            campaigns.values_list("end_date__year"),
            RegistrationList.objects.filter(unit=unit).order_by().values_list("year"),
            NominationList.objects.filter(unit=unit).order_by().values_list("year"),
        )
        .values_list("start_date__year", flat=True)
    )
    return sorted(set(years), reverse=True)


def default_year(unit: Unit, years: list[int]) -> int | None:
    """Return the year the unit's dashboard opens on: the latest of `years` in which the unit is
    a party to a covenant in force (its commitments, what its head follows all year), else the
    latest. A unit that has registered for a new year before its covenant is signed would open
    on an empty commitments panel."""
    with_covenant = set(
        Campaign.objects.filter(
            covenants__parties__unit=unit,
            covenants__status__in=campaign_selectors.COUNTED_STATUSES,
        ).values_list("start_date__year", flat=True)
    )
    return first_of(years, with_covenant)


@dataclass
class CommitmentRow:
    """A commitment with its latest status and what it asks for in the quarter."""

    commitment: Commitment
    status: str
    label: str
    colour: str
    unreported: bool  # no report for the quarter yet
    due: bool  # due by the quarter's end and not met
    overdue: bool  # its due date has passed and it is not met
    returned: int  # reports the officer returned that wait to be reported again


@dataclass
class PartyCommitments:
    """One party of the unit in a covenant of the year: its commitments and where it reports."""

    party: Party
    url: str
    rows: list[CommitmentRow] = field(default_factory=list)
    bar: dict | None = None

    @property
    def unreported(self) -> int:
        return sum(row.unreported for row in self.rows)

    @property
    def due(self) -> int:
        return sum(row.due for row in self.rows)


@dataclass
class Commitments:
    quarter: int
    label: str
    parties: list[PartyCommitments]

    @property
    def total(self) -> int:
        return sum(len(party.rows) for party in self.parties)

    @property
    def unreported(self) -> int:
        return sum(party.unreported for party in self.parties)

    @property
    def due(self) -> int:
        return sum(party.due for party in self.parties)


def commitments(unit: Unit, year: int, today: datetime.date | None = None) -> Commitments:
    """Return the unit's commitments in the covenants of the year's campaigns, by party, each
    with its latest status and what is due in the quarter `due_quarter` names; four queries."""
    today = today or timezone.localdate()
    quarter = due_quarter(year, today)
    periods = campaign_selectors.periods_of_quarter(quarter)
    deadline = quarter_end(year, quarter)
    found = list(
        Commitment.objects.filter(
            party__unit=unit,
            party__covenant__status__in=campaign_selectors.COUNTED_STATUSES,
            party__covenant__campaign__start_date__year__lte=year,
            party__covenant__campaign__end_date__year__gte=year,
        )
        .select_related("party__covenant__campaign", "focus_area")
        .order_by(
            "party__covenant__campaign__start_date",
            "party__covenant__version",
            "focus_area__number",
            "id",
        )
    )
    standing = campaign_selectors.reports_by_period(found)
    labels = status_labels()
    parties: dict[int, PartyCommitments] = {}
    tallies: dict[int, campaign_selectors.Tally] = {}
    for commitment in found:
        party = commitment.party
        block = parties.get(party.pk)
        if block is None:
            block = parties[party.pk] = PartyCommitments(
                party=party, url=reverse("campaigns:party_progress", args=[party.pk])
            )
            tallies[party.pk] = campaign_selectors.Tally(label=str(unit), key=party)
        reports = standing.get(commitment.pk, {})
        status = _latest_status(reports)
        met = status == ProgressReport.Status.MET
        block.rows.append(
            CommitmentRow(
                commitment=commitment,
                status=status,
                label=labels[status],
                colour=(
                    "secondary"
                    if status == campaign_selectors.NOT_REPORTED
                    else ProgressReport.Status(status).badge
                ),
                unreported=not any(period in reports for period in periods),
                due=commitment.due_date <= deadline and not met,
                overdue=commitment.due_date < today and not met,
                returned=_returned(reports),
            )
        )
        tallies[party.pk].counts[status] += 1
    for pk, block in parties.items():
        block.bar = progress_row(tallies[pk], labels)
    return Commitments(
        quarter=quarter, label=quarter_label(quarter), parties=list(parties.values())
    )


def registrations(unit: Unit, year: int) -> dict:
    """Return the unit's registration lists of the year with their status, and its registrations
    counted by title; three queries."""
    lists = list(
        RegistrationList.objects.filter(unit=unit, year=year)
        .select_related("unit", "campaign")
        .order_by("campaign__start_date", "pk")
    )
    counts = dict(
        Registration.objects.filter(registration_list__unit=unit, year=year)
        .values_list("award")
        .annotate(n=Count("pk"))
        .order_by()
    )
    catalogue = Award.objects.filter(pk__in=counts).order_by("subject", "rank", "code")
    return {
        "lists": lists,
        "titles": [{"label": award.name, "count": counts[award.pk]} for award in catalogue],
        "total": sum(counts.values()),
        "url": _year_url("awards:registration_unit", unit, year),
    }


def nominations(unit: Unit, year: int) -> dict:
    """Return the unit's nomination lists of the year with their status, and its dossiers
    counted by status; two queries."""
    lists = list(
        NominationList.objects.filter(unit=unit, year=year)
        .select_related("unit", "campaign")
        .order_by("campaign__start_date", "pk")
    )
    counts = dict(
        Nomination.objects.filter(nomination_list__unit=unit, year=year)
        .values_list("status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {
        "lists": lists,
        "statuses": [
            {"label": label, "count": counts[status], "colour": Nomination.Status(status).badge}
            for status, label in Nomination.Status.choices
            if counts.get(status)
        ],
        "total": sum(counts.values()),
        "url": _year_url("awards:nomination_unit", unit, year),
    }


def ratings(unit: Unit, year: int, today: datetime.date | None = None) -> dict | None:
    """Count the unit's working people (with the units below it) by their rating in the latest
    year rated up to `year`; None for a mass organisation, whose members are rated in their own
    units. Three queries."""
    if Unit.Kind(unit.kind).is_mass_organisation:
        return None
    people = Person.objects.in_subtree(unit).active(today)
    rated_year = AnnualRating.objects.filter(person__in=people, year__lte=year).aggregate(
        year=Max("year")
    )["year"]
    query = {"unit": unit.code, "status": "active"}
    return {
        **rating_counts(people, rated_year),
        "people_url": query_url("organizations:person_list", **query),
        "missing_url": query_url(
            "organizations:person_list", **query, missing_rating=rated_year or year
        ),
    }


def _year_url(name: str, unit: Unit, year: int) -> str:
    return f"{reverse(name, args=[unit.code])}?{urlencode({'year': year})}"


# --- the home page's "to do" card --------------------------------------------------------------


@dataclass
class PartyTask:
    party: Party
    count: int
    url: str


@dataclass
class Todo:
    """What waits for a person: covenants to sign, progress to report or report again, and the
    lists the emulation office returned to its unit; with the dashboards it may open."""

    quarter_label: str
    unsigned: list[Party] = field(default_factory=list)
    unreported: list[PartyTask] = field(default_factory=list)
    returned_reports: list[PartyTask] = field(default_factory=list)
    registration_lists: list[RegistrationList] = field(default_factory=list)
    nomination_lists: list[NominationList] = field(default_factory=list)
    dashboards: list[Unit] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (
            self.unsigned
            or self.unreported
            or self.returned_reports
            or self.registration_lists
            or self.nomination_lists
        )


def todo(user, person: Person | None, today: datetime.date | None = None) -> Todo | None:
    """Return what waits for the person; None when it neither speaks for a unit (a head, a union
    chair, the leadership for its board) nor has anything to do. A constant number of queries.

    - covenants open for signature where it is a party's representative and has not signed;
    - the parties it represents or whose unit it speaks for, in the covenants in force of the
      current year's campaigns open for reports: commitments without a report for the quarter
      under way, and reports the officer returned that wait to be reported again;
    - the registration lists of the unit it heads that were returned, and its nomination lists
      holding dossiers returned for changes.
    """
    if person is None:
        return None
    today = today or timezone.localdate()
    quarter = quarter_of(today)
    speaks_for = set(led_paths(user))
    if roles.has_role(user, roles.LEADERSHIP) and person.unit.kind == Unit.Kind.LEADERSHIP_BOARD:
        speaks_for.add(person.unit.path)
    found = Todo(quarter_label=quarter_label(quarter))
    found.unsigned = list(
        Party.objects.visible_to(user)
        .filter(
            representative=person,
            covenant__status=Covenant.Status.OPEN,
            signature__isnull=True,
        )
        .select_related("covenant__campaign", "unit")
        .order_by("covenant__signing_date", "pk")
    )
    theirs = Q(party__representative=person)
    if speaks_for:
        theirs |= Q(party__unit__path__in=speaks_for)
    commitments = list(
        Commitment.objects.visible_to(user)
        .filter(theirs)
        .filter(
            party__covenant__status=Covenant.Status.IN_FORCE,
            party__covenant__campaign__status__in=Campaign.Status.open_for_reports,
            party__covenant__campaign__start_date__year__lte=today.year,
            party__covenant__campaign__end_date__year__gte=today.year,
        )
        .select_related("party__unit", "party__covenant")
        .order_by("party__covenant__signing_date", "party__order", "party_id")
    )
    standing = campaign_selectors.reports_by_period(commitments)
    periods = campaign_selectors.periods_of_quarter(quarter)
    unreported: dict[int, int] = defaultdict(int)
    returned: dict[int, int] = defaultdict(int)
    by_party: dict[int, Party] = {}
    for commitment in commitments:
        by_party[commitment.party_id] = commitment.party
        reports = standing.get(commitment.pk, {})
        if not any(period in reports for period in periods):
            unreported[commitment.party_id] += 1
        returned[commitment.party_id] += _returned(reports)
    found.unreported = _party_tasks(by_party, unreported)
    found.returned_reports = _party_tasks(by_party, returned)
    heads = roles.has_role(user, roles.UNIT_HEAD)
    if heads:
        found.registration_lists = list(
            RegistrationList.objects.filter(
                unit=person.unit, status=RegistrationList.Status.RETURNED
            )
            .select_related("unit", "campaign")
            .order_by("-year", "pk")
        )
        found.nomination_lists = list(
            NominationList.objects.filter(unit=person.unit)
            .annotate(
                returned=Count(
                    "nominations", filter=Q(nominations__status=Nomination.Status.RETURNED)
                )
            )
            .filter(returned__gt=0)
            .select_related("unit", "campaign")
            .order_by("-year", "pk")
        )
    if not speaks_for and found.is_empty:
        return None
    # Its own unit's dashboard, unless it works there without heading it (a union chair
    # working in a division), then those of the organisations it chairs.
    candidates = [person.unit]
    candidates += Unit.objects.filter(path__in=speaks_for - {person.unit.path}).order_by("path")
    found.dashboards = [unit for unit in candidates if user.has_perm("dashboards.view_unit", unit)]
    return found


def _party_tasks(parties: dict[int, Party], counts: dict[int, int]) -> list[PartyTask]:
    return [
        PartyTask(
            party=parties[pk],
            count=count,
            url=reverse("campaigns:party_progress", args=[pk]),
        )
        for pk, count in counts.items()
        if count
    ]
