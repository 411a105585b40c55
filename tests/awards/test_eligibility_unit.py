"""Eligibility of a collective: TTLĐTT and TTLĐXS under each rule set, and the CSTĐCS quota.

2020 is judged under the 2003 law (TTLĐTT: more than 50 % LĐTT, Điểm c Khoản 1 Điều 28), 2024 and
2025 under Luật 06/2022/QH15 (at least 70 %, Điều 28).
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from awards.eligibility import FAIL, PASS, UNKNOWN, evaluate, quota_check
from organizations.models import AnnualRating, DisciplineRecord, UnitRating
from tests.factories import (
    AwardRecordFactory,
    DisciplineFactory,
    PersonFactory,
    RatingFactory,
    UnitFactory,
    registered,
)

pytestmark = pytest.mark.django_db

ND91, ND98, ND152 = (2020, "ND91_2017"), (2024, "ND98_2023"), (2025, "ND152_2025")
ALL_SETS = pytest.mark.parametrize(("year", "rule_set"), [ND91, ND98, ND152])
LAW_2022_SETS = pytest.mark.parametrize(("year", "rule_set"), [ND98, ND152])


def award_record(person, code, year):
    return AwardRecordFactory(person=person, award__code=code, year=year, issuer="Giám đốc Sở")


def staff(unit, count, year, ldtt=0, cstdcs=0, level=AnnualRating.Level.GOOD):
    """Create members; the first `ldtt` hold LĐTT, the first `cstdcs` also CSTĐCS."""
    people = PersonFactory.create_batch(count, unit=unit)
    for index, person in enumerate(people):
        if level:
            RatingFactory(person=person, year=year, level=level)
        if index < ldtt:
            award_record(person, "LDTT", year)
        if index < cstdcs:
            award_record(person, "CSTDCS", year)
    return people


def rate_unit(unit, year, level=AnnualRating.Level.GOOD):
    return UnitRating.objects.create(unit=unit, year=year, level=level)


@pytest.fixture
def unit(db):
    return UnitFactory(code="KT", name="Phòng Quản lý công nghệ")


# --- TTLĐTT (Điều 28) -------------------------------------------------------------------------


def test_ttldtt_2020_fails_at_exactly_half__law_2003_art_28_1c(unit):
    """Luật TĐKT 2003 Điểm c Khoản 1 Điều 28: "trên 50%" — exactly half is not enough."""
    staff(unit, 4, 2020, ldtt=2)
    check = evaluate(unit, "TTLDTT", 2020).check("members_ldtt_share")
    assert check.status == FAIL
    assert "2 of 4 members (50.0 %)" in check.message_en
    assert "more than 50 % required — not met" in check.message_en
    assert check.citation == (
        "Điểm c Khoản 1 Điều 28, Luật Thi đua, khen thưởng 2003 (sửa đổi 2005, 2013)"
    )


def test_ttldtt_2020_passes_above_half__law_2003_art_28_1c(unit):
    """Luật TĐKT 2003 Điểm c Khoản 1 Điều 28: 3 of 5 (60 %) is more than 50 %; the unit
    registered for 2020 (Điểm b Khoản 1 Điều 10)."""
    staff(unit, 5, 2020, ldtt=3)
    rate_unit(unit, 2020)
    registered(unit, 2020)
    verdict = evaluate(unit, "TTLDTT", 2020)
    assert verdict.check("members_ldtt_share").status == PASS
    assert verdict.check("members_ldtt_share").evidence[0] == "LĐTT 2020: 3/5 (60.0 %)"
    assert verdict.eligible is True


@LAW_2022_SETS
def test_ttldtt_fails_below_70_percent__law_2022_art_28(unit, year, rule_set):
    """Luật 06/2022 Điều 28: 6 of 10 (60 %) is below 70 %, though above the old 50 %."""
    staff(unit, 10, year, ldtt=6)
    check = evaluate(unit, "TTLDTT", year).check("members_ldtt_share")
    assert check.status == FAIL
    assert "6 of 10 members (60.0 %)" in check.message_en
    assert "at least 70 % required — not met" in check.message_en
    assert check.citation.endswith("(cần xác minh)")


@LAW_2022_SETS
def test_ttldtt_passes_at_exactly_70_percent__law_2022_art_28(unit, year, rule_set):
    """Luật 06/2022 Điều 28: "ít nhất 70%" — exactly 70 % is enough."""
    staff(unit, 10, year, ldtt=7)
    rate_unit(unit, year)
    verdict = evaluate(unit, "TTLDTT", year)
    assert verdict.check("members_ldtt_share").status == PASS
    assert verdict.eligible is True


@ALL_SETS
def test_ttldtt_fails_with_a_member_warned_during_the_year__art_28(unit, year, rule_set):
    """Điều 28: no member disciplined at warning or above."""
    people = staff(unit, 4, year, ldtt=4)
    DisciplineFactory(
        person=people[0],
        form=DisciplineRecord.Form.WARNING,
        start_date=datetime.date(year, 2, 1),
        end_date=datetime.date(year + 1, 1, 31),
    )
    verdict = evaluate(unit, "TTLDTT", year)
    check = verdict.check("no_member_warning")
    assert check.status == FAIL
    assert f"1 discipline at warning or above in force during {year}" in check.message_en
    assert people[0].full_name in check.message_en
    assert verdict.eligible is False


@ALL_SETS
def test_ttldtt_allows_a_member_reprimanded__art_28(unit, year, rule_set):
    """Điều 28: a reprimand (khiển trách) is below a warning and does not block the collective."""
    people = staff(unit, 4, year, ldtt=4)
    DisciplineFactory(
        person=people[0],
        form=DisciplineRecord.Form.REPRIMAND,
        start_date=datetime.date(year, 2, 1),
        end_date=datetime.date(year, 12, 31),
    )
    assert evaluate(unit, "TTLDTT", year).check("no_member_warning").status == PASS


def test_ttldtt_counts_only_the_members_active_in_the_year(unit):
    """A person who left before the year, or joined after it, is not a member of that year."""
    staff(unit, 3, 2020, ldtt=2)
    PersonFactory(
        unit=unit, start_date=datetime.date(2015, 1, 1), end_date=datetime.date(2019, 6, 30)
    )
    PersonFactory(unit=unit, start_date=datetime.date(2021, 1, 1))
    check = evaluate(unit, "TTLDTT", 2020).check("members_ldtt_share")
    assert "2 of 3 members (66.7 %)" in check.message_en


def test_ttldtt_is_unknown_for_a_unit_without_members(unit):
    check = evaluate(unit, "TTLDTT", 2024).check("members_ldtt_share")
    assert check.status == UNKNOWN
    assert "no active member in 2024" in check.message_en


# --- TTLĐXS (Điều 27) -------------------------------------------------------------------------


@ALL_SETS
def test_ttldxs_passes_all_complete_70_percent_ldtt_and_one_cstdcs__art_27(unit, year, rule_set):
    """Điều 27: 100 % complete their tasks, ≥ 70 % LĐTT, at least one CSTĐCS; under the 2003
    law a registration for the year and nobody warned as well (not in the 2022 law)."""
    staff(unit, 10, year, ldtt=8, cstdcs=1)
    rate_unit(unit, year, AnnualRating.Level.EXCELLENT)
    registered(unit, year, "TTLDXS")
    verdict = evaluate(unit, "TTLDXS", year)
    law_2003 = rule_set == "ND91_2017"
    assert [c.code for c in verdict.checks] == ["registration"] * law_2003 + [
        "members_ldtt_share",
        "members_completed",
        "member_cstdcs",
        *["no_member_warning"] * law_2003,
        "unit_rating",
    ]
    assert verdict.eligible is True
    assert "10 of 10 members completed" in verdict.check("members_completed").message_en
    assert "Điều 27" in verdict.check("members_ldtt_share").citation
    assert verdict.check("members_ldtt_share").citation.endswith("(cần xác minh)")


@ALL_SETS
def test_ttldxs_fails_without_a_cstdcs_member__art_27(unit, year, rule_set):
    """Điều 27: at least one member must be a grassroots emulation fighter."""
    staff(unit, 10, year, ldtt=8)
    check = evaluate(unit, "TTLDXS", year).check("member_cstdcs")
    assert check.status == FAIL
    assert f"0 members recorded as grassroots emulation fighter for {year}" in check.message_en


@ALL_SETS
def test_ttldxs_fails_when_a_member_did_not_complete__art_27(unit, year, rule_set):
    """Điều 27: 100 % of the members must complete their tasks."""
    people = staff(unit, 10, year, ldtt=8, cstdcs=1)
    AnnualRating.objects.filter(person=people[9]).update(level=AnnualRating.Level.NOT_COMPLETED)
    check = evaluate(unit, "TTLDXS", year).check("members_completed")
    assert check.status == FAIL
    assert "9 of 10 members completed their duties or better" in check.message_en
    assert "1 did not" in check.message_en


@ALL_SETS
def test_ttldxs_is_unknown_when_a_member_is_not_rated__art_27(unit, year, rule_set):
    """Điều 27 needs every member's rating; a missing one leaves the check open."""
    people = staff(unit, 10, year, ldtt=8, cstdcs=1)
    rate_unit(unit, year, AnnualRating.Level.EXCELLENT)
    registered(unit, year, "TTLDXS")
    AnnualRating.objects.filter(person=people[9]).delete()
    verdict = evaluate(unit, "TTLDXS", year)
    assert verdict.check("members_completed").status == UNKNOWN
    assert "1 not rated" in verdict.check("members_completed").message_en
    assert verdict.eligible is None


