"""Numbers for the agency's documents, taken inside the transaction that issues the document.

The sequence row is locked until that transaction ends: two officers issuing at once get
consecutive numbers, and a document whose transaction is rolled back gives its number back, so
the year's sequence has neither repeats nor gaps.
"""

from django.db import IntegrityError, transaction

from awards.models import DocumentSequence
from organizations.models import Unit


def take_number(*, agency: Unit, year: int, kind: str) -> tuple[int, str]:
    """Return (number, "number/kind-agency") for the next document; the caller's transaction
    keeps it only if it commits."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("A document number is taken inside the transaction that issues it.")
    sequence = _locked(agency, year, kind)
    sequence.last_number += 1
    sequence.save(update_fields=["last_number"])
    return sequence.last_number, sequence.symbol(sequence.last_number)


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
