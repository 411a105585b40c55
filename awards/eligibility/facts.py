"""Load what the engine judges from: ratings, discipline, award history, initiatives, members,
registrations.

Each loader runs a fixed number of queries, whatever the number of records or members, so a
verdict for a unit of 30 costs what a verdict for a unit of 5 costs.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Q

from awards.models import AwardRecord, CouncilItem, InitiativeAuthor, Registration
from organizations.models import (
    AnnualRating,
    DisciplineRecord,
    LeaveRecord,
    PendingReview,
    Person,
    UnitRating,
)


def year_bounds(year):
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def overlaps_year(start_field, end_field, year):
    """Return a filter for periods that overlap the year (open-ended periods run on)."""
    first, last = year_bounds(year)
    return Q(**{f"{start_field}__lte": last}) & (
        Q(**{f"{end_field}__isnull": True}) | Q(**{f"{end_field}__gte": first})
    )


@dataclass
class PersonFacts:
    """The records of one person the person titles are judged from."""

    person: Person
    ratings: dict = field(default_factory=dict)  # year -> level
    disciplines: list = field(default_factory=list)  # all, oldest first
    awards: list = field(default_factory=list)  # valid AwardRecords, with award loaded
    initiatives: list = field(default_factory=list)  # Initiatives the person co-authored
    leaves: list = field(default_factory=list)  # LeaveRecords, oldest first
    reviews: list = field(default_factory=list)  # PendingReviews, oldest first
    registrations: list = field(default_factory=list)  # the person's Registrations, every year
    # (award code, year) -> the council's counted item on the person's dossier
    council_votes: dict = field(default_factory=dict)

    def disciplines_during(self, year):
        first, last = year_bounds(year)
        return [
            d
            for d in self.disciplines
            if d.start_date <= last and (d.end_date is None or d.end_date >= first)
        ]

    def award_years(self, code):
        """Return {year: record} of the person's valid awards with a code."""
        return {r.year: r for r in self.awards if r.award.code == code}


def load_person(person):
    return load_people([person])[person.pk]


def load_people(people):
    """Return {person id: PersonFacts} for several people, in as many queries as one costs:
    a page judging a unit's dossiers loads their records together."""
    found = {person.pk: PersonFacts(person) for person in people}
    ids = list(found)
    if not ids:
        return found
    for person_id, year, level in AnnualRating.objects.filter(person__in=ids).values_list(
        "person_id", "year", "level"
    ):
        found[person_id].ratings[year] = level
    for discipline in DisciplineRecord.objects.filter(person__in=ids).order_by("start_date"):
        found[discipline.person_id].disciplines.append(discipline)
    for record in (
        AwardRecord.objects.filter(person__in=ids, status=AwardRecord.Status.VALID)
        .select_related("award")
        .order_by("year")
    ):
        found[record.person_id].awards.append(record)
    for author in (
        InitiativeAuthor.objects.filter(person__in=ids)
        .select_related("initiative", "initiative__used_for_award")
        .order_by("initiative__decision_date")
    ):
        found[author.person_id].initiatives.append(author.initiative)
    for leave in LeaveRecord.objects.filter(person__in=ids).order_by("start_date"):
        found[leave.person_id].leaves.append(leave)
    for review in PendingReview.objects.filter(person__in=ids).order_by("opened_on"):
        found[review.person_id].reviews.append(review)
    for registration in registrations_of(Registration.objects.filter(person__in=ids)):
        found[registration.person_id].registrations.append(registration)
    for item in (
        CouncilItem.objects.filter(nomination__person__in=ids)
        .exclude(outcome=CouncilItem.Outcome.PENDING)
        .select_related("nomination__award")
    ):
        nomination = item.nomination
        found[nomination.person_id].council_votes[(nomination.award.code, nomination.year)] = item
    return found


def registrations_of(queryset):
    """Return registrations with what a verdict shows of them (title, list), in one query."""
    return queryset.select_related("award", "registration_list").order_by(
        "year", "award__rank", "pk"
    )


@dataclass
class UnitFacts:
    """The members of a unit active in a year and their records for that year."""

    unit: object
    year: int
    members: list = field(default_factory=list)
    ratings: dict = field(default_factory=dict)  # person_id -> level
    titles: dict = field(default_factory=dict)  # award code -> set of person_ids
    disciplines: list = field(default_factory=list)  # members' disciplines overlapping the year
    unit_ratings: dict = field(default_factory=dict)  # year -> level of the unit's own rating
    unit_awards: list = field(default_factory=list)  # the unit's valid AwardRecords
    registrations: list = field(default_factory=list)  # the unit's own Registrations of the year

    def holders(self, code):
        return self.titles.get(code, set())

    def unit_award_years(self, code):
        """Return {year: record} of the unit's valid awards with a code."""
        return {r.year: r for r in self.unit_awards if r.award.code == code}


def active_members(unit, year):
    """Return the people of the unit (directly in it) who worked there at some time in the year."""
    first, last = year_bounds(year)
    return Person.objects.filter(unit=unit, start_date__lte=last).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=first)
    )


def load_unit(unit, year):
    members_qs = active_members(unit, year)
    members = list(members_qs.only("id", "code", "full_name", "sort_key"))
    ids = members_qs.values("id")
    ratings = dict(
        AnnualRating.objects.filter(person__in=ids, year=year).values_list("person_id", "level")
    )
    titles = {}
    for person_id, code in AwardRecord.objects.filter(
        person__in=ids, year=year, status=AwardRecord.Status.VALID
    ).values_list("person_id", "award__code"):
        titles.setdefault(code, set()).add(person_id)
    disciplines = list(
        DisciplineRecord.objects.filter(person__in=ids)
        .filter(overlaps_year("start_date", "end_date", year))
        .select_related("person")
        .order_by("start_date")
    )
    unit_ratings = dict(UnitRating.objects.filter(unit=unit).values_list("year", "level"))
    unit_awards = list(
        AwardRecord.objects.filter(unit=unit, status=AwardRecord.Status.VALID)
        .select_related("award")
        .order_by("year")
    )
    registrations = list(registrations_of(Registration.objects.filter(unit=unit, year=year)))
    return UnitFacts(
        unit, year, members, ratings, titles, disciplines, unit_ratings, unit_awards, registrations
    )
