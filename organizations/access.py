"""The one access helper every view uses: the object within the user's scope, and the right.

After healthchecks' `_get_check_for_user`: one call loads the object through its model's
`visible_to(user)` (anything outside the scope is a 404, so an outsider cannot even learn that
it exists) and checks the right the view needs (a 403 for someone who may read it but not do
this), so a view cannot forget either. The right is a `rules` permission or a workflow action
(organizations.workflow); whether the action is possible in the object's current state is the
service's to say, with a message, not a 403.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from organizations.workflow import workflow_for


def get_for_user(request, queryset, *, permission=None, action=None, denied=None, **lookup):
    """Return the object matching `lookup` within the user's scope, with the right checked.

    `queryset` is a model or a queryset whose model's QuerySet has `visible_to(user)`.
    `permission` names a `rules` permission tested on the object; `action` a workflow action
    whose right (not its state) the user must have. Outside the scope: 404; without the
    right: 403 with `denied` (or the declared message).
    """
    if isinstance(queryset, type):
        queryset = queryset._default_manager.all()
    obj = get_object_or_404(queryset.visible_to(request.user), **lookup)
    if permission is not None:
        require(request, permission, obj, denied)
    if action is not None:
        require_action(request, obj, action, denied)
    return obj


def require(request, permission: str, obj=None, denied=None) -> None:
    """Raise a 403 unless the user holds the permission (on the object, when given)."""
    if not request.user.has_perm(permission, obj):
        raise PermissionDenied(denied or _("You do not have the right to do this."))


def require_action(request, obj, action: str, denied=None) -> None:
    """Raise a 403 unless the user has the right to take the workflow action on the object;
    the object's state is not judged here (the service refuses with a message)."""
    workflow = workflow_for(obj)
    if not workflow.permits(request.user, obj, action):
        raise PermissionDenied(str(denied or workflow.denial(obj, action)))


def local_url(request, url: str | None) -> str | None:
    """Return `url` when it is a path on this site (a `next` parameter, a stored link), else None.

    Only a path starting with one "/" passes: "NaN", "//evil.example" and "https://…" do not, so
    a redirect to it is never taken for a view name nor sent to another site.
    """
    if (
        url
        and url.startswith("/")
        and not url.startswith("//")
        and url_has_allowed_host_and_scheme(
            url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return url
    return None
