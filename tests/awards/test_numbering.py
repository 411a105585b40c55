"""Document numbers (số văn bản): one yearly sequence per agency and kind, taken in the issuing
transaction — no repeat, no gap, even when issuing fails or two officers issue at once."""

import pytest
from django.db import transaction

from awards.models import DocumentSequence
from awards.services.numbering import take_number
from tests.concurrency import at_the_same_moment
from tests.factories import UnitFactory


def take(agency, year=2020, kind="QĐ"):
    with transaction.atomic():
        return take_number(agency=agency, year=year, kind=kind)


def test_numbers_follow_each_other_per_agency_year_and_kind(org):
    assert take(org.agency) == (1, "01/QĐ-SKHCN")
    assert take(org.agency) == (2, "02/QĐ-SKHCN")
    assert take(org.agency, kind="TTr") == (1, "01/TTr-SKHCN")
    assert take(org.agency, year=2021) == (1, "01/QĐ-SKHCN")
    assert take(org.other) == (1, "01/QĐ-OTHER")
    for _ in range(8):
        take(org.agency)
    assert take(org.agency) == (11, "11/QĐ-SKHCN")


def test_a_document_that_fails_gives_its_number_back(org):
    take(org.agency)
    with pytest.raises(RuntimeError, match="the decision failed"), transaction.atomic():
        assert take_number(agency=org.agency, year=2020, kind="QĐ")[0] == 2
        raise RuntimeError("the decision failed after taking its number")
    assert take(org.agency)[0] == 2


@pytest.mark.django_db(transaction=True)
def test_a_number_is_only_taken_inside_the_issuing_transaction():
    agency = UnitFactory(code="SYT")
    with pytest.raises(RuntimeError, match="inside the transaction"):
        take_number(agency=agency, year=2020, kind="QĐ")
    assert not DocumentSequence.objects.exists()


@pytest.mark.parametrize("_", [None], ids=["postgresql"])
@pytest.mark.django_db(transaction=True)
def test_twenty_officers_issuing_at_once_get_twenty_consecutive_numbers(_, org):
    if transaction.get_connection().vendor != "postgresql":
        pytest.skip("needs PostgreSQL's row locks (CI runs it)")
    results = at_the_same_moment(*(lambda: take(org.agency) for _ in range(20)))
    assert not [r for r in results if isinstance(r, Exception)], results
    assert sorted(number for number, _symbol in results) == list(range(1, 21))
    assert DocumentSequence.objects.get(agency=org.agency).last_number == 20
