"""Record the writes that matter: every service calls `event_record` inside its transaction."""

from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext as _

from organizations.actors import user_or_none
from organizations.models import AnnualRating, DisciplineRecord, Event, LeaveRecord, PendingReview


def event_build(*, actor, verb: str, target=None, summary: str, data: dict | None = None) -> Event:
    """Return an unsaved event; `event_record` saves one, a bulk write saves many at once."""
    event = Event(
        # The system (a command, a scheduled job) is recorded as no user.
        actor=user_or_none(actor),
        verb=verb,
        summary=summary[:500],
        data=data or {},
    )
    if target is not None:
        # get_for_model is cached per process: no query after the first of a model.
        event.target_type = ContentType.objects.get_for_model(target)
        event.target_id = str(target.pk)
    return event


def event_record(*, actor, verb: str, target=None, summary: str, data: dict | None = None) -> Event:
    """Store who did what to which object; `actor` is `SYSTEM` (or None) for system jobs."""
    event = event_build(actor=actor, verb=verb, target=target, summary=summary, data=data)
    event.save()
    return event


def _day(value: str) -> str:
    """Return an ISO date of an event's data as dd/mm/yyyy."""
    return "/".join(reversed(value.split("-"))) if value else "…"


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
            "start": _day(data["start"]),
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


def describes(verb: str):
    """Register how a verb reads: `@describes("award_recorded") def _(data): return ...`.

    Apps to the right of organizations register their own verbs from `AppConfig.ready()`, so a
    person's recent changes read in the user's language whichever app wrote them.
    """

    def register(function):
        _DESCRIPTIONS[verb] = function
        return function

    return register


# What a verb says, for the verbs whose event keeps what it is about in its summary (a focus
# area's title, a party's unit): the event reads "<what happened>: <summary>".
_LABELS: dict[str, str] = {}


def labels_verbs(labels: dict) -> None:
    """Register how verbs read before their summary (`{"campaign_launched": _("Launched")}`),
    for apps whose events carry no data to describe."""
    _LABELS.update(labels)


def describe(event: Event) -> str:
    """Return the event in the reader's language, falling back to the stored summary."""
    describe_verb = _DESCRIPTIONS.get(event.verb)
    if describe_verb is None:
        label = _LABELS.get(event.verb)
        return f"{label}: {event.summary}" if label else event.summary
    try:
        return describe_verb(event.data)
    except (KeyError, TypeError, AttributeError):
        return event.summary


# Verbs of the HR records written by organizations.services.


@describes("pending_review_opened")
def _describe_review_opened(data):
    return _("Pending review opened: %(kind)s on %(day)s") % {
        "kind": _choice_label(PendingReview.Kind, data["kind"]),
        "day": _day(data["opened"]),
    }


@describes("pending_review_closed")
def _describe_review_closed(data):
    return _("Pending review closed: %(kind)s on %(day)s") % {
        "kind": _choice_label(PendingReview.Kind, data["kind"]),
        "day": _day(data["closed"]),
    }


@describes("leave_recorded")
def _describe_leave(data):
    return _("Leave recorded: %(kind)s from %(start)s to %(end)s") % {
        "kind": _choice_label(LeaveRecord.Kind, data["kind"]),
        "start": _day(data["start"]),
        "end": _day(data["end"]),
    }


@describes("unit_rating_recorded")
def _describe_unit_rating(data):
    return _("Unit rating for %(year)s recorded: %(level)s") % {
        "year": data["year"],
        "level": _choice_label(AnnualRating.Level, data["level"]),
    }


@describes("unit_moved")
def _describe_unit_moved(data):
    return _("Unit moved from %(from)s to %(to)s, with %(below)s units below it") % {
        "from": data["from"],
        "to": data["to"],
        "below": data["below"],
    }
