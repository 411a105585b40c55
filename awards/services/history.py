"""Writes to initiatives and the award history: each one atomic and recorded as an event."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from awards import importer
from awards.models import Award, AwardRecord, Initiative, InitiativeAuthor
from organizations.events import event_build, event_record
from organizations.importer import RowError, row_errors
from organizations.models import Event, Person, Unit
from organizations.scope import scope_for

SHARES_TOTAL = Decimal(100)


def _percent(value: Decimal) -> str:
    """Show a share without trailing zeros: 100, 33.5."""
    return format(value.normalize(), "f")


def _share(value) -> Decimal:
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ValidationError(
            {"authors": _("%(value)s is not a valid share.") % {"value": value}}
        ) from None


def _check_authors(authors) -> list[tuple[Person, Decimal]]:
    """Return the authors with their shares as decimals; refuse a list that does not add up."""
    if not authors:
        raise ValidationError({"authors": _("Name at least one author of the initiative.")})
    checked, seen, errors = [], set(), []
    for person, share in authors:
        share = _share(share)
        if person.pk in seen:
            errors.append(
                _("%(name)s is listed more than once among the authors.")
                % {"name": person.full_name}
            )
        seen.add(person.pk)
        if share <= 0:
            errors.append(
                _("Each author's share must be above 0 %%; %(name)s has %(share)s %%.")
                % {"name": person.full_name, "share": _percent(share)}
            )
        checked.append((person, share))
    if errors:
        raise ValidationError({"authors": errors})
    total = sum((share for _person, share in checked), Decimal(0))
    if total != SHARES_TOTAL:
        raise ValidationError(
            {
                "authors": _(
                    "The authors' shares must add up to exactly 100 %%; "
                    "they add up to %(total)s %%."
                )
                % {"total": _percent(total)}
            }
        )
    return checked


def _check_year(year: int, field: str = "year") -> None:
    if year > timezone.localdate().year:
        raise ValidationError(
            {field: _("%(year)s has not come yet; it cannot be recorded.") % {"year": year}}
        )


@transaction.atomic
def initiative_record(
    *,
    actor,
    title: str,
    summary: str,
    unit: Unit | None,
    recognised_by: str,
    decision_number: str,
    decision_date,
    scope: str,
    authors: list[tuple[Person, Decimal]],
) -> Initiative:
    """Record a recognised initiative with its authors, whose shares add up to 100 %."""
    checked = _check_authors(authors)
    initiative = Initiative(
        title=title,
        summary=summary,
        unit=unit,
        recognised_by=recognised_by,
        decision_number=decision_number,
        decision_date=decision_date,
        scope=scope,
    )
    initiative.full_clean()
    initiative.save()
    rows = []
    for person, share in checked:
        row = InitiativeAuthor(initiative=initiative, person=person, share=share)
        row.full_clean()
        rows.append(row)
    InitiativeAuthor.objects.bulk_create(rows)
    event_record(
        actor=actor,
        verb="initiative_recorded",
        target=initiative,
        summary=f"{initiative.title} ({decision_number}, {decision_date:%d/%m/%Y})",
        data={
            "decision": decision_number,
            "scope": scope,
            "authors": [[person.code, str(share)] for person, share in checked],
        },
    )
    return initiative


@transaction.atomic
def initiative_use(*, actor, initiative: Initiative, award: Award, year: int) -> Initiative:
    """Mark an initiative as grounding an award for a year; an initiative is used only once."""
    # The lock makes two officers using the same initiative at once see each other's use.
    initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
    if initiative.is_used:
        used_for = Award.objects.get(pk=initiative.used_for_award_id)
        raise ValidationError(
            {
                "award": _(
                    "This initiative was already used for %(award)s in %(year)s. "
                    "An initiative may be used once, for a title or a form of commendation "
                    "(BNV 5007/BNV-TĐKT, 2023)."
                )
                % {"award": used_for.name, "year": initiative.used_for_year}
            }
        )
    _check_year(year)
    initiative.used_for_award = award
    initiative.used_for_year = year
    initiative.full_clean()
    initiative.save(update_fields=["used_for_award", "used_for_year"])
    event_record(
        actor=actor,
        verb="initiative_used",
        target=initiative,
        summary=f"{initiative.title}: {award.code} {year}",
        data={"award": award.code, "year": year},
    )
    return initiative


def _record_build(
    *,
    award: Award,
    person: Person | None,
    unit: Unit | None,
    year: int,
    decision_number: str,
    decision_date,
    issuer: str,
    source: str,
    source_document: str,
) -> AwardRecord:
    """Return a checked, unsaved record: one nominee, the year come, the source named, the
    award fitting the nominee and every field valid. Runs no query: the nominee and the award
    are rows already loaded, and the one-nominee constraint holds by construction."""
    if (person is None) == (unit is None):
        raise ValidationError(
            _("Give either the person or the unit that received the award, and only one.")
        )
    _check_year(year)
    if (
        source in (AwardRecord.Source.ENTERED, AwardRecord.Source.IMPORTED)
        and not (source_document or "").strip()
    ):
        raise ValidationError(
            {
                "source_document": _(
                    "Name the document this award is taken from (the decision or its copy)."
                )
            }
        )
    record = AwardRecord(
        award=award,
        person=person,
        unit=unit,
        year=year,
        decision_number=decision_number,
        decision_date=decision_date,
        issuer=issuer,
        source=source,
        source_document=source_document,
    )
    record.full_clean(exclude=["award", "person", "unit"], validate_constraints=False)
    return record


def _duplicate_error(record: AwardRecord, decision_number: str) -> ValidationError:
    nominee = record.person.full_name if record.person is not None else record.unit.name
    return ValidationError(
        {
            "award": _("%(nominee)s already has %(award)s for %(year)s (decision %(number)s).")
            % {
                "nominee": nominee,
                "award": record.award.name,
                "year": record.year,
                "number": decision_number,
            }
        }
    )


def _recorded_event(actor, record: AwardRecord):
    return event_build(
        actor=actor,
        verb="award_recorded",
        target=record.person if record.person is not None else record.unit,
        summary=(
            f"{record.award.code} {record.year}: {record.decision_number} "
            f"({record.decision_date:%d/%m/%Y})"
        ),
        data={
            "award": record.award.code,
            "year": record.year,
            "decision": record.decision_number,
            "source": record.source,
            "record": record.pk,
        },
    )


@transaction.atomic
def award_record_add(
    *,
    actor,
    award: Award,
    person: Person | None = None,
    unit: Unit | None = None,
    year: int,
    decision_number: str,
    decision_date,
    issuer: str,
    source: str,
    source_document: str = "",
) -> AwardRecord:
    """Add a title or form a person or a unit received to its award history."""
    record = _record_build(
        award=award,
        person=person,
        unit=unit,
        year=year,
        decision_number=decision_number,
        decision_date=decision_date,
        issuer=issuer,
        source=source,
        source_document=source_document,
    )
    # Locking the nominee serialises concurrent additions, so the once-per-year check holds.
    if person is not None:
        record.person = Person.objects.select_for_update().get(pk=person.pk)
        existing = AwardRecord.objects.filter(person=record.person)
    else:
        record.unit = Unit.objects.select_for_update().get(pk=unit.pk)
        existing = AwardRecord.objects.filter(unit=record.unit)
    # A revoked award is no longer held, so a new decision for the same year may be entered.
    duplicate = existing.filter(award=award, year=year, status=AwardRecord.Status.VALID).first()
    if duplicate is not None:
        raise _duplicate_error(record, duplicate.decision_number)
    record.save()
    _recorded_event(actor, record).save()
    return record


@transaction.atomic
def award_record_revoke(
    *, actor, record: AwardRecord, reason: str, revoking_decision: str
) -> AwardRecord:
    """Mark an award as revoked by a decision; the record stays in the history."""
    record = (
        AwardRecord.objects.select_for_update(of=("self",))
        .select_related("award")
        .get(pk=record.pk)
    )
    errors = {}
    if not (reason or "").strip():
        errors["revocation_reason"] = _("Give the reason for the revocation.")
    if not (revoking_decision or "").strip():
        errors["revoking_decision"] = _("Give the number of the decision that revokes the award.")
    if errors:
        raise ValidationError(errors)
    if record.status == AwardRecord.Status.REVOKED:
        raise ValidationError(
            _("This award was already revoked by decision %(number)s.")
            % {"number": record.revoking_decision}
        )
    record.status = AwardRecord.Status.REVOKED
    record.revocation_reason = reason.strip()
    record.revoking_decision = revoking_decision.strip()
    record.full_clean()
    record.save(update_fields=["status", "revocation_reason", "revoking_decision"])
    target = record.person if record.person_id else record.unit
    event_record(
        actor=actor,
        verb="award_revoked",
        target=target,
        summary=f"{record.award.code} {record.year} revoked: {record.revoking_decision}",
        data={
            "award": record.award.code,
            "year": record.year,
            "decision": record.revoking_decision,
            "record": record.pk,
        },
    )
    return record


@transaction.atomic
def award_history_import(
    *, actor, workbook: importer.AwardWorkbook, dry_run: bool = False
) -> importer.AwardImportResult:
    """Add the award records of a read workbook to the history, all or nothing.

    Each row goes through `award_record_add` with the source "imported", so an import is held
    to the same checks as a record entered by hand (the award fits the nominee, the year has
    come, no valid record of the same award and year). People and units outside the actor's
    scope are refused. Returns an `AwardImportResult` whose `errors` are set, and nothing
    written, if any row fails; a dry run checks and counts exactly as an import would, then
    rolls back.
    """
    result = importer.AwardImportResult(dry_run=dry_run)
    if not workbook.complete:
        result.errors = list(workbook.errors)
        return result
    references = _ImportReferences.load(actor, workbook)
    errors = list(workbook.errors) + references.check(workbook)
    skipped = {error.row for error in errors}
    try:
        # Every row the file and the references let through is written, even when others
        # failed, so one upload lists every problem; the writes are then rolled back.
        with transaction.atomic():
            _import_rows(actor, workbook, references, skipped, result, errors)
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

    People and units outside the actor's scope are loaded too, so that a row can say so rather
    than claim the code does not exist.
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
        # The command line without an actor acts for the whole portal, as the staff import does.
        scope = scope_for(actor) if actor is not None else None
        if scope is not None and not scope.everything:
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

            if row.person_code and row.person_code not in self.people:
                refuse(
                    "person_code",
                    _("There is no person with the staff code “%(code)s” in the portal.")
                    % {"code": row.person_code},
                )
            elif row.person_code in self.hidden_people:
                refuse(
                    "person_code",
                    _("The person with the staff code “%(code)s” is outside your scope.")
                    % {"code": row.person_code},
                )
            if row.unit_code and row.unit_code not in self.units:
                refuse(
                    "unit_code",
                    _("There is no unit with the code “%(code)s” in the portal.")
                    % {"code": row.unit_code},
                )
            elif row.unit_code in self.hidden_units:
                refuse(
                    "unit_code",
                    _("The unit “%(code)s” is outside your scope.") % {"code": row.unit_code},
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


def _import_rows(actor, workbook, references, skipped, result, errors) -> None:
    """Check each sound row as `award_record_add` would, then write them all at once.

    The same checks as a record entered by hand (`_record_build`, the once-a-year rule against
    the history and within the file), in a fixed number of queries: the nominees are locked
    together, the history they hold is read once, records and events are inserted in bulk.
    """
    rows = [row for row in workbook.rows if row.row not in skipped]
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
    for row in rows:
        person = references.people.get(row.person_code) if row.person_code else None
        unit = references.units.get(row.unit_code) if row.unit_code else None
        try:
            record = _record_build(
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
                raise _duplicate_error(record, held[key])
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
    AwardRecord.objects.bulk_create(records, batch_size=1000)
    Event.objects.bulk_create(
        [_recorded_event(actor, record) for record in records], batch_size=1000
    )