@ALL_SETS
def test_ttldxs_fails_below_70_percent_ldtt__art_27(unit, year, rule_set):
    """Điều 27: 6 of 10 holding LĐTT is below 70 %."""
    staff(unit, 10, year, ldtt=6, cstdcs=1)
    assert evaluate(unit, "TTLDXS", year).check("members_ldtt_share").status == FAIL


def warned_member(unit, year):
    """Add a member rated "completed" and under a warning in force during the year."""
    person = PersonFactory(unit=unit)
    RatingFactory(person=person, year=year, level=AnnualRating.Level.COMPLETED)
    return DisciplineFactory(
        person=person,
        form=DisciplineRecord.Form.WARNING,
        start_date=datetime.date(year, 4, 1),
        end_date=datetime.date(year + 1, 3, 31),
    )


def test_ttldxs_2020_fails_with_a_member_warned__law_2003_art_27(unit):
    """Luật TĐKT 2003 Điều 27: "không có cá nhân bị kỷ luật từ hình thức cảnh cáo trở lên"."""
    staff(unit, 9, 2020, ldtt=8, cstdcs=1)
    warned_member(unit, 2020)
    rate_unit(unit, 2020, AnnualRating.Level.EXCELLENT)
    registered(unit, 2020, "TTLDXS")
    verdict = evaluate(unit, "TTLDXS", 2020)
    check = verdict.check("no_member_warning")
    assert check.status == FAIL
    assert check.citation.startswith("Điều 27, Luật Thi đua, khen thưởng 2003")
    assert check.citation.endswith("(cần xác minh)")
    assert verdict.eligible is False


