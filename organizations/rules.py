"""Permission predicates for the organisation (the `rules` package, one place per app)."""

import rules

from organizations import roles
from organizations.scope import scope_for


@rules.predicate
def is_officer(user):
    return user.is_superuser or roles.has_role(user, roles.OFFICER)


@rules.predicate
def is_leadership(user):
    return roles.has_role(user, roles.LEADERSHIP)


@rules.predicate
def is_unit_head(user):
    return roles.has_role(user, roles.UNIT_HEAD)


@rules.predicate
def is_union_chair(user):
    return roles.has_role(user, roles.UNION_CHAIR)


@rules.predicate
def is_council_member(user):
    return roles.has_role(user, roles.COUNCIL_MEMBER)


@rules.predicate
def unit_in_scope(user, unit):
    return unit is not None and scope_for(user).covers(unit.path)


def unit_path_of(obj) -> str | None:
    """Return the unit path an HR object belongs to: a unit's own, a person's unit's, or the
    unit of the person an HR record (rating, discipline, review, leave) is about."""
    from organizations.models import Person, Unit

    if isinstance(obj, Unit):
        return obj.path
    if isinstance(obj, Person):
        return obj.unit.path
    person = getattr(obj, "person", None)
    if isinstance(person, Person):
        return person.unit.path
    unit = getattr(obj, "unit", None)
    return unit.path if isinstance(unit, Unit) else None


@rules.predicate
def record_in_scope(user, obj):
    """True with no object (the right in general), or when the object's unit is in scope."""
    if obj is None:
        return True
    path = unit_path_of(obj)
    return path is not None and scope_for(user).covers(path)


@rules.predicate
def is_own_record(user, person):
    return person is not None and scope_for(user).person_id == person.pk


rules.add_perm("organizations.import_staff", rules.is_authenticated & is_officer)
rules.add_perm("organizations.export_people", rules.is_authenticated & (is_officer | is_leadership))
# Without an object: whether the user keeps HR records at all (menus, buttons); with a person,
# a unit or a record: whether it keeps that one, which must lie in its scope.
rules.add_perm(
    "organizations.manage_hr_records", rules.is_authenticated & is_officer & record_in_scope
)
# A unit is moved by an officer within its scope: checked at the unit's place before and after.
rules.add_perm("organizations.move_unit", rules.is_authenticated & is_officer & unit_in_scope)
rules.add_perm("organizations.view_unit", rules.is_authenticated & unit_in_scope)


@rules.predicate
def heads_unit_of(user, person):
    """True for the head of the person's unit or of a unit above it (its own unit's path is the
    first of its scope; a chaired union's members are not its staff)."""
    if person is None or not is_unit_head(user):
        return False
    own = scope_for(user).paths[:1]
    return bool(own) and person.unit.path.startswith(own[0])


# Personal data (Nghị định 13/2023/NĐ-CP): ratings, discipline, pending reviews and leave are
# read by the person, the head of its unit, the emulation officer and the leadership; colleagues
# and union chairs see the name, unit, position, titles and awards.
rules.add_perm(
    "organizations.view_personal_data",
    rules.is_authenticated
    & (is_own_record | ((is_officer | is_leadership) & record_in_scope) | heads_unit_of),
)

# The audit trail of a campaign, a covenant, a decision, a posting or a submission (who did what
# and when, from the portal's events): the emulation officer, who answers for the records.
rules.add_perm("organizations.view_audit", rules.is_authenticated & is_officer)

# What the home page and the navigation offer: rights, not role names.
rules.add_perm(
    "organizations.view_rating_summary",
    rules.is_authenticated & (is_officer | is_leadership | is_unit_head),
)
rules.add_perm("organizations.lead_unit", rules.is_authenticated & is_unit_head)
rules.add_perm("organizations.chair_union", rules.is_authenticated & is_union_chair)
