"""The audit trail of an object on its page: `{% audit_trail campaign as trail %}`."""

from django import template

from organizations.audit import kept_timeline

register = template.Library()


@register.simple_tag(takes_context=True)
def audit_trail(context, obj, limit=50):
    """Return the object's audit timeline (organizations.audit) for a reader who may see it (the
    emulation officer); nothing for anyone else."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.has_perm("organizations.view_audit"):
        return []
    return kept_timeline(obj, limit=limit)