@LAW_2022_SETS
def test_ttldxs_has_no_discipline_criterion__law_2022_art_27_1(unit, year, rule_set):
    """Luật 06/2022 Khoản 1 Điều 27 (points a–đ) has no discipline criterion: a member warned
    does not block TTLĐXS (TTLĐTT keeps its own, Điều 28)."""
    staff(unit, 9, year, ldtt=8, cstdcs=1)
    warned_member(unit, year)
    rate_unit(unit, year, AnnualRating.Level.EXCELLENT)
    verdict = evaluate(unit, "TTLDXS", year)
    assert verdict.check("no_member_warning") is None
    assert "ttldxs.max_discipline_level" not in {rule.key for rule in verdict.rules}
    assert verdict.eligible is True
    assert evaluate(unit, "TTLDTT", year).check("no_member_warning").status == FAIL


# --- scale ------------------------------------------------------------------------------------


def test_the_query_count_does_not_grow_with_the_members():
    """Judge a unit of 5 and a unit of 30 with the same number of queries."""
    small, large = UnitFactory(code="SMALL"), UnitFactory(code="LARGE")
    staff(small, 5, 2024, ldtt=4, cstdcs=1)
    staff(large, 30, 2024, ldtt=25, cstdcs=3)
    with CaptureQueriesContext(connection) as few:
        evaluate(small, "TTLDXS", 2024)
    with CaptureQueriesContext(connection) as many:
        evaluate(large, "TTLDXS", 2024)
    assert len(many) == len(few)


# --- CSTĐCS quota (Nghị định 91/2017 Khoản 3 Điều 9) -------------------------------------------


def test_quota_2020_accepts_15_percent_of_ldtt__nd91_art_9_3(unit):
    """Nghị định 91/2017 Khoản 3 Điều 9: 20 LĐTT allow 3 CSTĐCS (15 %)."""
    people = staff(unit, 20, 2020, ldtt=20)
    check = quota_check(unit, 2020, people[:3])
    assert check.status == PASS
    assert "3 grassroots emulation fighter nominees; 20 advanced workers" in check.message_en
    assert "at most 15 % = 3" in check.message_en
    assert check.citation == "Khoản 3 Điều 9, Nghị định 91/2017/NĐ-CP"


def test_quota_2020_refuses_more_than_15_percent__nd91_art_9_3(unit):
    """Nghị định 91/2017 Khoản 3 Điều 9: 4 CSTĐCS out of 20 LĐTT is 20 %."""
    people = staff(unit, 20, 2020, ldtt=20)
    check = quota_check(unit, 2020, people[:4])
    assert check.status == FAIL
    assert "over the quota" in check.message_en


@LAW_2022_SETS
def test_quota_does_not_exist_under_the_2022_law(unit, year, rule_set):
    """Luật 06/2022/QH15 dropped the 15 % cap (DOMAIN.md §5)."""
    people = staff(unit, 20, year, ldtt=20)
    check = quota_check(unit, year, people[:10])
    assert check.status == PASS
    assert f"The rule set {rule_set} sets no quota" in check.message_en
