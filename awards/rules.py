"""Who may do what with titles and registrations (the `rules` package, one place per app).

A person registers itself; the head of a unit registers the unit's people and its collective
title and submits the unit's list (for its own unit and the units below it); the emulation
officer may do all of that for any unit in its scope and alone approves or returns a list.
"""

import rules

from awards.models import (
    AwardRecord,
    Council,
    CouncilItem,
    CouncilMember,
    CouncilSession,
    Decision,
    Initiative,
    Nomination,
    NominationList,
    Posting,
    PostingComment,
    Registration,
    RegistrationList,
    Submission,
)
from organizations import roles
from organizations.models import Person, Unit
from organizations.rules import is_council_member, is_leadership, is_officer, is_unit_head
from organizations.scope import scope_for


def _own_unit_path(user) -> str | None:
    """Return the path of the user's own unit, cached on the user for the request."""
    if not hasattr(user, "_portal_unit_path"):
        user._portal_unit_path = (
            Person.objects.filter(user=user).values_list("unit__path", flat=True).first()
        )
    return user._portal_unit_path


def _unit_of(obj) -> Unit | None:
    """Return the unit a target belongs to: a unit, a person's, a list's, an entry's list's."""
    if isinstance(obj, Unit):
        return obj
    if isinstance(obj, Person):
        return obj.unit
    if isinstance(obj, RegistrationList | NominationList):
        return obj.unit
    if isinstance(obj, Registration):
        return obj.registration_list.unit
    if isinstance(obj, Nomination):
        return obj.nomination_list.unit
    council = _council_of(obj)
    if council is not None:
        return council.agency
    if isinstance(obj, Posting | Decision | Submission):
        return obj.agency
    if isinstance(obj, PostingComment):
        return obj.posting.agency
    return None


def _council_of(obj) -> Council | None:
    if isinstance(obj, Council):
        return obj
    if isinstance(obj, CouncilSession):
        return obj.council
    if isinstance(obj, CouncilItem):
        return obj.session.council
    return None


def seat_of(user, council: Council) -> CouncilMember | None:
    """Return the user's active seat on the council, read once per request and council."""
    if not user.is_authenticated or council is None:
        return None
    seats = user.__dict__.setdefault("_portal_council_seats", {})
    if council.pk not in seats:
        seats[council.pk] = (
            CouncilMember.objects.filter(council=council, person__user=user, is_active=True)
            .select_related("person")
            .first()
        )
    return seats[council.pk]


@rules.predicate
def heads_unit(user, obj):
    """True when the user heads the unit of `obj`, or a unit above it."""
    unit = _unit_of(obj)
    if unit is None or not roles.has_role(user, roles.UNIT_HEAD):
        return False
    own = _own_unit_path(user)
    return own is not None and unit.path.startswith(own)


@rules.predicate
def officer_over(user, obj):
    """True for an emulation officer whose scope holds the unit of `obj`."""
    unit = _unit_of(obj)
    return unit is not None and is_officer(user) and scope_for(user).covers(unit.path)


@rules.predicate
def is_registrant(user, obj):
    """True when `obj` is the user's own person, or a registration of the user's own person."""
    person_id = scope_for(user).person_id
    if person_id is None:
        return False
    if isinstance(obj, Person):
        return obj.pk == person_id
    if isinstance(obj, Registration):
        return obj.person_id == person_id
    return False


@rules.predicate
def history_in_scope(user, obj):
    """True with no object (the right in general), or when `obj` lies in the user's scope: a
    person or a unit, an award record (its nominee), an initiative (its unit or an author)."""
    if obj is None:
        return True
    scope = scope_for(user)
    if isinstance(obj, AwardRecord):
        obj = obj.person if obj.person_id else obj.unit
    if isinstance(obj, Initiative):
        if obj.unit_id is not None and scope.covers(obj.unit.path):
            return True
        return obj.pk is not None and Initiative.objects.visible_to(user).filter(pk=obj.pk).exists()
    unit = _unit_of(obj)
    return unit is not None and scope.covers(unit.path)


@rules.predicate
def in_scope(user, obj):
    """True when the unit of `obj` lies in the user's scope (the leadership's is the agency)."""
    unit = _unit_of(obj)
    return unit is not None and scope_for(user).covers(unit.path)


@rules.predicate
def is_council_secretary(user, obj):
    """True for the council's secretary member (ủy viên thư ký), who keeps its sessions."""
    seat = seat_of(user, _council_of(obj))
    return seat is not None and seat.role == CouncilMember.Role.SECRETARY


@rules.predicate
def chairs_council(user, obj):
    seat = seat_of(user, _council_of(obj))
    return seat is not None and seat.role == CouncilMember.Role.CHAIR


@rules.predicate
def sits_on_council(user, obj):
    """True for a member of the council (of a session, its roll decides who votes)."""
    return seat_of(user, _council_of(obj)) is not None


acts_for_unit = officer_over | heads_unit
# Prepares and keeps a council's sessions: the emulation officer (the council's standing office)
# or the council's own secretary member.
runs_council = officer_over | is_council_secretary
# Keeps initiatives and the award history (entry, use, revocation): the officer, in scope.
manages_history = is_officer & history_in_scope

rules.add_perm("awards.register_person", rules.is_authenticated & (is_registrant | acts_for_unit))
rules.add_perm("awards.register_unit", rules.is_authenticated & acts_for_unit)
rules.add_perm("awards.review_registrations", rules.is_authenticated & is_officer)
rules.add_perm(
    "awards.view_registration_table",
    rules.is_authenticated & (is_officer | is_leadership | is_unit_head),
)
# Initiatives and the award history (entry, revocation, Excel import): the officer, within its
# scope when an object is given.
rules.add_perm(
    "awards.manage_award_history", rules.is_authenticated & is_officer & history_in_scope
)
# Nominations: the unit's head (or the officer) drafts and submits them; the officer reviews.
rules.add_perm("awards.nominate", rules.is_authenticated & acts_for_unit)
# A unit's list shows its people's verdicts: its heads, the officer and the leadership read it.
rules.add_perm(
    "awards.view_unit_nominations",
    rules.is_authenticated & (acts_for_unit | (is_leadership & in_scope)),
)
rules.add_perm("awards.review_nominations", rules.is_authenticated & is_officer)


# The council: the officer keeps its members; the officer and its secretary prepare and close
# sessions; its members vote; the leadership and the members read it.
@rules.predicate
def in_scope_if_given(user, obj):
    """True with no object (the right in general), or for a council of an agency in scope."""
    return obj is None or in_scope(user, obj)


rules.add_perm("awards.manage_council", rules.is_authenticated & is_officer & in_scope_if_given)
# Calls a session of a council: the officer or the council's secretary.
rules.add_perm("awards.run_council", rules.is_authenticated & runs_council)
rules.add_perm(
    "awards.view_council",
    rules.is_authenticated & (is_officer | is_leadership | is_council_member | sits_on_council),
)
# Public posting: the officer prepares, publishes and answers; anyone reads and comments.
rules.add_perm("awards.manage_postings", rules.is_authenticated & is_officer & in_scope_if_given)
# Decisions and submissions to the province: the officer drafts and issues or sends them; the
# registry of issued decisions is read by everyone of the agency (a decision is a public act).
rules.add_perm("awards.manage_decisions", rules.is_authenticated & is_officer & in_scope_if_given)
rules.add_perm("awards.view_decisions", rules.is_authenticated)
rules.add_perm(
    "awards.view_submissions",
    rules.is_authenticated & (is_officer | is_leadership) & in_scope_if_given,
)
