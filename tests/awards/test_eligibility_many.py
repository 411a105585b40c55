"""Judging one nominee for several titles at once, as the eligibility pages do."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from awards.eligibility import EligibilityError, evaluate, evaluate_many
from awards.eligibility.engine import PERSON_TITLES
from organizations.models import AnnualRating
from tests.factories import PersonFactory, RatingFactory, registered

pytestmark = pytest.mark.django_db


@pytest.fixture
def person():
    person = PersonFactory()
    RatingFactory(person=person, year=2020, level=AnnualRating.Level.GOOD)
    registered(person, 2020)
    return person


def queries(call):
    with CaptureQueriesContext(connection) as captured:
        call()
    return len(captured)


def test_each_verdict_is_the_one_evaluate_gives(person):
    verdicts = evaluate_many(person, list(PERSON_TITLES), 2020)
    for code in PERSON_TITLES:
        alone = evaluate(person, code, 2020)
        assert verdicts[code].eligible == alone.eligible, code
        assert [c.as_dict() for c in verdicts[code].checks] == [
            c.as_dict() for c in alone.checks
        ], code


def test_the_records_and_the_rule_set_are_read_once_for_all_codes(person):
    """Giấy khen has LĐTT's checks: judging both costs what judging LĐTT alone costs."""
    one = queries(lambda: evaluate_many(person, ["LDTT"], 2020))
    assert queries(lambda: evaluate_many(person, ["LDTT", "GIAY_KHEN"], 2020)) == one


def test_a_refused_code_is_reported_without_stopping_the_others(person):
    verdicts = evaluate_many(person, ["LDTT", "NOPE", "TTLDTT"], 2020)
    assert verdicts["LDTT"].eligible is True
    assert isinstance(verdicts["NOPE"], EligibilityError)
    assert "NOPE" in verdicts["NOPE"].message_en
    assert "for a collective" in verdicts["TTLDTT"].message_en


def test_a_year_without_rule_set_refuses_every_code(person):
    verdicts = evaluate_many(person, ["LDTT", "CSTDCS"], 2010)
    assert all(isinstance(v, EligibilityError) for v in verdicts.values())
    assert verdicts["LDTT"].message_en == "No rule set applies to the year 2010."
