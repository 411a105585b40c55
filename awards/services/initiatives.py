"""Initiatives (sáng kiến): recorded with their authors' shares, used once for an award."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from awards.models import Award, Initiative, InitiativeAuthor
from awards.services.history import AWARD_HISTORY, check_year
from organizations.actors import require_right
from organizations.bulk import create_all
from organizations.events import event_record
from organizations.models import Person, Unit
from organizations.workflow import perform

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
    denied = _("Only the emulation officer records initiatives.")
    # The unit and every author must lie in the actor's scope (no unit: the right in general).
    require_right(actor, AWARD_HISTORY, unit, denied)
    people = Person.objects.select_related("unit").in_bulk([person.pk for person, _s in authors])
    for person in people.values():
        require_right(actor, AWARD_HISTORY, person, denied)
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
    create_all(InitiativeAuthor, rows, actor=actor)
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
    """Mark an initiative as grounding an award for a year; an initiative is used only once.

    The lock makes two officers using the same initiative at once see each other's use.
    """

    def apply(initiative):
        check_year(year)

    return perform(
        actor=actor,
        obj=initiative,
        action="use",
        apply=apply,
        changes={"used_for_award": award, "used_for_year": year},
        summary=lambda initiative: f"{initiative.title}: {award.code} {year}",
        data={"award": award.code, "year": year},
    )
