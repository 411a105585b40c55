"""Writes to the organisation's records: each one atomic and recorded as an event."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from organizations.events import event_record
from organizations.models import AnnualRating, DisciplineRecord, Person


def _locked_person(person: Person) -> Person:
    # Serialises concurrent HR writes for one person, so the one-rating-per-year check holds.
    return Person.objects.select_for_update().get(pk=person.pk)


@transaction.atomic
def rating_record(*, actor, person: Person, year: int, level: str, note: str = "") -> AnnualRating:
    """Record a person's annual rating; refuse a second rating for the same year."""
    person = _locked_person(person)
    if AnnualRating.objects.filter(person=person, year=year).exists():
        raise ValidationError(
            {"year": _("%(name)s already has a rating for %(year)s.") % {"name": person, "year": year}}
        )
    rating = AnnualRating(person=person, year=year, level=level, note=note)
    rating.full_clean()
    rating.save()
    event_record(
        actor=actor,
        verb="rating_recorded",
        target=person,
        summary=f"{person.full_name}: {year} = {level}",
        data={"year": year, "level": level},
    )
    return rating


@transaction.atomic
def discipline_record(
    *,
    actor,
    person: Person,
    form: str,
    start_date,
    end_date=None,
    reason: str,
    decision_number: str = "",
) -> DisciplineRecord:
    """Record a disciplinary measure with the period it runs."""
    person = _locked_person(person)
    record = DisciplineRecord(
        person=person,
        form=form,
        start_date=start_date,
        end_date=end_date,
        reason=reason,
        decision_number=decision_number,
    )
    record.full_clean()
    record.save()
    event_record(
        actor=actor,
        verb="discipline_recorded",
        target=person,
        summary=f"{person.full_name}: {form} {start_date:%d/%m/%Y}",
        data={"form": form, "start": start_date.isoformat(), "decision": decision_number},
    )
    return record
