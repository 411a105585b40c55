"""Values every page needs: the navigation depends on the signed-in person's roles."""

from django.utils.functional import SimpleLazyObject

from organizations import roles
from organizations.models import Notification
from organizations.scope import person_of


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


def _awards_nav(user):
    """Return which of the awards tabs the user gets; read only by pages that show the tabs."""
    person = person_of(user)
    leads = person is not None and user.has_perm("organizations.lead_unit")
    return {
        "registers": person is not None,
        "unit_code": person.unit.code if leads else "",
        "reviews": user.has_perm("awards.review_registrations"),
        "desk": user.has_perm("awards.review_nominations"),
        "table": user.has_perm("awards.view_registration_table"),
        "council": user.has_perm("awards.view_council"),
        "postings": user.has_perm("awards.manage_postings"),
    }


def portal(request):
    user = getattr(request, "user", None)
    names = roles.role_names(user) if user is not None else set()
    signed_in = bool(user and user.is_authenticated)
    return {
        # Shown to the person as "Your roles"; what it may do is asked of `perms` and workflows.
        "portal_role_labels": [str(roles.ROLES[name]) for name in roles.ROLES if name in names],
        "unread_notification_count": _unread_notifications(request) if signed_in else 0,
        "awards_nav": SimpleLazyObject(lambda: _awards_nav(user)) if signed_in else {},
    }
