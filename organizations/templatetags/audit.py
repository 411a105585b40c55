"""The audit trail of an object on its page: `{% audit_trail campaign as trail %}`."""

from django import template

from organizations.selectors import recent_events

register = template.Library()


@register.simple_tag(takes_context=True)
def audit_trail(context, obj, limit=50):
    """Return the latest events about the object, each with its reading, for a reader who may
    see the audit trail (the emulation officer); nothing for anyone else. One query."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.has_perm("organizations.view_audit"):
        return []
    return recent_events(obj, limit=limit)
