"""Record the writes that matter: every service calls `event_record` inside its transaction."""

from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext as _

from organizations.models import AnnualRating, DisciplineRecord, Event


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


def _choice_label(choices, value):
    try:
        return choices(value).label
    except ValueError:
        return value


# How each verb reads in the user's language; the stored summary stays as the fallback.
_DESCRIPTIONS = {
    "rating_recorded": lambda data: (
        _("Rating for %(year)s recorded: %(level)s")
        % {"year": data["year"], "level": _choice_label(AnnualRating.Level, data["level"])}
    ),
    "discipline_recorded": lambda data: (
        _("Discipline recorded: %(form)s from %(start)s")
        % {
            "form": _choice_label(DisciplineRecord.Form, data["form"]),
            "start": "/".join(reversed(data["start"].split("-"))),
        }
    ),
    "staff_imported": lambda data: (
        _("Excel import: %(units)s units and %(people)s people created or updated")
        % {
            "units": data.get("units_created", 0) + data.get("units_updated", 0),
            "people": data.get("people_created", 0) + data.get("people_updated", 0),
        }
    ),
}


def describe(event: Event) -> str:
    """Return the event in the reader's language, falling back to the stored summary."""
    describe_verb = _DESCRIPTIONS.get(event.verb)
    if describe_verb is None:
        return event.summary
    try:
        return describe_verb(event.data)
    except (KeyError, TypeError, AttributeError):
        return event.summary
