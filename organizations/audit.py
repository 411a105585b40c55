"""The audit timeline of one object: the events its services recorded (who did what, when) with
the field changes its history kept (django-simple-history), read together.

A service writes both an event and, through `save()`, a history row; a change made elsewhere (a
repair in the admin) leaves only the history row. The timeline attaches each change to the event
the same user recorded within a few seconds of it, and shows the other changes on their own, so
nothing that changed the object is missing and nothing is said twice. Ballots keep no history: a
row per vote with its time would undo the secret.
"""

import datetime
from dataclasses import dataclass, field

from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from organizations import summaries
from organizations.events import describe
from organizations.models import Event

# How far apart an event and the history row of the same write may be.
SAME_WRITE = datetime.timedelta(seconds=5)
# How much of a long text a change shows.
SHOWN_CHARS = 120


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class Entry:
    when: datetime.datetime
    actor_name: str
    text: str
    changes: list[Change] = field(default_factory=list)
    user_id: int | None = None


def timeline(obj, *, limit: int = 50) -> list[Entry]:
    """Return the latest entries about the object, newest first: at most `limit` events and the
    changes of its last `limit` history rows. Three queries, and one more for each kind of
    related object a change names."""
    entries = [
        Entry(
            when=event.created_at,
            actor_name=event.actor_name,
            text=describe(event),
            user_id=event.actor_id,
        )
        for event in Event.objects.for_target(obj).select_related("actor__person")[:limit]
    ]
    for when, user, kind, changes in _history(obj, limit):
        event = _same_write(entries, when, user)
        if event is not None:
            event.changes.extend(changes)
            continue
        if kind == "~" and not changes:
            continue
        entries.append(
            Entry(
                when=when,
                actor_name=_name(user),
                text=_("Created") if kind == "+" else _("Changed"),
                changes=changes if kind == "~" else [],
                user_id=user.pk if user else None,
            )
        )
    entries.sort(key=lambda entry: entry.when, reverse=True)
    return entries[:limit]


def kept_timeline(obj, *, limit: int = 50) -> list[Entry]:
    """Return `timeline(obj)`, kept until the object's next event or history row (a repair in
    the admin leaves only the latter), in the reader's language."""
    manager = getattr(obj, "history", None)
    history = None
    if manager is not None and hasattr(manager, "model"):
        history = manager.order_by("-history_id").values_list("history_id", flat=True).first()
    key = f"audit:{limit}:{history}:{get_language()}"
    return summaries.cached_for(obj, key, lambda: timeline(obj, limit=limit))


def _history(obj, limit):
    """Yield (when, user, kind, changes) for the object's last history rows, oldest first; the
    first row read is the base of the second's changes and is yielded only if it is the
    object's creation."""
    manager = getattr(obj, "history", None)
    if manager is None or not hasattr(manager, "model"):
        return
    rows = list(
        manager.select_related("history_user__person").order_by("-history_date", "-history_id")[
            : limit + 1
        ]
    )
    rows.reverse()
    if not rows:
        return
    fields = _audited_fields(type(obj))
    names = _related_names(fields, rows)
    previous = None
    for row in rows:
        if previous is None:
            previous = row
            if row.history_type == "+":
                yield row.history_date, row.history_user, "+", []
            continue
        changes = [
            Change(
                str(f.verbose_name).capitalize(),
                _shown(f, getattr(previous, f.attname), names),
                _shown(f, getattr(row, f.attname), names),
            )
            for f in fields
            if getattr(previous, f.attname) != getattr(row, f.attname)
        ]
        yield row.history_date, row.history_user, row.history_type, changes
        previous = row


def _audited_fields(model) -> list:
    """The fields a change is shown for: what a person edits or a workflow moves. Not the data
    a workflow keeps for itself (a JSON snapshot of a verdict): the page shows what it means."""
    return [
        f
        for f in model._meta.concrete_fields
        if f.editable
        and not f.primary_key
        and f.name not in {"code", "sort_key"}
        and not isinstance(f, models.JSONField)
    ]


def _related_names(fields, rows) -> dict:
    """Read the objects the rows' foreign keys name, one query per related model."""
    names = {}
    for f in fields:
        if not f.is_relation:
            continue
        pks = {getattr(row, f.attname) for row in rows} - {None}
        if pks:
            related = f.related_model._base_manager.in_bulk(pks)
            names[f.attname] = {pk: str(value) for pk, value in related.items()}
    return names


def _shown(f, value, names) -> str:
    if value is None or value == "":
        return "—"
    if f.is_relation:
        return names.get(f.attname, {}).get(value, f"#{value}")
    if isinstance(f, models.FileField):
        # Stored under a name of the portal's: the record's own field names the file.
        return _("a file uploaded")
    if f.choices:
        return str(dict(f.flatchoices).get(value, value))
    if isinstance(f, models.BooleanField):
        return _("Yes") if value else _("No")
    if isinstance(f, models.DateTimeField):
        # Stored in UTC: shown in the portal's time zone, as the event's own time is.
        return date_format(timezone.localtime(value), "d/m/Y H:i")
    if isinstance(f, models.DateField):
        return date_format(value, "d/m/Y")
    text = str(value)
    return text if len(text) <= SHOWN_CHARS else text[: SHOWN_CHARS - 1] + "…"


def _same_write(entries, when, user):
    """Return the entry the same user recorded with this change, if any. A history row written
    outside a request (a command, a job) knows no user: the event beside it says who acted."""
    near = [
        entry
        for entry in entries
        if (user is None or entry.user_id == user.pk) and abs(entry.when - when) <= SAME_WRITE
    ]
    return min(near, key=lambda entry: abs(entry.when - when), default=None)


def _name(user) -> str:
    if user is None:
        return ""
    person = getattr(user, "person", None)
    return person.full_name if person is not None else user.get_username()
