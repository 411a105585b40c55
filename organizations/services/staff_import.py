"""The Excel import of units and staff: every row checked, then all written or nothing."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from organizations import importer, locks, summaries
from organizations.actors import require_right
from organizations.events import event_record
from organizations.models import Person, Unit
from organizations.scope import Scope, scope_filter, scope_for
from organizations.services.units import subtree_move

# Held by every staff import, dry runs included, until its transaction ends.
IMPORT_LOCK = "organizations.staff_import"


@transaction.atomic
def staff_import(*, actor, workbook, dry_run: bool = False, progress=None):
    """Create or update the units and people of a read workbook, all or nothing.

    `workbook` is an `organizations.importer.StaffWorkbook`; returns an `ImportResult` whose
    `errors` are set, and nothing written, if any row fails. A dry run checks and counts
    exactly as an import would, then rolls back. The actor's scope limits what the file may
    change (`SYSTEM`, for the command line, sees everything). Units and people are matched by
    code, so importing the same file again updates them (or leaves them unchanged). `progress`
    (a job's `Progress`) is told the number of rows, then each row checked.
    """
    require_right(
        actor,
        "organizations.import_staff",
        denied=_("Only the emulation officer imports units and staff."),
    )
    result = importer.ImportResult(dry_run=dry_run)
    if not workbook.complete:
        result.errors = list(workbook.errors)
        return result
    # Two imports at once (the same file started twice, two workers) run one after the other:
    # the second reads the codes the first created and updates them instead of adding them.
    locks.hold(IMPORT_LOCK)
    if progress is not None:
        progress.set_total(len(workbook.units) + len(workbook.people))

    # One query for the units the file names, one for their ancestors (cycle checks and the
    # in-memory tree that Unit.clean() walks), one locking the people the file names.
    referenced = {row.code for row in workbook.units}
    referenced |= {row.parent_code for row in workbook.units if row.parent_code}
    referenced |= {row.unit_code for row in workbook.people if row.unit_code}
    units = {
        unit.code: unit for unit in Unit.objects.select_for_update().filter(code__in=referenced)
    }
    known_parents = importer.parents_from_paths(unit.path for unit in units.values())
    ancestors = set(known_parents) - set(units)
    if ancestors:
        units.update((unit.code, unit) for unit in Unit.objects.filter(code__in=ancestors))
    by_pk = {unit.pk: unit for unit in units.values()}
    for unit in units.values():
        if unit.parent_id in by_pk:
            unit.parent = by_pk[unit.parent_id]

    ordered_units, reference_errors = importer.check_references(workbook, known_parents)
    errors = workbook.errors + reference_errors
    scope = scope_for(actor)
    if not scope.everything:
        errors += _out_of_scope(workbook, units, actor, scope)
    if not errors:
        try:
            with transaction.atomic():
                _import_units(
                    workbook, importer.counted(ordered_units, progress), units, result, errors
                )
                _import_people(
                    workbook, importer.counted(workbook.people, progress), units, result, errors
                )
        except IntegrityError:
            errors.append(
                importer.RowError(
                    "",
                    None,
                    "",
                    _("The records changed while the file was being imported. Try again."),
                )
            )
    if errors:
        transaction.set_rollback(True)
        return importer.ImportResult(dry_run=dry_run, errors=importer.sort_errors(workbook, errors))
    if dry_run:
        transaction.set_rollback(True)
        return result
    counts = result.counts
    event_record(
        actor=actor,
        verb="staff_imported",
        summary=(
            f"Excel import: units +{counts['units_created']} ~{counts['units_updated']}, "
            f"people +{counts['people_created']} ~{counts['people_updated']}"
        ),
        data=counts,
    )
    summaries.changed(summaries.RATINGS)  # people came, moved or left
    return result


def _full_clean(obj, derived: list[str], sheet: str, row: int, header_of, errors: list) -> bool:
    """Validate one imported object; record its problems as row errors."""
    try:
        # The related objects were loaded or saved in this transaction, derived fields are set
        # by save(), codes are unique by the file check plus the upsert, and the check
        # constraints are mirrored in clean(): skipping those saves several queries per row.
        obj.full_clean(exclude=derived, validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        errors.extend(importer.row_errors(exc, sheet=sheet, row=row, header_of=header_of))
        return False
    return True


_UNIT_FIELDS = {"code": "code", "name": "name", "kind": "kind", "parent": "parent_code"}
_PERSON_FIELDS = {
    "code": "code",
    "full_name": "full_name",
    "gender": "gender",
    "date_of_birth": "date_of_birth",
    "employment_type": "employment_type",
    "position": "position",
    "unit": "unit_code",
    "start_date": "start_date",
    "end_date": "end_date",
    "email": "email",
}


def _out_of_scope(workbook, units: dict, actor, scope: Scope) -> list:
    """List the rows that would change units or people outside the officer's agency."""
    errors = []
    no_unit = _("There is no unit with the code “%(code)s” in this file or in your scope.")

    def refuse(sheet, row, column, message):
        errors.append(importer.RowError(sheet, row, column, message))

    for row in workbook.units:
        existing, parent = units.get(row.code), units.get(row.parent_code)
        if existing is not None and existing.pk and not scope.covers(existing.path):
            refuse(
                workbook.unit_sheet,
                row.row,
                workbook.unit_header("code"),
                _("Unit %(code)s is outside your scope and cannot be changed here.")
                % {"code": row.code},
            )
        elif parent is not None and parent.pk and not scope.covers(parent.path):
            # Worded as an unknown code: the import does not tell what other agencies hold.
            refuse(
                workbook.unit_sheet,
                row.row,
                workbook.unit_header("parent_code"),
                no_unit % {"code": row.parent_code},
            )
        elif existing is None and not row.parent_code:
            refuse(
                workbook.unit_sheet,
                row.row,
                workbook.unit_header("parent_code"),
                _("Only an administrator can create a new top-level unit; give its parent unit."),
            )
    for row in workbook.people:
        unit = units.get(row.unit_code)
        if unit is not None and unit.pk and not scope.covers(unit.path):
            refuse(
                workbook.staff_sheet,
                row.row,
                workbook.person_header("unit_code"),
                no_unit % {"code": row.unit_code},
            )
    foreign = set(
        Person.objects.filter(code__in=[row.code for row in workbook.people])
        .exclude(scope_filter(actor, "unit__path"))
        .values_list("code", flat=True)
    )
    for row in workbook.people:
        if row.code in foreign:
            refuse(
                workbook.staff_sheet,
                row.row,
                workbook.person_header("code"),
                _("Staff code %(code)s belongs to a person outside your scope.")
                % {"code": row.code},
            )
    return errors


def _import_units(workbook, ordered_units, units: dict, result, errors: list) -> None:
    """Save the file's units parents first, keeping the in-memory tree in step with the database."""

    def header_of(name):
        return workbook.unit_header(_UNIT_FIELDS.get(name, "code"))

    has_parent_column = "parent_code" in workbook.unit_headers
    by_key = {unit.pk: unit for unit in units.values() if unit.pk}
    for row in ordered_units:
        unit = units.get(row.code)
        created = unit is None
        if created:
            unit = Unit(code=row.code)
            units[row.code] = unit
        before = (unit.name, unit.kind, unit.parent_id)
        unit.name, unit.kind = row.name, row.kind
        if has_parent_column or created:
            unit.parent = units[row.parent_code] if row.parent_code else None
        derived = ["parent", "path"]
        if not _full_clean(unit, derived, workbook.unit_sheet, row.row, header_of, errors):
            continue
        after = (unit.name, unit.kind, unit.parent_id)
        changed = created or before != after
        if changed and not created:
            shown = (_unit_shown(before, by_key), _unit_shown(after, by_key))
            _record_changes(result, row.code, *shown)
        if errors:
            continue  # Keep validating the other rows; nothing will be written.
        old_path = unit.path
        if changed or unit.build_path() != old_path:
            unit.save()
            by_key[unit.pk] = unit
        if old_path and unit.path != old_path:
            # Move the units below in the database (one UPDATE per moved unit of the file, not
            # one per unit below it), and the loaded copies the same way.
            subtree_move(old_path, unit.path)
            for other in units.values():
                if other is not unit and other.path.startswith(old_path):
                    other.path = unit.path + other.path[len(old_path) :]
        outcome = (
            result.units_created
            if created
            else result.units_updated
            if changed
            else result.units_unchanged
        )
        outcome.append(row.code)


def _import_people(workbook, rows, units: dict, result, errors: list) -> None:
    """Save the file's people; fields whose column the file lacks keep their current value."""
    fields = [
        name
        for name, key in _PERSON_FIELDS.items()
        if key in workbook.person_headers and name not in ("code", "unit")
    ]
    people = {
        person.code: person
        for person in Person.objects.select_for_update().filter(
            code__in=[row.code for row in workbook.people]
        )
    }

    def header_of(name):
        return workbook.person_header(_PERSON_FIELDS.get(name, "code"))

    units_by_key = {unit.pk: unit for unit in units.values()}

    for row in rows:
        person = people.get(row.code)
        created = person is None
        if created:
            person = Person(code=row.code)
        before = [getattr(person, name) for name in fields] + [person.unit_id]
        for name in fields:
            setattr(person, name, getattr(row, name))
        person.unit = units[row.unit_code]
        derived = ["unit", "user", "sort_key", "search_name"]
        if not _full_clean(person, derived, workbook.staff_sheet, row.row, header_of, errors):
            continue
        after = [getattr(person, name) for name in fields] + [person.unit_id]
        changed = created or before != after
        if changed and not created:
            _record_changes(
                result,
                row.code,
                _person_shown(fields, before, units_by_key),
                _person_shown(fields, after, units_by_key),
            )
        if errors:
            continue
        if changed:
            person.save()
        outcome = (
            result.people_created
            if created
            else result.people_updated
            if changed
            else result.people_unchanged
        )
        outcome.append(row.code)


# The changes an import keeps for its page, field by field; past them its counts still say all.
KEPT_CHANGES = 500


def _record_changes(result, code: str, before: dict, after: dict) -> None:
    """Keep what changed in a record, each field's value before and after, as the page shows
    them."""
    for label, old in before.items():
        if after[label] != old and len(result.changes) < KEPT_CHANGES:
            result.changes.append((code, label, old, after[label]))


def _unit_shown(values: tuple, by_key: dict) -> dict[str, str]:
    """A unit's (name, kind, parent key) as the page shows them, by field."""
    name, kind, parent_key = values
    parent = by_key.get(parent_key)
    return {
        _label(Unit, "name"): name,
        _label(Unit, "kind"): _shown(Unit, "kind", kind),
        _label(Unit, "parent"): f"{parent.code} – {parent.name}" if parent else "—",
    }


def _person_shown(fields: list[str], values: list, units_by_key: dict) -> dict[str, str]:
    """A person's values of `fields`, then its unit's key, as the page shows them, by field."""
    *field_values, unit_key = values
    shown = {
        _label(Person, name): _shown(Person, name, value)
        for name, value in zip(fields, field_values, strict=True)
    }
    unit = units_by_key.get(unit_key)
    shown[_label(Person, "unit")] = f"{unit.code} – {unit.name}" if unit else "—"
    return shown


def _label(model, name: str) -> str:
    return str(capfirst(model._meta.get_field(name).verbose_name))


def _shown(model, name: str, value) -> str:
    """A field's value as the portal shows it: a choice's label, a date as dd/mm/yyyy."""
    if value in (None, ""):
        return "—"
    choices = model._meta.get_field(name).flatchoices
    if choices:
        return str(dict(choices).get(value, value))
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    return str(value)
