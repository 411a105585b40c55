"""Who may act on campaigns and covenants (the `rules` package, one place per app).

Predicates say who, never in which state: the states are declared in `campaigns.workflows`.
Staff read; unit heads speak for their unit; union and youth union chairs for their union;
leadership for the leadership board; the emulation officer manages everything.
"""

import rules

from organizations import roles
from organizations.models import Membership, Unit
from organizations.rules import is_officer
from organizations.scope import scope_for


def _unit_id(user):
    """Return the id of the user's own unit, cached on the user for the request."""
    if not hasattr(user, "_portal_unit_id"):
        from organizations.models import Person

        user._portal_unit_id = (
            Person.objects.filter(user=user).values_list("unit_id", flat=True).first()
        )
    return user._portal_unit_id


def _chaired_unit_ids(user):
    if not hasattr(user, "_portal_chaired_ids"):
        user._portal_chaired_ids = set(
            Membership.objects.filter(
                person__user=user,
                end_date__isnull=True,
                role__in=[Membership.Role.CHAIR, Membership.Role.VICE_CHAIR],
            ).values_list("organisation_id", flat=True)
        )
    return user._portal_chaired_ids


@rules.predicate
def acts_for_party(user, party):
    """True when the user speaks for the party's unit: its head, its chair, or leadership."""
    if party is None or not user.is_authenticated:
        return False
    names = roles.role_names(user)
    unit = party.unit
    if unit.kind == Unit.Kind.LEADERSHIP_BOARD:
        return roles.LEADERSHIP in names
    if unit.kind in Unit.Kind.mass_organisation_kinds():
        return roles.UNION_CHAIR in names and unit.pk in _chaired_unit_ids(user)
    return roles.UNIT_HEAD in names and unit.pk == _unit_id(user)


@rules.predicate
def is_representative(user, party):
    """True for the person named to sign for the party, and only for that person: an
    administrator reassigns the representative, never signs in their name."""
    person_id = scope_for(user).person_id
    return party is not None and person_id is not None and party.representative_id == person_id


@rules.predicate
def acts_for_report(user, report):
    return report is not None and acts_for_party(user, report.commitment.party)


# Speaks for a party: reports its progress and, while the covenant changes, edits its
# commitments.
speaks_for_party = is_officer | acts_for_party

# Rights that concern no single object (creating a campaign, the review queue).
rules.add_perm("campaigns.manage_campaigns", rules.is_authenticated & is_officer)
rules.add_perm("campaigns.review_reports", rules.is_authenticated & is_officer)
