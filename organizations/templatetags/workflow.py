"""Templates ask the declared workflows what the user may do: `{% can obj "sign" as allowed %}`."""

from django import template

from organizations import workflow

register = template.Library()


@register.simple_tag(takes_context=True)
def can(context, obj, action):
    """Return True when the signed-in user may take the workflow action on the object now."""
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    return user is not None and workflow.can(user, obj, action)
