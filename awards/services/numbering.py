"""Numbers for the agency's documents, taken inside the transaction that issues the document.

The sequence row is locked until that transaction ends: two officers issuing at once get
consecutive numbers, and a document whose transaction is rolled back gives its number back, so
the year's sequence has neither repeats nor gaps.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from awards.models import DocumentSequence
from organizations.actors import require_right
from organizations.events import event_record
from organizations.models import Unit


def take_number(*, agency: Unit, year: int, kind: str) -> tuple[int, str]:
    """Return (number, "number/kind-agency") for the next document; the caller's transaction
    keeps it only if it commits."""
    first, sequence = _take(agency, year, kind, 1)
    return first, sequence.symbol(first)


def take_numbers(*, agency: Unit, year: int, kind: str, count: int) -> range:
    """Return the next `count` numbers of a sequence (the honour-book entries of a decision's
    certificates), taken at once in the caller's transaction."""
    first, _sequence = _take(agency, year, kind, count)
    return range(first, first + count)


def _take(agency: Unit, year: int, kind: str, count: int) -> tuple[int, DocumentSequence]:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("A document number is taken inside the transaction that issues it.")
    sequence = _locked(agency, year, kind)
    first = sequence.last_number + 1
    sequence.last_number += count
    sequence.save(update_fields=["last_number"])
    return first, sequence


def _locked(agency: Unit, year: int, kind: str) -> DocumentSequence:
    rows = DocumentSequence.objects.select_for_update().select_related("agency")
    sequence = rows.filter(agency=agency, year=year, kind=kind).first()
    if sequence is not None:
        return sequence
    try:
        # The first number of the year: two issuers may both find no row; one creates it.
        with transaction.atomic():
            DocumentSequence.objects.create(agency=agency, year=year, kind=kind)
    except IntegrityError:
        pass
    return rows.get(agency=agency, year=year, kind=kind)


@transaction.atomic
def sequence_continue(*, actor, agency: Unit, year: int, kind: str, last_number: int):
    """Continue a year's register the agency kept on paper before the portal: the portal's next
    number follows `last_number`. The sequence only moves forward, so no number repeats."""
    require_right(
        actor,
        "awards.manage_decisions",
        agency,
        denied=_("Only the emulation officer keeps the numbering of documents."),
    )
    sequence = _locked(agency, year, kind)
    if last_number < sequence.last_number:
        raise ValidationError(
            {
                "last_number": _(
                    "Number %(number)s of %(year)s is already used; the register only moves "
                    "forward."
                )
                % {"number": sequence.last_number, "year": year}
            }
        )
    before = sequence.last_number
    sequence.last_number = last_number
    sequence.save(update_fields=["last_number"])
    event_record(
        actor=actor,
        verb="document_sequence_continued",
        target=agency,
        summary=f"{kind} {year}: {before} → {last_number}",
        data={"kind": kind, "year": year, "from": before, "to": last_number},
    )
    return sequence
