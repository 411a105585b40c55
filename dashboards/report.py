"""The year-end report of an emulation campaign (báo cáo tổng kết phong trào thi đua) and the
interim one at mid-year (sơ kết): what the PDF and the workbook of dashboards.report_documents
print, gathered in a fixed number of queries whatever the number of parties, awards or people.
"""

import datetime
from dataclasses import dataclass, field
from itertools import groupby

from django.db.models import Count, Q
from django.db.models.functions import Coalesce
from django.utils import timezone, translation

from awards.models import Award, AwardRecord, CouncilItem, CouncilSession, Initiative, Nomination
from awards.services.decisions import signers
from campaigns import selectors as campaign_selectors
from campaigns.models import Campaign, CampaignReview, Commitment
from campaigns.views.charts import progress_row, status_labels
from dashboards.charts import BarChart, bar_chart
from dashboards.selectors import QUARTER_NAMES, award_counts, awards_over_years
from organizations.models import Person, Unit

# The quarter whose end the statuses are read at, for each kind of report.
QUARTER_OF_KIND = {CampaignReview.Kind.FINAL: 4, CampaignReview.Kind.INTERIM: 2}


@dataclass
class PartyCommitments:
    """A party's commitments, each with the status it had at the report's quarter."""

    unit: Unit
    commitments: list[Commitment]


@dataclass
class AwardCount:
    """How many awards of a title or form the people and collectives of a unit received."""

    unit_name: str
    award_name: str
    award_kind: str
    count: int
    unit_path: str = ""


@dataclass
class AwardTable:
    """The awards of the year by the agency's units (its direct sub-units, each with the units
    below it) and title: what the PDF prints, however many units lie deeper."""

    titles: list[str]
    rows: list[tuple[str, list[int], int]]  # unit name, count by title, total
    totals: list[int]


def award_table(agency: Unit, counts: list[AwardCount]) -> AwardTable:
    """Roll the counts by unit up to the agency's direct sub-units; what the agency's own people
    and the agency itself received makes a row of its own, first. Reads the sub-units once."""
    titles = list(dict.fromkeys(row.award_name for row in counts))
    column = {title: index for index, title in enumerate(titles)}
    names = {agency.path: agency.name}
    names.update(Unit.objects.filter(parent=agency).values_list("path", "name"))
    by_unit: dict[str, list[int]] = {}
    for row in counts:
        code = row.unit_path[len(agency.path) :].split("/", 1)[0]
        key = f"{agency.path}{code}/" if code else agency.path
        by_unit.setdefault(key, [0] * len(titles))[column[row.award_name]] += row.count
    order = sorted(by_unit, key=lambda path: (path != agency.path, names.get(path, path)))
    rows = [(names.get(path, path), by_unit[path], sum(by_unit[path])) for path in order]
    totals = [sum(values[index] for _name, values, _total in rows) for index in range(len(titles))]
    return AwardTable(titles=titles, rows=rows, totals=totals)


@dataclass
class YearReport:
    """What the report says: the campaign's results at the end of the year (or of its first
    half), the awards, initiatives and council sessions of the agency, and the conclusions."""

    campaign: Campaign
    kind: CampaignReview.Kind
    agency: Unit
    parent_agency: Unit | None
    year: int
    quarter: int
    starts: datetime.date
    ends: datetime.date
    # The interim report counts what was decided by mid-year; the final one, all of the year.
    cutoff: datetime.date | None
    place: str
    columns: list[tuple[str, str]]
    overall: dict
    focus_areas: list
    area_rows: list[dict]
    party_rows: list[dict]
    parties: list[PartyCommitments]
    awards_by_unit: list[AwardCount]
    award_table: AwardTable
    awards_chart: BarChart
    years_chart: dict
    initiative_counts: dict[str, int]
    initiatives_chart: BarChart
    initiatives: list[Initiative]
    one_off: list[AwardRecord]
    sessions: list[CouncilSession]
    review: CampaignReview | None
    signer: Person | None
    compiled_on: datetime.date = field(default_factory=timezone.localdate)

    @property
    def is_final(self) -> bool:
        return self.kind == CampaignReview.Kind.FINAL

    @property
    def conclusions(self) -> str:
        return self.review.conclusions.strip() if self.review is not None else ""

    @property
    def quarter_name(self) -> str:
        return QUARTER_NAMES[self.quarter]

    @property
    def campaign_title(self) -> str:
        """Return the campaign's name as it reads inside a sentence ("phong trào thi đua …")."""
        name = self.campaign.name
        if name[:1].isupper() and not name[1:2].isupper():
            return name[:1].lower() + name[1:]
        return name

    @property
    def awards_total(self) -> int:
        return sum(row.count for row in self.awards_by_unit)

    @property
    def notable_initiatives(self) -> list[Initiative]:
        """The initiatives of provincial or national effect, which the PDF lists by name (the
        workbook lists them all)."""
        return [item for item in self.initiatives if item.scope != Initiative.Scope.UNIT]


def _in_agency(agency: Unit) -> Q:
    return Q(person__unit__path__startswith=agency.path) | Q(unit__path__startswith=agency.path)


def _valid_awards(agency: Unit, cutoff: datetime.date | None):
    records = AwardRecord.objects.filter(_in_agency(agency), status=AwardRecord.Status.VALID)
    return records.filter(decision_date__lte=cutoff) if cutoff else records


