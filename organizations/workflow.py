"""Declared workflows: who may do what, in which state — written once, asked everywhere.

Each stateful model declares, in its app's `workflows.py`, a `Workflow`: its states and the
actions allowed in each, who may take each (a `rules` predicate), any condition on related
objects (a `Guard`), the state it leads to and the event it records. Then

- services take transitions through `Workflow.perform`, which locks the row, checks the right
  and the state, validates, saves, records the event and notifies, in one transaction; services
  whose action changes no state (editing a campaign's milestones, say) call `Workflow.check`
  once the row is locked;
- views load objects through `organizations.access`, which answers 404 outside the user's scope
  and 403 without the right, and ask `can(user, obj, action)`;
- templates ask `{% can obj "action" as allowed %}` and read states as `obj.state.in_force`,
  never comparing a state string.

After pretalx's state declarations (`SubmissionStates`, its log actions) and the `rules`
package; the locks, `full_clean` and events are this portal's own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import rules
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.db import transaction
from django.utils.functional import Promise

from organizations.actors import is_system

Message = str | Promise | Callable[[object], str]


def _render(message: Message, obj, **params) -> str:
    """Return a declared message for an object: a callable is called, a text is formatted."""
    if callable(message) and not isinstance(message, str | Promise):
        return str(message(obj))
    text = str(message)
    return text % params if params and "%(" in text else text


@dataclass(frozen=True)
class Guard:
    """A condition an action needs beyond the object's own state (the covenant of a party is
    open, the interim review is concluded), with the message that says why it does not hold."""

    test: Callable[[object], bool]
    message: Message


@dataclass(frozen=True)
class Action:
    """One thing a person may do to an object: in which states, who, and what it leads to.

    `target` is the state the action leads to (None: the state does not change, or is derived
    from other rows). `verb` is the event `perform` records (empty for an action whose service
    records its own, more specific events). An `automatic` action is taken by the portal as the
    consequence of another one (the last signature puts a covenant in force): nobody is offered
    it, and its right is the right of the action that caused it. An `in_person` action (a
    signature) is taken only by the person `who` names: the system does not take it for them.
    """

    name: str
    label: str | Promise
    who: rules.Predicate | None
    sources: frozenset[str] | None = None
    target: str | None = None
    verb: str | Callable[[object], str] = ""
    denied: Message = ""
    refused: Message = ""
    guards: tuple[Guard, ...] = ()
    automatic: bool = False
    in_person: bool = False
    # The form field a refusal belongs to, so the form shows it there ("award": used already).
    refused_field: str | None = None

    def __post_init__(self):
        if self.sources is not None and not isinstance(self.sources, frozenset):
            object.__setattr__(self, "sources", frozenset(self.sources))
        if not self.automatic and self.who is None:
            raise ImproperlyConfigured(f"Action {self.name!r} needs `who` (a rules predicate).")


@dataclass(frozen=True)
class Notice:
    """What `perform` tells people once the transition is saved (organizations.notifications)."""

    recipients: Iterable
    title: str
    url: str = ""
    body: str = ""


class UnknownState(Exception):
    """A template or a declaration names a state the workflow does not have: a typo, loudly."""


class State:
    """The state of one object as templates read it: `covenant.state.in_force`, `.label`.

    Naming a state that does not exist raises instead of quietly reading as false.
    """

    def __init__(self, value: str, choices):
        self.value = value
        self._choices = choices

    @property
    def label(self):
        try:
            return self._choices(self.value).label
        except ValueError:
            return self.value

    @property
    def badge(self):
        return getattr(self._choices(self.value), "badge", "secondary")

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        if name in self._choices.values:
            return self.value == name
        raise UnknownState(f"{name!r} is not a state of {self._choices.__qualname__}")

    def __eq__(self, other):
        if isinstance(other, State):
            return self.value == other.value
        return self.value == other

    def __hash__(self):
        return hash(self.value)

    def __str__(self):
        return str(self.label)


class StatusShown:
    """A model whose `status` is one of its `Status` choices, shown as a coloured badge
    (includes/status_badge.html): the colour and the label read from the choice, one lookup,
    where `get_status_display()` makes the field's choices hashable again on every call."""

    @property
    def status_badge(self) -> str:
        return self.Status(self.status).badge

    @property
    def status_label(self) -> str:
        return self.Status(self.status).label


