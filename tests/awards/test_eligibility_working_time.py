"""Working time for LĐTT (and so CSTĐCS and Giấy khen): months worked, leave counted by kind.

Nghị định 91/2017 Điều 10 (2020): no LĐTT for a person recruited less than 10 months before the
review; Khoản 4: maternity leave counts. Thông tư 01/2024/TT-BNV (2024, and carried over for
2025): less than 6 months. Nghị định 91/2017 has no 40-working-day absence limit any more.
"""

import datetime

import pytest
from django.utils import translation

from awards.eligibility import FAIL, PASS, evaluate
from organizations.models import AnnualRating, LeaveRecord
from tests.factories import LeaveFactory, PersonFactory, RatingFactory

pytestmark = pytest.mark.django_db

D = datetime.date
GOOD = AnnualRating.Level.GOOD
LAW_2022_SETS = pytest.mark.parametrize(
    ("year", "rule_set"), [(2024, "ND98_2023"), (2025, "ND152_2025")]
)


def rated(start, year, end=None):
    person = PersonFactory(start_date=start, end_date=end)
    RatingFactory(person=person, year=year, level=GOOD)
    return person


def test_recruited_ten_months_before_the_review_passes__nd91_art_10():
    """Nghị định 91/2017 Điều 10: recruited on 01/03/2020, 10 months by 31/12 — enough."""
    verdict = evaluate(rated(D(2020, 3, 1), 2020), "LDTT", 2020)
    check = verdict.check("working_time")
    assert check.status == PASS
    assert "at least 10 months are needed (01/03/2020 to 31/12/2020) — met" in check.message_en
    assert check.citation == "Điều 10, Nghị định 91/2017/NĐ-CP"  # confirmed: no marker
    assert verdict.eligible is True


def test_recruited_less_than_ten_months_fails__nd91_art_10():
    """Nghị định 91/2017 Điều 10: recruited on 02/03/2020 — one day short of 10 months."""
    verdict = evaluate(rated(D(2020, 3, 2), 2020), "LDTT", 2020)
    check = verdict.check("working_time")
    assert check.status == FAIL
    assert "Worked 305 days in 2020" in check.message_en
    assert "— not met" in check.message_en
    assert verdict.eligible is False


def test_maternity_leave_counts_as_working_time__nd91_art_10_4():
    """Nghị định 91/2017 Khoản 4 Điều 10: six months of maternity leave still leave 12 months."""
    person = rated(D(2015, 1, 1), 2020)
    LeaveFactory(person=person, start_date=D(2020, 3, 2), end_date=D(2020, 8, 31))
    verdict = evaluate(person, "LDTT", 2020)
    check = verdict.check("working_time")
    assert check.status == PASS
    assert "Worked 366 days in 2020" in check.message_en
    assert "Maternity leave counts as working time." in check.message_en
    assert "Thời gian nghỉ thai sản được tính là thời gian làm việc." in check.message_vi
    assert "Khoản 4 Điều 10, Nghị định 91/2017/NĐ-CP (cần xác minh)" in check.citation
    assert any("nghỉ thai sản: 02/03/2020–31/08/2020" in e for e in check.evidence)
    with translation.override("en"):
        assert "Khoản 4 Điều 10, Nghị định 91/2017/NĐ-CP (to confirm)" in check.citation
        assert any("maternity leave: 02/03/2020–31/08/2020" in e for e in check.evidence)
    assert verdict.eligible is True


def test_sixty_days_of_sick_leave_do_not_block__nd91_art_10():
    """Nghị định 91/2017 dropped the 40-working-day absence limit of Nghị định 65/2014."""
    person = rated(D(2015, 1, 1), 2020)
    LeaveFactory(
        person=person, kind=LeaveRecord.Kind.SICK, start_date=D(2020, 4, 1), end_date=D(2020, 5, 30)
    )
    assert evaluate(person, "LDTT", 2020).check("working_time").status == PASS


def test_unpaid_leave_is_not_working_time__nd91_art_10():
    """Four months of unpaid leave leave 8 months worked: short of Điều 10's 10 months."""
    person = rated(D(2015, 1, 1), 2020)
    LeaveFactory(
        person=person,
        kind=LeaveRecord.Kind.UNPAID,
        start_date=D(2020, 2, 1),
        end_date=D(2020, 5, 31),
    )
    check = evaluate(person, "LDTT", 2020).check("working_time")
    assert check.status == FAIL
    assert "Worked 245 days in 2020" in check.message_en
    assert "Not counted: unpaid leave (to confirm)." in check.message_en
    assert "Không tính: nghỉ không hưởng lương (cần xác minh)." in check.message_vi


def test_a_leave_without_end_date_runs_to_the_end_of_the_year__nd91_art_10():
    """Unpaid leave from 01/10/2020 with no end date: only 9 months worked in 2020."""
    person = rated(D(2015, 1, 1), 2020)
    LeaveFactory(
        person=person, kind=LeaveRecord.Kind.UNPAID, start_date=D(2020, 10, 1), end_date=None
    )
    check = evaluate(person, "LDTT", 2020).check("working_time")
    assert check.status == FAIL
    assert "Worked 274 days in 2020" in check.message_en
    assert "31/12/2020" in check.evidence[0]


def test_a_person_not_in_service_during_the_year_fails__nd91_art_10():
    check = evaluate(rated(D(2021, 2, 1), 2020), "LDTT", 2020).check("working_time")
    assert check.status == FAIL
    assert "Not in service during 2020" in check.message_en


def test_cstdcs_and_giay_khen_carry_the_working_time_check__nd91_art_10():
    """CSTĐCS and Giấy khen build on LĐTT, so a newcomer fails them as well."""
    person = rated(D(2020, 6, 1), 2020)
    for code in ("CSTDCS", "GIAY_KHEN"):
        assert evaluate(person, code, 2020).check("working_time").status == FAIL


@LAW_2022_SETS
def test_recruited_six_months_before_the_review_passes__tt_01_2024(year, rule_set):
    """Thông tư 01/2024/TT-BNV: no LĐTT for a person recruited less than 6 months before."""
    verdict = evaluate(rated(D(year, 7, 1), year), "LDTT", year)
    check = verdict.check("working_time")
    assert verdict.rule_set.code == rule_set
    assert check.status == PASS
    assert f"at least 6 months are needed (01/07/{year} to 31/12/{year})" in check.message_en
    assert "Thông tư 01/2024/TT-BNV (cần xác minh)" in check.citation


@LAW_2022_SETS
def test_recruited_less_than_six_months_fails__tt_01_2024(year, rule_set):
    """Thông tư 01/2024/TT-BNV: recruited on 02/07 — one day short of 6 months."""
    check = evaluate(rated(D(year, 7, 2), year), "LDTT", year).check("working_time")
    assert check.status == FAIL


@LAW_2022_SETS
def test_maternity_leave_counts_under_the_2022_law(year, rule_set):
    """Maternity leave counts (Thông tư 01/2024/TT-BNV; Nghị định 152/2025 Điều 4 for 2025)."""
    person = rated(D(year, 5, 2), year)
    LeaveFactory(person=person, start_date=D(year, 6, 1), end_date=None)
    check = evaluate(person, "LDTT", year).check("working_time")
    assert check.status == PASS
    assert "Maternity leave counts as working time." in check.message_en
    expected = "Điều 4, Nghị định 152/2025/NĐ-CP" if year == 2025 else "Thông tư 01/2024/TT-BNV"
    assert expected in check.citation
