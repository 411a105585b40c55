"""Reads of the catalogue, the rule sets, initiatives, the award history, registrations and
nominations."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Exists, F, Max, Min, OuterRef, Prefetch, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language

from awards.models import (
    Award,
    AwardRecord,
    CouncilItem,
    Decision,
    Initiative,
    InitiativeAuthor,
    Nomination,
    Registration,
    Rule,
    RuleSet,
)
from awards.models.council import share_of
from campaigns.models import Campaign
from organizations import summaries
from organizations.listing import CappedCount, among, capped_count, keys_or_rows
from organizations.models import Person, Unit
from organizations.scope import holds_every_unit
from organizations.selectors import people_named, units_named
from organizations.vietnamese import fold


def catalogue(subject: str | None = None) -> tuple[list[Award], list[Award]]:
    """Return the active titles and the active forms of commendation as two separate lists."""
    awards = Award.objects.filter(is_active=True)
    if subject:
        awards = awards.for_subject(subject)
    # Kept as two querysets so no caller can get titles and forms mixed in one list.
    return list(awards.titles()), list(awards.forms())


def rule_sets_with_rules():
    """Return every rule set, oldest first, with its rules prefetched in key order."""
    return RuleSet.objects.order_by("effective_from").prefetch_related(
        Prefetch("rules", queryset=Rule.objects.order_by("key"))
    )


@dataclass(frozen=True)
class RuleChange:
    """The latest recorded change of a rule: when, by whom ("" when no user), and whether the
    rule was added then rather than changed."""

    at: object
    by: str
    added: bool


def catalogue_version() -> str:
    """Return a version of the awards, rule sets and rules, which the maintainers change in the
    admin rather than through a service: the latest entry of each one's history (a read of
    each history's primary key index). What the engine judged is kept under it as well as
    under the services' events."""
    return ".".join(
        str(model.history.aggregate(latest=Max("history_id"))["latest"] or 0)
        for model in (Award, RuleSet, Rule)
    )


def kept_judgement(key: str, compute):
    """Return `compute()`, something the eligibility engine judged, kept until a service writes
    anything (the records it reads change only through services, each recording an event), an
    award, rule set or rule changes in the admin, or the day turns (time served counts up to
    it). `key` says what else it depends on: the nominees, the year, the reader."""
    today = timezone.localdate()
    return summaries.cached(
        summaries.RECORDS, f"judged:{key}:{catalogue_version()}:{today:%Y%m%d}", compute
    )


def last_rule_changes(rules) -> dict[int, RuleChange]:
    """Return {rule id: its latest recorded change} for the rules, in one query.

    Rules loaded with their rule set by a migration have no history: they are absent.
    """
    ids = {rule.pk for rule in rules}
    if not ids:
        return {}
    latest = (
        Rule.history.filter(id=OuterRef("id"))
        .order_by("-history_date", "-history_id")
        .values("history_id")[:1]
    )
    rows = Rule.history.filter(id__in=ids, history_id=Subquery(latest)).select_related(
        "history_user__person"
    )
    changes = {}
    for row in rows:
        user = row.history_user
        person = getattr(user, "person", None) if user is not None else None
        by = person.full_name if person is not None else (user.get_username() if user else "")
        changes[row.id] = RuleChange(at=row.history_date, by=by, added=row.history_type == "+")
    return changes


# Initiatives and the award history: what a user may see, and what the list pages show.


def initiative_authors():
    """Return the prefetch of an initiative's authors, largest share first."""
    return Prefetch(
        "authors",
        queryset=InitiativeAuthor.objects.select_related("person", "person__unit").order_by(
            "-share", "person__sort_key", "pk"
        ),
    )


def initiative_list(user):
    """Return the visible initiatives with what the list shows, newest decision first."""
    return (
        Initiative.objects.visible_to(user)
        .select_related("unit", "used_for_award")
        .prefetch_related(initiative_authors())
        .order_by("-decision_date", "title", "pk")
    )


def history_list(user, text: str = ""):
    """Return the award records a user may read with their award and nominee: newest year
    first, then newest decision first, a decision's awards in the order they were entered.

    The order is the columns of one index (award_record_list_idx), so a page is the index read
    in order, whatever the size of the history.

    With a text, only the records of the people and the units whose name holds it or whose code
    it is, and those whose decision number holds it. The people and the units are found in
    the user's scope first, each through its own indexes, and the records then by their keys
    alone: checked against the scope instead, each record was joined to its nominee's unit
    (7 ms for the 1,001 records of the people named "nguyen van" at 300,000 people). When the
    scope holds every unit there is (the officer of the only agency), the people are looked up
    by name alone (`holds_every_unit`): for those 809 people, 809 reads of the units fewer.
    """
    rows = AwardRecord.objects.select_related("award", "person", "person__unit", "unit").order_by(
        "-year", "-decision_date", "pk"
    )
    text = text.strip()
    if not fold(text):
        return rows.visible_to(user)
    # A record goes to one person or one unit (award_record_one_nominee): in scope when its
    # nominee is. A scope of every unit is no condition on the people.
    people = Person.objects.all() if holds_every_unit(user) else Person.objects.visible_to(user)
    found = among("person", people_named(text, people)) | among(
        "unit", units_named(Unit.objects.visible_to(user), text)
    )
    if holds_digit(text):
        visible = AwardRecord.objects.visible_to(user)
        found |= among("pk", keys_or_rows(visible.filter(numbered(text))))
    return rows.filter(found)


