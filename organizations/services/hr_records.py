"""HR records: annual ratings, discipline, pending reviews, leave and unit ratings, each written by
the emulation officer within its scope, atomic and recorded as an event."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from organizations import summaries
from organizations.actors import require_right
from organizations.events import event_record
from organizations.models import (
    AnnualRating,
    DisciplineRecord,
    LeaveRecord,
    PendingReview,
    Person,
    Unit,
    UnitRating,
)
from organizations.workflow import perform

HR_RECORDS = "organizations.manage_hr_records"


def _hr_denied():
    return _("Only the emulation officer of the person's agency keeps its HR records.")


def _locked_person(actor, person: Person) -> Person:
    """Lock the person and check that the actor keeps its HR records, before anything is read."""
    # Serialises concurrent HR writes for one person, so the one-rating-per-year check holds.
    # The unit comes along for the scope check; only the person's row is locked.
    person = Person.objects.select_for_update(of=("self",)).select_related("unit").get(pk=person.pk)
    require_right(actor, HR_RECORDS, person, _hr_denied())
    return person


@transaction.atomic
def rating_record(*, actor, person: Person, year: int, level: str, note: str = "") -> AnnualRating:
    """Record a person's annual rating; refuse a second rating for the same year."""
    person = _locked_person(actor, person)
    if AnnualRating.objects.filter(person=person, year=year).exists():
        raise ValidationError(
            {
                "year": _("%(name)s already has a rating for %(year)s.")
                % {"name": person, "year": year}
            }
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
    summaries.changed(summaries.RATINGS)
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
    person = _locked_person(actor, person)
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


@transaction.atomic
def pending_review_open(
    *, actor, person: Person, kind: str, opened_on, reference: str = "", note: str = ""
) -> PendingReview:
    """Record a matter pending against a person (discipline considered, inspection, complaint)."""
    person = _locked_person(actor, person)
    review = PendingReview(
        person=person, kind=kind, opened_on=opened_on, reference=reference, note=note
    )
    review.full_clean()
    review.save()
    event_record(
        actor=actor,
        verb="pending_review_opened",
        target=person,
        summary=f"{person.full_name}: {kind} {opened_on:%d/%m/%Y}",
        data={"kind": kind, "opened": opened_on.isoformat(), "reference": reference},
    )
    return review


@transaction.atomic
def pending_review_close(
    *, actor, review: PendingReview, closed_on, note: str = ""
) -> PendingReview:
    """Close a pending review on a day; refuse one already closed or a day before it opened."""
    return perform(
        actor=actor,
        obj=review,
        action="close",
        changes=lambda review: {
            "closed_on": closed_on,
            "note": f"{review.note}\n{note}".strip() if note else review.note,
        },
        summary=lambda review: (
            f"{review.person.full_name}: {review.kind} closed {closed_on:%d/%m/%Y}"
        ),
        data=lambda review: {
            "kind": review.kind,
            "closed": closed_on.isoformat(),
            "review": review.pk,
        },
    )


@transaction.atomic
def leave_record(
    *, actor, person: Person, kind: str, start_date, end_date=None, note: str = ""
) -> LeaveRecord:
    """Record a long leave; refuse one that overlaps a leave already recorded for the person."""
    person = _locked_person(actor, person)
    leave = LeaveRecord(
        person=person, kind=kind, start_date=start_date, end_date=end_date, note=note
    )
    leave.full_clean()
    overlap = (
        LeaveRecord.objects.filter(person=person)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=start_date))
        .order_by("start_date")
    )
    if end_date is not None:
        overlap = overlap.filter(start_date__lte=end_date)
    other = overlap.first()
    if other is not None:
        raise ValidationError(
            {
                "start_date": _(
                    "This leave overlaps the %(kind)s recorded from %(start)s to %(end)s."
                )
                % {
                    "kind": other.get_kind_display(),
                    "start": other.start_date.strftime("%d/%m/%Y"),
                    "end": other.end_date.strftime("%d/%m/%Y") if other.end_date else "…",
                }
            }
        )
    leave.save()
    event_record(
        actor=actor,
        verb="leave_recorded",
        target=person,
        summary=f"{person.full_name}: {kind} {start_date:%d/%m/%Y}",
        data={
            "kind": kind,
            "start": start_date.isoformat(),
            "end": end_date.isoformat() if end_date else "",
        },
    )
    return leave


@transaction.atomic
def unit_rating_record(*, actor, unit: Unit, year: int, level: str, note: str = "") -> UnitRating:
    """Record a collective's annual rating; refuse a second rating for the same year."""
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    require_right(
        actor,
        HR_RECORDS,
        unit,
        _("Only the emulation officer of the unit's agency records its ratings."),
    )
    if UnitRating.objects.filter(unit=unit, year=year).exists():
        raise ValidationError(
            {
                "year": _("%(unit)s already has a rating for %(year)s.")
                % {"unit": unit.name, "year": year}
            }
        )
    rating = UnitRating(unit=unit, year=year, level=level, note=note)
    rating.full_clean()
    rating.save()
    event_record(
        actor=actor,
        verb="unit_rating_recorded",
        target=unit,
        summary=f"{unit.name}: {year} = {level}",
        data={"year": year, "level": level},
    )
    summaries.changed(summaries.RATINGS)
    return rating
