"""What a user may see: its unit and everything below it, or the whole agency for some roles.

A unit's scope is a materialised-path prefix, so every scope check is one indexed prefix match
and a list page costs the same number of queries however large the agency grows.
"""

from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from organizations.roles import AGENCY_WIDE_ROLES, UNION_CHAIR, role_names


@dataclass(frozen=True)
class Scope:
    """The unit paths a user may see; `everything` for administrators."""

    everything: bool = False
    paths: tuple[str, ...] = ()
    person_id: int | None = None
    # The organisations a union chair chairs (among `paths`): their current members are in
    # scope too, whatever their unit.
    chaired: tuple[str, ...] = ()

    def covers(self, path: str) -> bool:
        return self.everything or any(path.startswith(prefix) for prefix in self.paths)

    @property
    def is_agency_wide(self) -> bool:
        """Whether the scope is a whole agency (the officer, leadership): most rows of a table,
        best read in a list's index order; a unit's scope holds few, best found by its units."""
        return self.everything or any(path == agency_root_path(path) for path in self.paths)


def agency_root_path(path: str) -> str:
    """Return the path of the top unit a path belongs to ("/SKHCN/VP/" -> "/SKHCN/")."""
    first = path.strip("/").split("/")[0]
    return f"/{first}/"


def scope_for(user) -> Scope:
    """Return the user's scope, computed once per request and cached on the user object."""
    cached = getattr(user, "_portal_scope", None)
    if cached is not None:
        return cached
    scope = _compute_scope(user)
    if user.is_authenticated:
        user._portal_scope = scope
    return scope


def person_of(user):
    """Return the user's person in the staff register with its unit, or None: read once per
    request (the scope, the navigation and the name in the header all ask) and kept on the
    user object, where `user.person` finds it too."""
    from organizations.models import Person

    if not getattr(user, "is_authenticated", False) or getattr(user, "is_system", False):
        return None
    if not hasattr(user, "_portal_person"):
        person = Person.objects.filter(user=user).select_related("unit").first()
        user._portal_person = person
        Person._meta.get_field("user").remote_field.set_cached_value(user, person)
    return user._portal_person


def _compute_scope(user) -> Scope:
    from organizations.models import Membership

    if not user.is_authenticated or not user.is_active:
        return Scope()
    if user.is_superuser or getattr(user, "is_system", False):
        return Scope(everything=True)
    person = person_of(user)
    if person is None or (person.end_date and person.end_date < timezone.localdate()):
        return Scope()  # no record, or it has left: leaving ends the portal rights
    names = role_names(user)
    if names & AGENCY_WIDE_ROLES:
        return Scope(paths=(agency_root_path(person.unit.path),), person_id=person.pk)
    if UNION_CHAIR not in names:
        return Scope(paths=(person.unit.path,), person_id=person.pk)
    # A union chair also sees the members of the organisations it chairs: by its role, the
    # membership rows saying which (a chair recorded without the role sees its unit only).
    chaired = Membership.objects.filter(
        person=person,
        end_date__isnull=True,
        role__in=[Membership.Role.CHAIR, Membership.Role.VICE_CHAIR],
    ).values_list("organisation__path", flat=True)
    chaired = tuple(chaired)
    return Scope(paths=(person.unit.path, *chaired), person_id=person.pk, chaired=chaired)


def holds_every_unit(user) -> bool:
    """Whether the user's scope holds every unit there is: the administrator's, or the
    agency-wide scope of the only agency (`Unit` trees have one root each, and every unit's
    path starts with its root's). Then a person's unit need not be read to know they are in
    scope: for the 809 people named "nguyen van" at 300,000, 809 reads of the units' index
    fewer. One read of the roots, by the parent's index, kept for the request."""
    from organizations.models import Unit

    scope = scope_for(user)
    if scope.everything:
        return True
    if not scope.is_agency_wide:
        return False
    held = getattr(user, "_portal_holds_every_unit", None)
    if held is None:
        roots = Unit.objects.filter(parent__isnull=True).values_list("path", flat=True)
        held = all(scope.covers(path) for path in roots)
        user._portal_holds_every_unit = held
    return held


def scope_filter(user, path_field: str) -> Q:
    """Return a filter that keeps rows whose unit path lies inside the user's scope."""
    scope = scope_for(user)
    if scope.everything:
        return Q()
    return _under(scope.paths, path_field)


def person_in_scope(user, person_field: str = "") -> Q:
    """Return a filter that keeps the rows whose person the user may see: their unit lies in the
    scope or, for a union chair only, they are a current member of an organisation it chairs.
    `person_field` names the rows' person ("person"); "" filters people themselves.

    A prefix match on the person's unit path, joined, and an EXISTS for chairs: never a
    subquery of every person in scope inside an OR, which PostgreSQL runs row by row.
    """
    from organizations.models import Membership

    scope = scope_for(user)
    if scope.everything:
        return Q()
    prefix = f"{person_field}__" if person_field else ""
    in_units = _under(scope.paths, f"{prefix}unit__path")
    if not scope.chaired:
        return in_units
    members = Membership.objects.filter(
        _under(scope.chaired, "organisation__path"),
        person=OuterRef(person_field or "pk"),
        end_date__isnull=True,
    )
    return in_units | Q(Exists(members))


def _under(paths, path_field: str) -> Q:
    if not paths:
        return Q(pk__in=[])
    return reduce(or_, (Q(**{f"{path_field}__startswith": path}) for path in paths))