def holds_digit(text: str) -> bool:
    return any(char.isdigit() for char in text)


def numbered(text: str, field: str = "decision_number") -> Q:
    """The rows whose decision number (`field`) holds the text, when the text holds a digit:
    every decision number does ("15/QĐ-UBND"), no name or title words do, and the condition is
    the one search condition a trigram index answers only for texts it can narrow."""
    if not holds_digit(text):
        return Q(pk__in=[])
    return Q(**{f"{field}__icontains": text})


def history_years(this_year: int) -> list[int]:
    """Return the years the award history's filter offers: this year back to the earliest year
    recorded (read from the list's index, not from the records)."""
    earliest = AwardRecord.objects.aggregate(earliest=Min("year"))["earliest"] or this_year
    return _years_back_to(earliest, this_year)


def initiative_years(this_year: int) -> list[int]:
    """Return the years the initiatives' filter offers: this year back to the earliest
    recognition recorded (the first entry of the list's index, not a `DISTINCT` over every
    initiative in scope: 48 ms at 300,000 people)."""
    earliest = Initiative.objects.aggregate(earliest=Min("decision_date"))["earliest"]
    return _years_back_to(earliest.year if earliest else this_year, this_year)


def decision_years(this_year: int) -> list[int]:
    """Return the years the registry's filter offers: this year back to the earliest decision's
    (one read of the table's smallest year, not a `DISTINCT` over the decisions in scope)."""
    earliest = Decision.objects.aggregate(earliest=Min("year"))["earliest"] or this_year
    return _years_back_to(earliest, this_year)


def _years_back_to(earliest: int, this_year: int) -> list[int]:
    return list(range(max(this_year, earliest), earliest - 1, -1))


# Decisions


def decision_registry(user):
    """Return the decisions a user may read: the officer's drafts too, everyone else's issued."""
    decisions = Decision.objects.visible_to(user)
    if not user.has_perm("awards.manage_decisions"):
        decisions = decisions.issued()
    return decisions


def decision_register(decisions):
    """Return the awards the issued decisions among `decisions` granted: the register's rows,
    newest decision first, each decision's in the honour book's order."""
    issued = decisions.filter(status=Decision.Status.ISSUED).values("pk")
    return (
        AwardRecord.objects.filter(decision__in=issued)
        .select_related("decision", "award", "person__unit", "unit")
        .order_by("-decision__signed_on", "-decision__number", "book_number", "pk")
    )


# Registrations


def campaigns_for_year(user, year: int):
    """Return the campaigns the user sees that run in the year and are not closed."""
    return (
        Campaign.objects.visible_to(user)
        .filter(start_date__year__lte=year, end_date__year__gte=year)
        .exclude(status=Campaign.Status.CLOSED)
        .order_by("kind", "-start_date", "name")
    )


def default_campaign(user, year: int) -> Campaign | None:
    """Return the year's regular campaign, which most registrations answer, or None."""
    return campaigns_for_year(user, year).filter(kind=Campaign.Kind.REGULAR).first()


def people_working_in(unit: Unit, year: int):
    """Return the unit's people expected to register for a year.

    For the current or a coming year, those at work today; for a past year (an officer entering
    a round after the fact), everyone who worked in the unit some day of that year.
    """
    people = Person.objects.filter(unit=unit)
    if year >= timezone.localdate().year:
        return people.active()
    return people.filter(start_date__lte=datetime.date(year, 12, 31)).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=datetime.date(year, 1, 1))
    )


# Nominations


def registrations_to_nominate(unit: Unit, year: int, campaign: Campaign | None):
    """Return the unit's registrations of the year (its people's and its own, on the list of
    that campaign) not yet nominated for the title they registered, in the list's order."""

    nominated = Nomination.objects.filter(year=OuterRef("year"), award=OuterRef("award")).filter(
        Q(person=OuterRef("person"), person__isnull=False)
        | Q(unit=OuterRef("unit"), unit__isnull=False)
    )
    return (
        Registration.objects.filter(
            registration_list__unit=unit,
            registration_list__year=year,
            registration_list__campaign=campaign,
        )
        .exclude(Exists(nominated))
        .select_related("award", "person", "unit", "registration_list__campaign")
        .order_by(F("person__sort_key").asc(nulls_first=True), "award__rank", "pk")
    )


