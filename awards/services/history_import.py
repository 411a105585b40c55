"""The Excel import of the award history for the years before the portal: all rows or none."""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from awards import importer
from awards.models import Award, AwardRecord
from awards.services.history import (
    AWARD_HISTORY,
    duplicate_error,
    record_build,
    recorded_event,
)
from organizations import locks
from organizations.actors import require_right
from organizations.bulk import create_all
from organizations.events import event_record
from organizations.importer import RowError, counted, row_errors
from organizations.models import Event, Person, Unit
from organizations.scope import scope_for

# Held by every import of the award history, dry runs included, until its transaction ends.
IMPORT_LOCK = "awards.award_history_import"


@transaction.atomic
def award_history_import(
    *, actor, workbook: importer.AwardWorkbook, dry_run: bool = False, progress=None
) -> importer.AwardImportResult:
    """Add the award records of a read workbook to the history, all or nothing.

    Each row goes through `award_record_add` with the source "imported", so an import is held
    to the same checks as a record entered by hand (the award fits the nominee, the year has
    come, no valid record of the same award and year). People and units outside the actor's
    scope are refused. Returns an `AwardImportResult` whose `errors` are set, and nothing
    written, if any row fails; a dry run checks and counts exactly as an import would, then
    rolls back. The same file imported twice is refused the second time (each row is already
    in the history). `progress` (a job's `Progress`) is told the number of rows, then each row
    checked.
    """
    require_right(
        actor, AWARD_HISTORY, denied=_("Only the emulation officer imports the award history.")
    )
    result = importer.AwardImportResult(dry_run=dry_run)
    if not workbook.complete:
        result.errors = list(workbook.errors)
        return result
    # Two imports at once run one after the other: the second reads the history the first
    # wrote, and its rows are refused as already recorded instead of being added twice.
    locks.hold(IMPORT_LOCK)
    if progress is not None:
        progress.set_total(len(workbook.rows))
    references = _ImportReferences.load(actor, workbook)
    errors = list(workbook.errors) + references.check(workbook)
    skipped = {error.row for error in errors}
    try:
        # Every row the file and the references let through is written, even when others
        # failed, so one upload lists every problem; the writes are then rolled back.
        with transaction.atomic():
            _import_rows(actor, workbook, references, skipped, result, errors, progress)
    except IntegrityError:
        errors.append(
            RowError(
                "", None, "", _("The records changed while the file was being imported. Try again.")
            )
        )
    if errors:
        transaction.set_rollback(True)
        return importer.AwardImportResult(
            dry_run=dry_run, errors=importer.sort_errors(workbook, errors)
        )
    if dry_run:
        transaction.set_rollback(True)
        return result
    event_record(
        actor=actor,
        verb="award_history_imported",
        summary=(
            f"Excel import of the award history: {result.added_for_people} for people, "
            f"{result.added_for_units} for collectives"
        ),
        data={"people": result.added_for_people, "units": result.added_for_units},
    )
    return result


class _ImportReferences:
    """The people, units and awards a workbook names, loaded in a few queries.

    People and units outside the actor's scope are loaded too, and refused with the words of an
    unknown code: an import never tells whether a code exists in another agency.
    """

    def __init__(self, people, units, awards, hidden_people, hidden_units):
        self.people, self.units, self.awards = people, units, awards
        self.hidden_people, self.hidden_units = hidden_people, hidden_units

    @classmethod
    def load(cls, actor, workbook) -> "_ImportReferences":
        person_codes = {row.person_code for row in workbook.rows if row.person_code}
        unit_codes = {row.unit_code for row in workbook.rows if row.unit_code}
        award_codes = {row.award_code for row in workbook.rows if row.award_code}
        people = {p.code: p for p in Person.objects.filter(code__in=person_codes)}
        units = {u.code: u for u in Unit.objects.filter(code__in=unit_codes)}
        awards = {a.code: a for a in Award.objects.filter(code__in=award_codes)}
        hidden_people, hidden_units = set(), set()
        scope = scope_for(actor)  # SYSTEM's is everything
        if not scope.everything:
            visible = set(
                Person.objects.visible_to(actor)
                .filter(code__in=people)
                .values_list("code", flat=True)
            )
            hidden_people = set(people) - visible
            hidden_units = {code for code, unit in units.items() if not scope.covers(unit.path)}
        return cls(people, units, awards, hidden_people, hidden_units)

    def check(self, workbook) -> list[RowError]:
        """Return a problem for each code that is unknown, out of scope or the wrong subject."""
        errors = []
        for row in workbook.rows:

            def refuse(key, message, row=row):
                errors.append(RowError(workbook.sheet, row.row, workbook.header(key), message))

            # Unknown, or outside the actor's scope: the same answer, so that an import cannot
            # tell whether a code exists in another agency.
            if row.person_code and (
                row.person_code not in self.people or row.person_code in self.hidden_people
            ):
                refuse(
                    "person_code",
                    _("There is no person with the staff code “%(code)s” in your scope.")
                    % {"code": row.person_code},
                )
            if row.unit_code and (
                row.unit_code not in self.units or row.unit_code in self.hidden_units
            ):
                refuse(
                    "unit_code",
                    _("There is no unit with the code “%(code)s” in your scope.")
                    % {"code": row.unit_code},
                )
            award = self.awards.get(row.award_code)
            if row.award_code and award is None:
                refuse(
                    "award_code",
                    _(
                        "There is no award with the code “%(code)s” in the catalogue; the "
                        "template's guide sheet lists the codes."
                    )
                    % {"code": row.award_code},
                )
            elif award is not None and bool(row.person_code) != bool(row.unit_code):
                wanted = Award.Subject.PERSON if row.person_code else Award.Subject.COLLECTIVE
                if award.subject != wanted:
                    refuse("award_code", _subject_mismatch(award))
        return errors


