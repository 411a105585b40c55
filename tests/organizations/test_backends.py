"""A portal user's rights are its roles' rules; Django's permission tables serve the admin's
staff only (organizations.backends.PortalModelBackend)."""

from django.contrib.auth.models import Permission, User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import UserFactory


def fresh(user):
    """The login as a new request reads it: nothing cached on the object."""
    return User.objects.get(pk=user.pk)


def test_a_right_the_rules_deny_costs_no_query(org):
    bob = fresh(org.bob.user)
    bob.has_perm("awards.view_registration_table")  # roles read once, as on every page

    with CaptureQueriesContext(connection) as queries:
        assert not bob.has_perm("awards.review_nominations")
        assert not bob.has_perm("organizations.lead_unit")

    assert len(queries) == 0


def test_a_permission_row_gives_a_portal_user_no_right(org):
    # Rights in the portal are the rules': a row in the admin's tables (given by mistake, or
    # left from another setup) does not make a staff member an emulation officer.
    permission = Permission.objects.get(codename="view_council", content_type__app_label="awards")
    org.bob.user.user_permissions.add(permission)

    assert not fresh(org.bob.user).has_perm("awards.view_council")


def test_the_admin_staff_keep_their_model_permissions(client, db):
    clerk = UserFactory(username="clerk", is_staff=True)
    clerk.user_permissions.add(
        Permission.objects.get(codename="view_unit", content_type__app_label="organizations")
    )
    clerk = fresh(clerk)
    assert clerk.has_perm("organizations.view_unit")
    assert not clerk.has_perm("organizations.change_unit")

    client.force_login(clerk)
    assert client.get(reverse("admin:organizations_unit_changelist")).status_code == 200
    assert client.get(reverse("admin:organizations_person_changelist")).status_code == 403