def nomination_desk(user):
    """Return the dossiers sent to the emulation office that the user sees, oldest first, with
    what the officer's desk shows of each."""
    return (
        Nomination.objects.visible_to(user)
        .exclude(status=Nomination.Status.DRAFT)
        # The joins the scope needs; the rest are fetched for the page's rows alone, since
        # planning a join of eight tables costs PostgreSQL more than reading the page does.
        .select_related("award", "nomination_list__unit")
        .prefetch_related("person", "unit")
        .order_by(F("submitted_at").asc(nulls_last=True), "pk")
    )


def nomination_stage_counts(nominations, stages=None, *, key="") -> dict[str, CappedCount]:
    """Return {stage: number of dossiers} for a queryset of nominations, each stage (every one
    but the draft unless `stages` names them) counted no further than the list limit: a query a
    stage, each reading at most that many rows of the stage's index, where a `GROUP BY` reads
    every dossier of the year.

    With a `key` (who asks and how the dossiers were filtered: whatever decides the queryset),
    the counts are kept until a service writes anything (`summaries.RECORDS`): a dossier changes
    stage only through a service, and the desk and the officer's home are read far more often
    than the units send or the officer decides."""
    if stages is None:
        stages = [status for status in Nomination.Status.values if status != "draft"]

    def count():
        return {stage: capped_count(nominations.filter(status=stage)) for stage in stages}

    if not key:
        return count()
    kept = f"nomination-stages:{key}:{','.join(stages)}:{settings.LIST_COUNT_LIMIT}"
    return summaries.cached(summaries.RECORDS, kept, count)


def sessions_awaiting(user):
    """Return the council sessions whose vote is open where the user, present, has not voted yet;
    and, for whoever keeps the sessions, those still being prepared or counted."""
    from awards.models import BallotParticipation, CouncilSession

    voting = CouncilSession.objects.filter(
        status=CouncilSession.Status.VOTING,
        roll__member__person__user=user,
        roll__member__is_active=True,
        roll__present=True,
    ).exclude(
        pk__in=BallotParticipation.objects.filter(member__person__user=user).values("item__session")
    )
    return voting.select_related("council").order_by("starts_at")


def sessions_in_progress(user):
    """Return the sessions of the user's councils that are not concluded yet, soonest first."""
    from awards.models import CouncilSession

    return (
        CouncilSession.objects.visible_to(user)
        .exclude(status=CouncilSession.Status.CONCLUDED)
        .select_related("council")
        .order_by("starts_at")
    )


@dataclass
class AgendaItem:
    """One item of a session's agenda as the session's page, its ballots and its tie show it.

    Read as values: a hundred items built as model instances with their dossiers, people, units
    and awards cost ten times the query that reads them."""

    pk: int
    position: int
    nomination_code: str
    nominee_name: str
    # The person's unit; empty for a collective.
    unit_name: str
    award_code: str
    award_name_vi: str
    award_name_en: str
    agree: int | None
    disagree: int | None
    not_returned: int | None
    members: int | None
    outcome: str
    quota_note: str
    # For the reader: whether they may open the dossier, and the rule its vote needs.
    readable: bool = False
    rule_cell: str = ""

    @property
    def award_name(self) -> str:
        return (
            self.award_name_en if (get_language() or "vi").startswith("en") else self.award_name_vi
        )

    @property
    def nomination_url(self) -> str:
        return reverse("awards:nomination_detail", args=[self.nomination_code])

    @property
    def share(self) -> float | None:
        return share_of(self.agree, self.members)

    @property
    def outcome_label(self) -> str:
        return CouncilItem.Outcome(self.outcome).label

    @property
    def outcome_badge(self) -> str:
        return CouncilItem.Outcome(self.outcome).badge


_AGENDA_FIELDS = {
    "pk": "pk",
    "position": "position",
    "nomination_code": "nomination__code",
    "person": "nomination__person_id",
    "full_name": "nomination__person__full_name",
    "unit_name": "nomination__person__unit__name",
    "collective_name": "nomination__unit__name",
    "award_code": "nomination__award__code",
    "award_name_vi": "nomination__award__name_vi",
    "award_name_en": "nomination__award__name_en",
    "agree": "agree",
    "disagree": "disagree",
    "not_returned": "not_returned",
    "members": "members",
    "outcome": "outcome",
    "quota_note": "quota_note",
}


def agenda(session) -> list[AgendaItem]:
    """Return the session's agenda in order."""
    items = []
    for row in session.items.order_by("position", "pk").values(*_AGENDA_FIELDS.values()):
        values = {name: row[field] for name, field in _AGENDA_FIELDS.items()}
        person = values.pop("person")
        full_name, collective_name = values.pop("full_name"), values.pop("collective_name")
        values["nominee_name"] = full_name if person else collective_name
        values["unit_name"] = values["unit_name"] if person else ""
        items.append(AgendaItem(**values))
    return items