def _subject_mismatch(award: Award) -> str:
    if award.subject == Award.Subject.COLLECTIVE:
        return _(
            "%(award)s (%(code)s) is awarded to a collective: write a unit code, not a staff code."
        ) % {"award": award.name, "code": award.code}
    return _(
        "%(award)s (%(code)s) is awarded to a person: write a staff code, not a unit code."
    ) % {"award": award.name, "code": award.code}


def _import_rows(actor, workbook, references, skipped, result, errors, progress=None) -> None:
    """Check each sound row as `award_record_add` would, then write them all at once.

    The same checks as a record entered by hand (`_record_build`, the once-a-year rule against
    the history and within the file), in a fixed number of queries: the nominees are locked
    together, the history they hold is read once, records and events are inserted in bulk.
    """
    rows = [row for row in workbook.rows if row.row not in skipped]
    if progress is not None:
        progress.advance(len(workbook.rows) - len(rows))  # refused already, not checked again
    person_ids = sorted({references.people[r.person_code].pk for r in rows if r.person_code})
    unit_ids = sorted({references.units[r.unit_code].pk for r in rows if r.unit_code})
    # Locking the nominees serialises this import with any other addition to their history.
    list(Person.objects.select_for_update().filter(pk__in=person_ids).values_list("pk"))
    list(Unit.objects.select_for_update().filter(pk__in=unit_ids).values_list("pk"))
    held = {}
    for person_id, unit_id, award_id, year, number in (
        AwardRecord.objects.filter(status=AwardRecord.Status.VALID)
        .filter(Q(person_id__in=person_ids) | Q(unit_id__in=unit_ids))
        .values_list("person_id", "unit_id", "award_id", "year", "decision_number")
    ):
        held[(person_id, unit_id, award_id, year)] = number
    records = []
    for row in counted(rows, progress):
        person = references.people.get(row.person_code) if row.person_code else None
        unit = references.units.get(row.unit_code) if row.unit_code else None
        try:
            record = record_build(
                award=references.awards[row.award_code],
                person=person,
                unit=unit,
                year=row.year,
                decision_number=row.decision_number,
                decision_date=row.decision_date,
                issuer=row.issuer,
                source=AwardRecord.Source.IMPORTED,
                source_document=row.source_document,
            )
            key = (record.person_id, record.unit_id, record.award_id, record.year)
            if key in held:
                raise duplicate_error(record, held[key])
        except ValidationError as exc:
            if not hasattr(exc, "error_dict"):
                exc = ValidationError({NON_FIELD_ERRORS: exc.messages})
            errors.extend(
                row_errors(
                    exc, sheet=workbook.sheet, row=row.row, header_of=workbook.header_of_field
                )
            )
            continue
        held[key] = record.decision_number
        records.append(record)
        if person is not None:
            result.added_for_people += 1
        else:
            result.added_for_units += 1
    if errors:
        return
    create_all(AwardRecord, records, actor=actor, batch_size=1000)
    Event.objects.bulk_create(
        [recorded_event(actor, record) for record in records], batch_size=1000
    )
