"""Reads of the catalogue and the rule sets."""

from django.db.models import Prefetch

from awards.models import Award, Rule, RuleSet


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
