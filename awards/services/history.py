"""Writes to initiatives and the award history: each one atomic and recorded as an event."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.models import Award, AwardRecord, Initiative, InitiativeAuthor
from organizations.events import event_record
from organizations.models import Person, Unit

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
    # Locking the nominee serialises concurrent additions, so the once-per-year check holds.
    if person is not None:
        nominee = Person.objects.select_for_update().get(pk=person.pk)
        existing = AwardRecord.objects.filter(person=nominee)
    else:
        nominee = Unit.objects.select_for_update().get(pk=unit.pk)
        existing = AwardRecord.objects.filter(unit=nominee)
    record = AwardRecord(
        award=award,
        person=nominee if person is not None else None,
        unit=nominee if unit is not None else None,
        year=year,
        decision_number=decision_number,
        decision_date=decision_date,
        issuer=issuer,
        source=source,
        source_document=source_document,
    )
    record.full_clean()
    # A revoked award is no longer held, so a new decision for the same year may be entered.
    duplicate = existing.filter(award=award, year=year, status=AwardRecord.Status.VALID).first()
    if duplicate is not None:
        raise ValidationError(
            {
                "award": _("%(nominee)s already has %(award)s for %(year)s (decision %(number)s).")
                % {
                    "nominee": person.full_name if person is not None else unit.name,
                    "award": award.name,
                    "year": year,
                    "number": duplicate.decision_number,
                }
            }
        )
    record.save()
    event_record(
        actor=actor,
        verb="award_recorded",
        target=nominee,
        summary=f"{award.code} {year}: {decision_number} ({decision_date:%d/%m/%Y})",
        data={
            "award": award.code,
            "year": year,
            "decision": decision_number,
            "source": source,
            "record": record.pk,
        },
    )
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
