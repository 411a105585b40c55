"""Who reads the agency's dashboard: the leadership and the emulation officer."""

import rules

from organizations.models import Membership, Person
from organizations.rules import is_leadership, is_officer, is_union_chair, is_unit_head
from organizations.scope import scope_for

rules.add_perm("dashboards.view_agency", rules.is_authenticated & (is_leadership | is_officer))

# A unit's dashboard (dashboards/unit_views.py): read by those who speak for the unit (its head,
# the chair of its union) and by those who oversee it (the leadership and the officer).


def led_paths(user) -> tuple[str, ...]:
    """Return the paths of the units the user speaks for: its own unit when it heads it, the
    organisations it chairs; read once per request and kept on the user."""
    cached = getattr(user, "_dashboard_led_paths", None)
    if cached is not None:
        return cached
    paths = []
    if is_unit_head(user):
        paths += Person.objects.filter(user=user).values_list("unit__path", flat=True)[:1]
    if is_union_chair(user):
        paths += Membership.objects.filter(
            person__user=user,
            end_date__isnull=True,
            role__in=[Membership.Role.CHAIR, Membership.Role.VICE_CHAIR],
        ).values_list("organisation__path", flat=True)
    user._dashboard_led_paths = tuple(paths)
    return user._dashboard_led_paths


@rules.predicate
def unit_in_reach(user, unit):
    """True with no unit (the right in general); with one, when the user oversees it (the
    leadership and the officer, within their scope) or speaks for it or a unit above it."""
    if unit is None:
        return True
    if is_leadership(user) or is_officer(user):
        return scope_for(user).covers(unit.path)
    return any(unit.path.startswith(path) for path in led_paths(user))


# A union chair reads the organisation it chairs, not the division it works in: a 403 there.
rules.add_perm(
    "dashboards.view_unit",
    rules.is_authenticated
    & (is_unit_head | is_union_chair | is_leadership | is_officer)
    & unit_in_reach,
)
