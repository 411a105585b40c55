"""Requests the engine refuses, each with a clear message in Vietnamese and English."""

import pytest

from awards.eligibility import EligibilityError, evaluate
from awards.models import Award
from tests.factories import PersonFactory, UnitFactory

pytestmark = pytest.mark.django_db


def test_an_unknown_code_is_refused():
    with pytest.raises(EligibilityError) as error:
        evaluate(PersonFactory(), "NOPE", 2020)
    assert (
        error.value.message_en == "There is no title or form of commendation with the code “NOPE”."
    )
    assert "mã “NOPE”" in error.value.message_vi


def test_a_collective_title_for_a_person_is_refused():
    with pytest.raises(EligibilityError) as error:
        evaluate(PersonFactory(), "TTLDTT", 2020)
    assert "is for a collective, not for a person" in error.value.message_en
    assert "dành cho tập thể" in error.value.message_vi


def test_a_person_title_for_a_unit_is_refused():
    with pytest.raises(EligibilityError) as error:
        evaluate(UnitFactory(), "LDTT", 2020)
    assert "is for a person, not for a collective" in error.value.message_en


def test_a_year_without_a_rule_set_is_refused():
    """No rule set is in force in 2010 (docs/rules.md): say so rather than guess."""
    with pytest.raises(EligibilityError) as error:
        evaluate(PersonFactory(), "LDTT", 2010)
    assert error.value.message_en == "No rule set applies to the year 2010."
    assert error.value.message_vi == "Không có bộ quy định nào áp dụng cho năm 2010."


@pytest.mark.parametrize("code", ["CO_TINH", "CO_CP"])
def test_a_code_the_engine_does_not_judge_is_refused(code):
    with pytest.raises(EligibilityError) as error:
        evaluate(UnitFactory(), code, 2020)
    assert "does not judge the" in error.value.message_en
    assert f"({code}) yet" in error.value.message_en


def test_a_form_of_commendation_is_named_as_such():
    """Every form of the catalogue is judged now; one added in the admin is not yet."""
    Award.objects.create(
        code="GIAY_KHEN_DOT_XUAT_TT",
        kind=Award.Kind.FORM,
        subject=Award.Subject.COLLECTIVE,
        name_vi="Giấy khen đột xuất (tập thể)",
        name_en="One-off certificate of commendation (collective)",
        authority=Award.Authority.AGENCY_HEAD,
        legal_basis="Luật 06/2022/QH15, Điều 75",
        rank=11,
    )
    with pytest.raises(EligibilityError) as error:
        evaluate(UnitFactory(), "GIAY_KHEN_DOT_XUAT_TT", 2020)
    assert "does not judge the form of commendation" in error.value.message_en
    assert "(GIAY_KHEN_DOT_XUAT_TT) yet" in error.value.message_en
    assert "hình thức khen thưởng" in error.value.message_vi


def test_the_collective_certificate_of_commendation_is_judged():
    """GIAY_KHEN_TT was refused as "not judged yet" before the engine learned it."""
    verdict = evaluate(UnitFactory(), "GIAY_KHEN_TT", 2020)
    assert verdict.award.code == "GIAY_KHEN_TT"


def test_a_nominee_that_is_neither_person_nor_unit_is_refused():
    with pytest.raises(EligibilityError) as error:
        evaluate("someone", "LDTT", 2020)
    assert error.value.message_en == "The nominee must be a person or a unit."
