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
def unit_in_scope(user, unit):
    return unit is not None and scope_for(user).covers(unit.path)


@rules.predicate
def is_own_record(user, person):
    return person is not None and scope_for(user).person_id == person.pk


rules.add_perm("organizations.import_staff", rules.is_authenticated & is_officer)
rules.add_perm("organizations.export_people", rules.is_authenticated & (is_officer | is_leadership))
rules.add_perm("organizations.manage_hr_records", rules.is_authenticated & is_officer)
rules.add_perm("organizations.view_unit", rules.is_authenticated & unit_in_scope)
