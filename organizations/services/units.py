"""Moving a unit in the tree: the unit and every unit below it take their new path at once."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Value
from django.db.models.functions import Concat, Substr
from django.db.models.lookups import Exact
from django.utils.translation import gettext as _

from organizations import summaries
from organizations.actors import require_right
from organizations.events import event_record
from organizations.models import Unit


@transaction.atomic
def unit_move(*, actor, unit: Unit, parent: Unit | None, code: str | None = None) -> Unit:
    """Place a unit below `parent` (None: at the top), optionally under a new code, with every
    unit below it; refuse a place below itself. Nothing to change, nothing written."""
    # Both rows locked in one order, so two moves never wait on each other crosswise, and the
    # parent's path cannot change under us while the subtree takes it.
    locked = {
        row.pk: row
        for row in Unit.objects.select_for_update()
        .filter(pk__in=[unit.pk] + ([parent.pk] if parent is not None else []))
        .order_by("pk")
    }
    unit = locked[unit.pk]
    denied = _("Only the emulation officer moves units, within its own agency.")
    require_right(actor, "organizations.move_unit", unit, denied)
    old_path, old_code, old_parent_id = unit.path, unit.code, unit.parent_id
    if parent is not None:
        parent = locked[parent.pk]
        if parent.path.startswith(old_path):
            raise ValidationError(
                {
                    "parent": _(
                        "%(unit)s cannot move below itself or a unit below it (%(parent)s)."
                    )
                    % {"unit": unit.name, "parent": parent.name}
                }
            )
    unit.parent = parent
    if code is not None:
        unit.code = code
    if (unit.code, unit.parent_id) == (old_code, old_parent_id):
        return unit
    unit.full_clean(exclude=["path"])
    unit.path = unit.build_path()
    # Its new place must lie in the actor's scope as well (an officer cannot move a unit out of
    # its agency, nor to the top).
    require_right(actor, "organizations.move_unit", unit, denied)
    unit.save()
    below = subtree_move(old_path, unit.path)
    event_record(
        actor=actor,
        verb="unit_moved",
        target=unit,
        summary=f"{unit.name}: {old_path} → {unit.path}",
        data={"from": old_path, "to": unit.path, "below": below},
    )
    summaries.changed(summaries.RATINGS)  # its people moved to another part of the tree
    return unit


def subtree_move(old_path: str, new_path: str) -> int:
    """Give the units below `old_path` the same place below `new_path`, in one UPDATE.

    The unit itself is saved first (its own path and history row); return how many moved.
    The queryset update writes no django-simple-history rows for the units below, on purpose:
    a path is derived data (the codes above a unit), and what changed it is recorded once, in
    the moved unit's history row (its parent or code) and its event. A unit's historical rows
    keep the path it had at its own last save.
    """
    return (
        Unit.objects.filter(path__startswith=old_path)
        # SQLite's LIKE ignores the case of ASCII letters; an exact prefix comparison keeps a
        # unit coded "kt" from being taken for one below "KT".
        .filter(Exact(Substr("path", 1, len(old_path)), Value(old_path)))
        .exclude(path=old_path)
        .update(path=Concat(Value(new_path), Substr("path", len(old_path) + 1)))
    )
