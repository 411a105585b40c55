"""A collective's own rating: TTLĐTT needs it rated good or better, TTLĐXS excellent.

Luật TĐKT 2003 Điểm a Khoản 1 Điều 28 ("Hoàn thành tốt nhiệm vụ và kế hoạch được giao") and
Điều 27; Luật 06/2022/QH15 Điều 28 and Điều 27.
"""

import pytest

from awards.eligibility import FAIL, PASS, UNKNOWN, evaluate
from organizations.models import AnnualRating
from tests.factories import UnitFactory, UnitRatingFactory

pytestmark = pytest.mark.django_db

L = AnnualRating.Level
ALL_SETS = pytest.mark.parametrize(
    ("year", "rule_set"), [(2020, "ND91_2017"), (2024, "ND98_2023"), (2025, "ND152_2025")]
)


@pytest.fixture
def unit(db):
    return UnitFactory(code="TT", name="Thanh tra Sở")


@ALL_SETS
def test_ttldtt_passes_a_collective_rated_good__art_28(unit, year, rule_set):
    """Điều 28: the collective completes its tasks well."""
    UnitRatingFactory(unit=unit, year=year, level=L.GOOD)
    check = evaluate(unit, "TTLDTT", year).check("unit_rating")
    assert check.status == PASS
    assert f"The collective is rated “well completed duties” for {year}" in check.message_en
    assert f"Xếp loại tập thể {year}: Hoàn thành tốt nhiệm vụ" in check.evidence[0]
    assert "Điều 28" in check.citation


@ALL_SETS
def test_ttldtt_fails_a_collective_that_only_completed__art_28(unit, year, rule_set):
    UnitRatingFactory(unit=unit, year=year, level=L.COMPLETED)
    verdict = evaluate(unit, "TTLDTT", year)
    assert verdict.check("unit_rating").status == FAIL
    assert verdict.eligible is False


@ALL_SETS
def test_ttldtt_is_unknown_without_the_collectives_rating__art_28(unit, year, rule_set):
    UnitRatingFactory(unit=unit, year=year - 1, level=L.EXCELLENT)
    check = evaluate(unit, "TTLDTT", year).check("unit_rating")
    assert check.status == UNKNOWN
    assert f"The collective has no rating recorded for {year}" in check.message_en


@ALL_SETS
def test_ttldxs_needs_the_collective_rated_excellent__art_27(unit, year, rule_set):
    """Điều 27: "hoàn thành xuất sắc nhiệm vụ" — good is not enough."""
    UnitRatingFactory(unit=unit, year=year, level=L.GOOD)
    check = evaluate(unit, "TTLDXS", year).check("unit_rating")
    assert check.status == FAIL
    assert "“excellently completed duties” or better is needed — not met" in check.message_en


@ALL_SETS
def test_ttldxs_passes_a_collective_rated_excellent__art_27(unit, year, rule_set):
    UnitRatingFactory(unit=unit, year=year, level=L.EXCELLENT)
    assert evaluate(unit, "TTLDXS", year).check("unit_rating").status == PASS


def test_the_2003_law_ttldtt_rating_rule_is_confirmed():
    """Điểm a Khoản 1 Điều 28 was read on thiduakhenthuong.langson.gov.vn: no marker."""
    unit = UnitFactory()
    UnitRatingFactory(unit=unit, year=2020)
    check = evaluate(unit, "TTLDTT", 2020).check("unit_rating")
    assert check.citation == (
        "Điểm a Khoản 1 Điều 28, Luật Thi đua, khen thưởng 2003 (sửa đổi 2005, 2013)"
    )
