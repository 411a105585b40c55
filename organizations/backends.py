"""Sign-in with a username and password, and Django's model permissions for the admin."""

from django.contrib.auth.backends import ModelBackend


class PortalModelBackend(ModelBackend):
    """Django's own backend, whose model permissions (the permission tables) only the admin
    reads: a staff member's. What a portal user may do is its roles' rules
    (organizations.rules), so for anyone else the tables are not read at all. Django's backend
    reads them (two queries) as soon as a page asks about a right the rules deny, which the
    navigation does on most pages for most users."""

    def get_all_permissions(self, user_obj, obj=None):
        if not getattr(user_obj, "is_staff", False):
            return set()
        return super().get_all_permissions(user_obj, obj)