def _awards_by_unit(records, year: int) -> list[AwardCount]:
    # A person's award counts for the person's unit; a collective's for the collective.
    rows = (
        records.filter(year=year)
        .annotate(
            holder_path=Coalesce("person__unit__path", "unit__path"),
            holder_name=Coalesce("person__unit__name", "unit__name"),
        )
        .values("holder_path", "holder_name", "award__name_vi", "award__kind", "award__rank")
        .annotate(n=Count("pk"))
        .order_by("award__kind", "award__rank", "award__name_vi", "holder_path")
    )
    kinds = dict(Award.Kind.choices)
    return [
        AwardCount(
            unit_name=row["holder_name"],
            award_name=row["award__name_vi"],
            award_kind=str(kinds.get(row["award__kind"], row["award__kind"])),
            count=row["n"],
            unit_path=row["holder_path"],
        )
        for row in rows
    ]


def _awards_chart(rows: list[AwardCount]) -> BarChart:
    totals: dict[str, int] = {}
    for row in rows:
        totals[row.award_name] = totals.get(row.award_name, 0) + row.count
    return bar_chart((name, count, "") for name, count in totals.items())


def _initiatives(agency: Unit, year: int, cutoff: datetime.date | None):
    found = Initiative.objects.filter(unit__path__startswith=agency.path, decision_date__year=year)
    if cutoff:
        found = found.filter(decision_date__lte=cutoff)
    counts = dict(found.values_list("scope").annotate(n=Count("pk")).order_by())
    listed = list(found.select_related("unit").order_by("decision_date", "title", "pk"))
    return counts, listed


def _sessions(agency: Unit, year: int, cutoff: datetime.date | None) -> list[CouncilSession]:
    # The sessions on the year's dossiers, held in it or in the January after.
    sessions = CouncilSession.objects.filter(council__agency=agency, year=year)
    if cutoff:
        sessions = sessions.filter(starts_at__date__lte=cutoff)
    return list(
        sessions.annotate(
            considered=Count("items"),
            passed=Count("items", filter=Q(items__outcome=CouncilItem.Outcome.PASSED)),
        ).order_by("starts_at", "pk")
    )


def _party_commitments(commitments, statuses, labels) -> list[PartyCommitments]:
    parties = []
    for _party_id, rows in groupby(commitments, key=lambda commitment: commitment.party_id):
        rows = list(rows)
        for commitment in rows:
            commitment.status = statuses.get(commitment.pk, campaign_selectors.NOT_REPORTED)
            commitment.status_label = labels[commitment.status]
        parties.append(PartyCommitments(unit=rows[0].party.unit, commitments=rows))
    return parties


def year_report(campaign: Campaign, kind) -> YearReport:
    """Compile the final (tổng kết) or interim (sơ kết) report of a campaign's year.

    The final report reads the statuses at the end of the fourth quarter and the awards of the
    year; the interim one, the statuses at the end of the second quarter and what was decided
    by 30 June. Counts are the database's; the labels are Vietnamese, as the report is an
    official text.
    """
    kind = CampaignReview.Kind(kind)
    quarter = QUARTER_OF_KIND[kind]
    year = campaign.year
    cutoff = datetime.date(year, 6, 30) if kind == CampaignReview.Kind.INTERIM else None
    agency = campaign.organiser
    with translation.override("vi"):
        labels = status_labels()
        commitments = campaign_selectors.current_commitments(campaign)
        tallies = campaign_selectors.progress_tallies(campaign, quarter, commitments=commitments)
        statuses = campaign_selectors.latest_statuses(commitments, quarter)
        area_tallies = {tally.key.pk: tally for tally in tallies["areas"]}
        focus_areas = list(campaign.focus_areas.order_by("number"))
        for area in focus_areas:
            tally = area_tallies.get(area.pk) or campaign_selectors.Tally(label=str(area))
            area.row = progress_row(tally, labels)
        records = _valid_awards(agency, cutoff)
        awards_by_unit = _awards_by_unit(records, year)
        initiative_counts, initiatives = _initiatives(agency, year, cutoff)
        one_off = list(
            records.filter(year=year, nomination__kind=Nomination.Kind.ONE_OFF)
            .select_related("award", "person__unit", "unit")
            .order_by("decision_date", "award__rank", "pk")
        )
        place = (
            campaign_selectors.current_covenants(campaign)
            .values_list("signing_place", flat=True)
            .last()
        )
        return YearReport(
            campaign=campaign,
            kind=kind,
            agency=agency,
            parent_agency=agency.parent,
            year=year,
            quarter=quarter,
            starts=max(campaign.start_date, datetime.date(year, 1, 1)),
            ends=cutoff or min(campaign.end_date, datetime.date(year, 12, 31)),
            cutoff=cutoff,
            place=place or "",
            columns=[(key, labels[key]) for key in campaign_selectors.STATUS_KEYS],
            overall=progress_row(tallies["overall"], labels),
            focus_areas=focus_areas,
            area_rows=[area.row for area in focus_areas],
            party_rows=[progress_row(tally, labels) for tally in tallies["parties"]],
            parties=_party_commitments(commitments, statuses, labels),
            awards_by_unit=awards_by_unit,
            award_table=award_table(agency, awards_by_unit),
            awards_chart=_awards_chart(awards_by_unit),
            years_chart=awards_over_years(award_counts(agency, year, cutoff)),
            initiative_counts=initiative_counts,
            initiatives_chart=bar_chart(
                (str(label), initiative_counts.get(scope, 0), "")
                for scope, label in Initiative.Scope.choices
            ),
            initiatives=initiatives,
            one_off=one_off,
            sessions=_sessions(agency, year, cutoff),
            review=campaign.reviews.filter(kind=kind).first(),
            signer=signers(agency).first(),
        )


def report_queryset():
    """Return the campaigns a report is made for: launched ones, with their agency loaded."""
    return Campaign.objects.exclude(status=Campaign.Status.DRAFT).select_related(
        "organiser__parent"
    )
