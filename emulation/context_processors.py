"""Values every page needs: the navigation depends on the signed-in person's roles."""

from organizations import roles
from organizations.models import Notification


def _unread_notifications(request):
    """Return a callable counting the user's unread notices: once per request, only when shown.

    Templates call a callable context value when they read it, so pages and htmx partials that
    never show the bell cost no query, and a page that shows the count twice costs one.
    """

    def count():
        if not hasattr(request, "_portal_unread_notifications"):
            request._portal_unread_notifications = (
                Notification.objects.filter(recipient=request.user).unread().count()
            )
        return request._portal_unread_notifications

    return count


def portal(request):
    user = getattr(request, "user", None)
    names = roles.role_names(user) if user is not None else set()
    signed_in = bool(user and user.is_authenticated)
    return {
        "portal_roles": names,
        "portal_role_labels": [str(roles.ROLES[name]) for name in roles.ROLES if name in names],
        "is_officer": bool(user and (user.is_superuser or roles.OFFICER in names)),
        "unread_notification_count": _unread_notifications(request) if signed_in else 0,
    }
