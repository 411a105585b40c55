"""Record the writes that matter: every service calls `event_record` inside its transaction."""

from django.contrib.contenttypes.models import ContentType

from organizations.models import Event


def event_record(*, actor, verb: str, target=None, summary: str, data: dict | None = None) -> Event:
    """Store who did what to which object; `actor` may be None for system jobs."""
    event = Event(
        actor=actor if actor is not None and actor.is_authenticated else None,
        verb=verb,
        summary=summary[:500],
        data=data or {},
    )
    if target is not None:
        event.target_type = ContentType.objects.get_for_model(target)
        event.target_id = str(target.pk)
    event.save()
    return event
