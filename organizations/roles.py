"""The portal's roles: each is a Django group with the same name."""

from django.utils.translation import gettext_lazy as _

STAFF = "staff"
UNIT_HEAD = "unit_head"
OFFICER = "emulation_officer"
COUNCIL_MEMBER = "council_member"
LEADERSHIP = "leadership"
UNION_CHAIR = "union_chair"

ROLES = {
    STAFF: _("Staff"),
    UNIT_HEAD: _("Unit head"),
    OFFICER: _("Emulation officer"),
    COUNCIL_MEMBER: _("Council member"),
    LEADERSHIP: _("Leadership"),
    UNION_CHAIR: _("Union chair"),
}

# Roles whose scope is the whole agency rather than their own unit.
AGENCY_WIDE_ROLES = {OFFICER, LEADERSHIP}


def role_names(user) -> set[str]:
    """Return the user's role names, read once per request and kept on the user object."""
    if not user.is_authenticated or getattr(user, "is_system", False):
        return set()
    cached = getattr(user, "_portal_roles", None)
    if cached is None:
        cached = set(_groups_in_post(user).values_list("name", flat=True))
        user._portal_roles = cached
    return cached


def _groups_in_post(user):
    """Return the user's groups, none once its person has left the agency (`end_date` gone by):
    leaving ends the portal rights; the login stays for the history. One query."""
    from django.db.models import Exists
    from django.utils import timezone

    from organizations.models import Person

    left = Person.objects.filter(user=user, end_date__lt=timezone.localdate())
    return user.groups.exclude(Exists(left))


def has_role(user, role: str) -> bool:
    return role in role_names(user)
