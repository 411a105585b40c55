"""Who acts when no person does: a management command or a scheduled job acts as the system.

Services check the actor's right whoever calls them; a command passes `SYSTEM`, which holds
every right, sees the whole portal and is recorded in events as the system (no user).
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _


class SystemActor:
    """The portal acting on its own (a command, a scheduled job): every right, no login."""

    is_system = True
    is_authenticated = True
    is_anonymous = False
    is_active = True
    is_superuser = False
    is_staff = False
    pk = None
    id = None
    email = ""
    username = "system"

    def get_username(self) -> str:
        return self.username

    def has_perm(self, perm, obj=None) -> bool:
        return True

    def has_perms(self, perm_list, obj=None) -> bool:
        return True

    def __str__(self):
        return self.username

    def __repr__(self):
        return "<SystemActor>"


SYSTEM = SystemActor()


def is_system(actor) -> bool:
    return getattr(actor, "is_system", False)


def user_or_none(actor):
    """Return the user to store in a `…_by` field: None for the system or an anonymous actor."""
    if actor is None or is_system(actor) or not actor.is_authenticated:
        return None
    return actor


def require_right(actor, permission: str, obj=None, denied=None) -> None:
    """Raise PermissionDenied unless the actor holds a `rules` permission (on `obj`, if given).

    Services call it first, inside their transaction, whoever called them: a view checks too,
    but a command, a job or another service must not be trusted to have. No actor, no right.
    """
    if actor is None or not actor.has_perm(permission, obj):
        raise PermissionDenied(denied or _("You do not have the right to do this."))
