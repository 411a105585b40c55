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
        cached = set(user.groups.values_list("name", flat=True))
        user._portal_roles = cached
    return cached


def has_role(user, role: str) -> bool:
    return role in role_names(user)