class StateOf:
    """A model attribute that reads a choice field as a `State`: `state = StateOf("status",
    Status)` inside the model."""

    def __init__(self, field_name: str, choices):
        self.field_name = field_name
        self.choices = choices

    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        return State(getattr(obj, self.field_name), self.choices)


_REGISTRY: dict[type, Workflow] = {}


class Workflow:
    """The states and actions of one model. See the module docstring."""

    def __init__(
        self,
        name: str,
        model,
        *,
        actions: Iterable[Action],
        field: str | None = "status",
        states: Iterable[str] | None = None,
        state: Callable[[object], str] | None = None,
        lock: Callable[[object], object] | None = None,
        event_target: Callable[[object], object] | None = None,
        select_related: Iterable[str] = (),
    ):
        self.name = name
        self.model = model
        self.field = field if state is None else None
        self._state = state
        if states is None:
            states = model._meta.get_field(field).choices if state is None else ()
            states = [value for value, _label in states]
        self.states = frozenset(states)
        self._lock = lock
        self._event_target = event_target
        self._select_related = tuple(select_related)
        self.actions: dict[str, Action] = {}
        for action in actions:
            if action.name in self.actions:
                raise ImproperlyConfigured(f"{model.__name__}: action {action.name!r} twice.")
            for name in (action.sources or set()) | ({action.target} - {None}):
                if self.states and name not in self.states:
                    raise UnknownState(f"{model.__name__} has no state {name!r}.")
            self.actions[action.name] = action
        if model in _REGISTRY:
            raise ImproperlyConfigured(f"{model.__name__} already has a workflow.")
        _REGISTRY[model] = self

    def __repr__(self):
        return f"<Workflow {self.name}>"

    def key(self, action: str) -> str:
        """Return how pages mark the action's button: `data-action="covenant.open"`."""
        return f"{self.name}.{self.action(action).name}"

    # Reading

    def state_of(self, obj) -> str:
        return self._state(obj) if self._state is not None else getattr(obj, self.field)

    def action(self, name: str) -> Action:
        try:
            return self.actions[name]
        except KeyError:
            raise ImproperlyConfigured(
                f"{self.model.__name__} has no action {name!r}; it has {sorted(self.actions)}."
            ) from None

    def refusal(self, obj, name: str) -> str | None:
        """Return why the action cannot be taken on the object now, or None when it can."""
        action = self.action(name)
        # What the object belongs to first (the covenant of a party is open, the campaign of a
        # report is not closed), then the object's own state.
        for guard in action.guards:
            if not guard.test(obj):
                return _render(guard.message, obj)
        state = self.state_of(obj)
        if action.sources is not None and state not in action.sources:
            return _render(
                action.refused or _default_refusal(), obj, state=self._state_label(state)
            )
        return None

    def permits(self, user, obj, name: str) -> bool:
        """Return True when the user has the right to take the action (whatever the state)."""
        action = self.action(name)
        if action.automatic:
            return False
        if is_system(user):
            return not action.in_person
        if user is None or not user.is_authenticated:
            return False
        return bool(action.who.test(user, obj))

    def can(self, user, obj, name: str) -> bool:
        """Return True when the user may take the action on the object now."""
        return self.permits(user, obj, name) and self.refusal(obj, name) is None

    def available(self, user, obj) -> list[Action]:
        """Return the actions the user may take on the object now, in declaration order."""
        return [action for action in self.actions.values() if self.can(user, obj, action.name)]

    def denial(self, obj, name: str) -> str:
        """Return the message for someone without the right to take the action."""
        action = self.action(name)
        return _render(action.denied, obj) if action.denied else _default_denied()

    def check_state(self, obj, name: str) -> None:
        """Raise ValidationError when the object's state does not allow the action now (for a
        service whose right is checked on another object: registering on a unit's list)."""
        reason = self.refusal(obj, name)
        if reason is not None:
            field = self.action(name).refused_field
            raise ValidationError({field: reason} if field else reason)

    def check(self, actor, obj, name: str) -> None:
        """Raise PermissionDenied without the right, ValidationError in the wrong state."""
        action = self.action(name)
        if not action.automatic and not self.permits(actor, obj, name):
            raise PermissionDenied(self.denial(obj, name))
        self.check_state(obj, name)

    # Writing

    def lock(self, obj):
        """Return the object re-read with its row locked until the transaction ends."""
        if self._lock is not None:
            return self._lock(obj)
        queryset = self.model.objects.select_for_update(of=("self",))
        if self._select_related:
            queryset = queryset.select_related(*self._select_related)
        return queryset.get(pk=obj.pk)

    def perform(
        self,
        *,
        actor,
        obj,
        action: str,
        changes: dict | Callable[[object], dict] | None = None,
        apply: Callable[[object], None] | None = None,
        summary: str | Callable[[object], str] | None = None,
        data: dict | Callable[[object], dict] | None = None,
        notice: Notice | Callable[[object], Notice | None] | None = None,
        locked: bool = False,
    ):
        """Take a transition: lock, check the right and the state, apply, validate, save,
        record the event and notify; all or nothing. Returns the saved (locked) object.

        `apply(obj)` makes the changes the declaration cannot know (rows of other models, a
        check of the input) and may raise ValidationError; `changes` (a dict, or a function of
        the locked object returning one) are fields of the object set, validated and saved
        with the new state; `summary` and `data` of the event may be functions of it too.
        `locked=True` says the caller
        has already locked and re-read the object in this transaction.
        """
        from organizations.events import event_record
        from organizations.notifications import notify

        declared = self.action(action)
        with transaction.atomic():
            if not locked:
                obj = self.lock(obj)
            self.check(actor, obj, action)
            if apply is not None:
                apply(obj)
            fields = dict((changes(obj) if callable(changes) else changes) or {})
            if declared.target is not None and self.field is not None:
                fields[self.field] = declared.target
            if fields:
                for name, value in fields.items():
                    setattr(obj, name, value)
                names = {f.name for f in obj._meta.concrete_fields}
                obj.full_clean(exclude=names - set(fields), validate_constraints=False)
                obj.save(update_fields=list(fields))
            verb = declared.verb(obj) if callable(declared.verb) else declared.verb
            if verb:
                if callable(summary):
                    summary = summary(obj)
                event_record(
                    actor=actor,
                    verb=verb,
                    target=self.event_target(obj),
                    summary=summary if summary is not None else str(obj),
                    data=data(obj) if callable(data) else data,
                )
            if callable(notice):
                notice = notice(obj)
            if notice is not None:
                notify(
                    recipients=notice.recipients,
                    title=notice.title,
                    url=notice.url,
                    body=notice.body,
                )
        return obj

    def event_target(self, obj):
        return self._event_target(obj) if self._event_target is not None else obj

    def _state_label(self, state: str) -> str:
        if self.field is None:
            return state
        for value, label in self.model._meta.get_field(self.field).choices:
            if value == state:
                return str(label).lower()
        return state


