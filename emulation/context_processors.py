"""Values every page needs: the navigation depends on the signed-in person's roles."""

from organizations import roles


def portal(request):
    user = getattr(request, "user", None)
    names = roles.role_names(user) if user is not None else set()
    return {
        "portal_roles": names,
        "portal_role_labels": [str(roles.ROLES[name]) for name in roles.ROLES if name in names],
        "is_officer": bool(user and (user.is_superuser or roles.OFFICER in names)),
    }
