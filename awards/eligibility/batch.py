"""The batch a CSTĐCS quota is decided on, shared by the eligibility page and command."""

from awards.models import RuleSet
from organizations.models import AnnualRating, Person, Unit

QUOTA_RULE_KEY = "cstdcs.quota_percent_of_ldtt"
# The units whose head decides CSTĐCS: the agency, or a public service unit under it.
DECIDING_UNIT_KINDS = (Unit.Kind.AGENCY, Unit.Kind.SUBORDINATE_UNIT)


def deciding_unit(unit):
    """Return the agency or public service unit at or above a unit."""
    codes = [code for code in unit.path.split("/") if code]
    found = Unit.objects.filter(code__in=codes, kind__in=DECIDING_UNIT_KINDS)
    return max(found, key=lambda u: len(u.path), default=unit)


def quota_unit(person, year):
    """Return the unit whose CSTĐCS quota a person counts in (the deciding unit at or above the
    person's unit), or None when the year's rule set has no quota."""
    rule_set = RuleSet.objects.for_year(year)
    if rule_set is None or not rule_set.rules.filter(key=QUOTA_RULE_KEY).exists():
        return None
    return deciding_unit(person.unit)


def cstdcs_batch(person, year):
    """Return (unit, nominees) for the CSTĐCS quota, or None when the rule set has no quota.

    The batch is everyone of the deciding unit (the person's agency or public service unit, and
    the units below it) rated "excellently completed duties" for the year, plus the person: the
    candidates the head would propose together. The quota counts the advanced workers (LĐTT
    recorded for the year) of the same units.
    """
    unit = quota_unit(person, year)
    if unit is None:
        return None
    nominees = list(
        Person.objects.filter(
            unit__path__startswith=unit.path,
            ratings__year=year,
            ratings__level=AnnualRating.Level.EXCELLENT,
        ).only("id", "code", "full_name", "sort_key")
    )
    if all(n.pk != person.pk for n in nominees):
        nominees.append(person)
    return unit, nominees