def _default_refusal():
    from django.utils.translation import gettext as _

    return _("This cannot be done while the status is “%(state)s”.")


def _default_denied():
    from django.utils.translation import gettext as _

    return _("You do not have the right to do this.")


# Asking any workflow


def workflow_for(obj_or_model) -> Workflow:
    """Return the workflow declared for an object's model (or a model)."""
    model = obj_or_model if isinstance(obj_or_model, type) else type(obj_or_model)
    model = model._meta.concrete_model
    try:
        return _REGISTRY[model]
    except KeyError:
        raise ImproperlyConfigured(f"{model.__name__} declares no workflow.") from None


def workflows() -> list[Workflow]:
    """Return every declared workflow (the transition walk test goes through them all)."""
    return list(_REGISTRY.values())


def can(user, obj, action: str) -> bool:
    """Return True when the user may take the action on the object now."""
    return obj is not None and workflow_for(obj).can(user, obj, action)


def check(actor, obj, action: str) -> None:
    """Raise PermissionDenied without the right, ValidationError in the wrong state."""
    workflow_for(obj).check(actor, obj, action)


def perform(*, actor, obj, action: str, **options):
    """Take a transition of the object's workflow (see `Workflow.perform`)."""
    return workflow_for(obj).perform(actor=actor, obj=obj, action=action, **options)


__all__ = [
    "Action",
    "Guard",
    "Notice",
    "State",
    "StateOf",
    "UnknownState",
    "Workflow",
    "can",
    "check",
    "perform",
    "workflow_for",
    "workflows",
]
