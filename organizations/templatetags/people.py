"""How templates name the user who did something: `{{ list.submitted_by|user_name }}`."""

from django import template
from django.core.exceptions import ObjectDoesNotExist
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def user_name(user) -> str:
    """Return the user's name in the staff register, else its login; for a login deleted since
    (the foreign key set to NULL), say so rather than fail."""
    if user is None:
        return _("a deleted account")
    try:
        return user.person.full_name
    except (ObjectDoesNotExist, AttributeError):
        return user.get_username()
