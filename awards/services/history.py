"""The award history: a record entered by hand, a revocation; each atomic and recorded."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.models import Award, AwardRecord
from organizations.actors import require_right
from organizations.events import event_build
from organizations.models import Person, Unit
from organizations.workflow import perform

AWARD_HISTORY = "awards.manage_award_history"


def check_year(year: int, field: str = "year") -> None:
    if year > timezone.localdate().year:
        raise ValidationError(
            {field: _("%(year)s has not come yet; it cannot be recorded.") % {"year": year}}
        )


def record_build(
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
    check_year(year)
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


def duplicate_error(record: AwardRecord, decision_number: str) -> ValidationError:
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


def recorded_event(actor, record: AwardRecord):
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
    require_right(
        actor,
        AWARD_HISTORY,
        person if person is not None else unit,
        _("Only the emulation officer adds to the award history."),
    )
    record = record_build(
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
        raise duplicate_error(record, duplicate.decision_number)
    record.save()
    recorded_event(actor, record).save()
    return record


@transaction.atomic
def award_record_revoke(
    *, actor, record: AwardRecord, reason: str, revoking_decision: str, revoked_on=None
) -> AwardRecord:
    """Mark an award as revoked by a decision of a day (today unless given); the record stays
    in the history, and its certificate's verification page says "revoked" from then on."""
    reason, revoking_decision = (reason or "").strip(), (revoking_decision or "").strip()
    revoked_on = revoked_on or timezone.localdate()

    def apply(record):
        errors = {}
        if revoked_on > timezone.localdate():
            errors["revoked_on"] = _("The revoking decision cannot be dated in the future.")
        elif revoked_on < record.decision_date:
            errors["revoked_on"] = _(
                "The revoking decision cannot be dated before the award's decision (%(day)s)."
            ) % {"day": f"{record.decision_date:%d/%m/%Y}"}
        if not reason:
            errors["revocation_reason"] = _("Give the reason for the revocation.")
        if not revoking_decision:
            errors["revoking_decision"] = _(
                "Give the number of the decision that revokes the award."
            )
        if errors:
            raise ValidationError(errors)

    return perform(
        actor=actor,
        obj=record,
        action="revoke",
        apply=apply,
        changes={
            "revocation_reason": reason,
            "revoking_decision": revoking_decision,
            "revoked_on": revoked_on,
        },
        summary=lambda record: f"{record.award.code} {record.year} revoked: {revoking_decision}",
        data=lambda record: {
            "award": record.award.code,
            "year": record.year,
            "decision": revoking_decision,
            "revoked_on": revoked_on.isoformat(),
            "record": record.pk,
        },
    )
