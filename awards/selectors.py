"""Reads of the catalogue, the rule sets, initiatives and the award history."""

from django.db.models import Exists, OuterRef, Prefetch, Q

from awards.models import Award, AwardRecord, Initiative, InitiativeAuthor, Rule, RuleSet
from organizations.models import Person
from organizations.scope import scope_filter, scope_for


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


# Initiatives and the award history: what a user may see, and what the list pages show.


def initiatives_visible_to(user):
    """Return the initiatives whose unit or one of whose authors lies inside the user's scope."""
    if scope_for(user).everything:
        return Initiative.objects.all()
    by_author = InitiativeAuthor.objects.filter(
        initiative=OuterRef("pk"), person__in=Person.objects.visible_to(user)
    )
    # A prefix match never matches a missing unit, so an initiative without one is visible
    # through its authors only.
    return Initiative.objects.filter(scope_filter(user, "unit__path") | Q(Exists(by_author)))


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
        initiatives_visible_to(user)
        .select_related("unit", "used_for_award")
        .prefetch_related(initiative_authors())
        .order_by("-decision_date", "title", "pk")
    )


def award_records_visible_to(user):
    """Return the award records of the people and the units inside the user's scope."""
    if scope_for(user).everything:
        return AwardRecord.objects.all()
    return AwardRecord.objects.filter(
        Q(person__in=Person.objects.visible_to(user)) | scope_filter(user, "unit__path")
    )


def history_list(user):
    """Return the visible award records with their award and nominee, newest year first."""
    return (
        award_records_visible_to(user)
        .select_related("award", "person", "person__unit", "unit")
        # Within a year: titles before forms, people before collectives, then rank and name.
        # Ordering by the award's subject keeps the NULL person or unit out of the sort, where
        # SQLite and PostgreSQL would disagree.
        .order_by(
            "-year",
            "-award__kind",
            "-award__subject",
            "award__rank",
            "person__sort_key",
            "unit__path",
            "pk",
        )
    )
