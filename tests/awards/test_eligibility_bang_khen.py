"""Certificates of merit: of the provincial chairman (person, collective) and of the Prime Minister.

Bằng khen tỉnh, person — Luật 06/2022 Điểm d Khoản 1 Điều 74: two consecutive CSTĐCS, OR two
consecutive years excellent with two initiatives in that period (one path suffices); under
Nghị định 91/2017 the same thresholds (Điều 39, to confirm). Collective — two consecutive years
excellent or TTLĐXS (Khoản 2 Điều 74), nobody warned. Bằng khen Thủ tướng — Luật 06/2022 Điểm b
Khoản 1 Điều 73: a provincial certificate, then 5 consecutive years good or better with 3 CSTĐCS;
Nghị định 91/2017 Điểm c Khoản 1 Điều 38: 5 further years excellent with 5 initiatives.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from awards.eligibility import FAIL, PASS, UNKNOWN, evaluate
from organizations.models import AnnualRating, DisciplineRecord
from tests.factories import (
    AwardRecordFactory,
    DisciplineFactory,
    InitiativeFactory,
    PersonFactory,
    RatingFactory,
    UnitFactory,
    UnitRatingFactory,
)

pytestmark = pytest.mark.django_db

L = AnnualRating.Level
ALL_SETS = pytest.mark.parametrize(
    ("year", "rule_set"), [(2020, "ND91_2017"), (2024, "ND98_2023"), (2025, "ND152_2025")]
)
LAW_2022_SETS = pytest.mark.parametrize(
    ("year", "rule_set"), [(2024, "ND98_2023"), (2025, "ND152_2025")]
)


def award(code, year, person=None, unit=None):
    return AwardRecordFactory(
        award__code=code, year=year, person=person, unit=unit, by_province=True
    )


def initiative(person, day, used_for=None):
    return InitiativeFactory(
        title=f"Sáng kiến {day:%d/%m/%Y}", decision_date=day, used_for=used_for, authors=[person]
    )


def rate(person, years, level):
    for y in years:
        RatingFactory(person=person, year=y, level=level)


@pytest.fixture
def person(db):
    return PersonFactory(full_name="Nông Thị Thu Hà")


# --- Bằng khen tỉnh, person (Điều 74 Khoản 1 Điểm d; Nghị định 91/2017 Điều 39) -------------


@ALL_SETS
def test_bk_tinh_passes_by_two_consecutive_cstdcs__art_74_1d(person, year, rule_set):
    """Path 1: two consecutive CSTĐCS; the other path failing does not matter."""
    award("CSTDCS", year - 1, person=person)
    award("CSTDCS", year, person=person)
    rate(person, [year - 1, year], L.GOOD)
    verdict = evaluate(person, "BANG_KHEN_TINH", year)
    assert verdict.check("path_cstdcs").status == PASS
    assert verdict.check("path_cstdcs").group == "path"
    assert verdict.check("path_excellent_initiatives").status == FAIL
    assert verdict.groups == {"path": PASS}
    assert verdict.eligible is True
    assert verdict.as_dict()["alternatives"] == {"path": "pass"}


@ALL_SETS
def test_bk_tinh_passes_by_two_excellent_years_with_two_initiatives__art_74_1d(
    person, year, rule_set
):
    """Path 2: excellent two years running and two initiatives recognised in those years."""
    rate(person, [year - 1, year], L.EXCELLENT)
    initiative(person, datetime.date(year - 1, 10, 1))
    initiative(person, datetime.date(year, 5, 1))
    verdict = evaluate(person, "BANG_KHEN_TINH", year)
    path = verdict.check("path_excellent_initiatives")
    assert path.status == PASS
    assert f"excellent 2 of 2 years; 2 of 2 unused initiatives recognised in {year - 1}–{year}" in (
        path.message_en
    )
    assert verdict.check("path_cstdcs").status == FAIL
    assert verdict.eligible is True


@ALL_SETS
def test_bk_tinh_fails_when_no_path_holds__art_74_1d(person, year, rule_set):
    """One CSTĐCS, and excellent only one of the two years: neither path."""
    award("CSTDCS", year, person=person)
    rate(person, [year - 1], L.GOOD)
    rate(person, [year], L.EXCELLENT)
    initiative(person, datetime.date(year, 3, 1))
    initiative(person, datetime.date(year, 4, 1))
    verdict = evaluate(person, "BANG_KHEN_TINH", year)
    assert verdict.groups == {"path": FAIL}
    assert (
        f"below excellent in {year - 1}" in verdict.check("path_excellent_initiatives").message_en
    )
    assert verdict.eligible is False


@ALL_SETS
def test_bk_tinh_does_not_count_an_initiative_used_for_another_award__art_74_1d(
    person, year, rule_set
):
    """An initiative grounds one award only (BNV 5007/BNV-TĐKT): one left is not two."""
    rate(person, [year - 1, year], L.EXCELLENT)
    initiative(person, datetime.date(year - 1, 10, 1), used_for="CSTDCS")
    initiative(person, datetime.date(year, 5, 1))
    check = evaluate(person, "BANG_KHEN_TINH", year).check("path_excellent_initiatives")
    assert check.status == FAIL
    assert "already used for another award" in check.message_en


@ALL_SETS
def test_bk_tinh_is_unknown_while_this_years_rating_is_missing__art_74_1d(person, year, rule_set):
    rate(person, [year - 1], L.EXCELLENT)
    initiative(person, datetime.date(year - 1, 10, 1))
    initiative(person, datetime.date(year, 5, 1))
    verdict = evaluate(person, "BANG_KHEN_TINH", year)
    assert verdict.check("path_excellent_initiatives").status == UNKNOWN
    assert verdict.groups == {"path": UNKNOWN}
    assert verdict.eligible is None


@ALL_SETS
def test_bk_tinh_is_blocked_by_discipline_whatever_the_path(person, year, rule_set):
    award("CSTDCS", year - 1, person=person)
    award("CSTDCS", year, person=person)
    DisciplineFactory(person=person, start_date=datetime.date(year, 2, 1), end_date=None)
    verdict = evaluate(person, "BANG_KHEN_TINH", year)
    assert verdict.groups == {"path": PASS}
    assert verdict.eligible is False


def test_bk_tinh_2024_cites_the_confirmed_clause_of_the_2022_law(person):
    award("CSTDCS", 2023, person=person)
    award("CSTDCS", 2024, person=person)
    check = evaluate(person, "BANG_KHEN_TINH", 2024).check("path_cstdcs")
    assert check.citation == "Điểm d Khoản 1 Điều 74, Luật Thi đua, khen thưởng 06/2022/QH15"


# --- Bằng khen tỉnh, collective (Điều 74 Khoản 2; Nghị định 91/2017 Điều 39) -----------------


@ALL_SETS
def test_bk_tinh_collective_passes_two_excellent_years__art_74_2(year, rule_set):
    unit = UnitFactory(code="TT")
    UnitRatingFactory(unit=unit, year=year - 1, level=L.EXCELLENT)
    UnitRatingFactory(unit=unit, year=year, level=L.EXCELLENT)
    verdict = evaluate(unit, "BANG_KHEN_TINH_TT", year)
    assert [c.code for c in verdict.checks] == ["consecutive_excellent", "no_member_warning"]
    assert "2 of 2 met" in verdict.check("consecutive_excellent").message_en
    assert verdict.eligible is True


@ALL_SETS
def test_bk_tinh_collective_accepts_a_ttldxs_year__art_74_2(year, rule_set):
    """A year as Excellent labour collective counts like a year rated excellent."""
    unit = UnitFactory(code="TT")
    award("TTLDXS", year - 1, unit=unit)
    UnitRatingFactory(unit=unit, year=year, level=L.EXCELLENT)
    check = evaluate(unit, "BANG_KHEN_TINH_TT", year).check("consecutive_excellent")
    assert check.status == PASS
    assert any(e.startswith(f"TTLDXS {year - 1}") for e in check.evidence)


@ALL_SETS
def test_bk_tinh_collective_fails_a_year_rated_good__art_74_2(year, rule_set):
    unit = UnitFactory(code="TT")
    UnitRatingFactory(unit=unit, year=year - 1, level=L.GOOD)
    UnitRatingFactory(unit=unit, year=year, level=L.EXCELLENT)
    check = evaluate(unit, "BANG_KHEN_TINH_TT", year).check("consecutive_excellent")
    assert check.status == FAIL
    assert f"not in {year - 1}" in check.message_en


@ALL_SETS
def test_bk_tinh_collective_is_unknown_without_this_years_rating__art_74_2(year, rule_set):
    unit = UnitFactory(code="TT")
    UnitRatingFactory(unit=unit, year=year - 1, level=L.EXCELLENT)
    assert evaluate(unit, "BANG_KHEN_TINH_TT", year).eligible is None


@ALL_SETS
def test_bk_tinh_collective_fails_with_a_member_warned__art_74_2(year, rule_set):
    unit = UnitFactory(code="TT")
    UnitRatingFactory(unit=unit, year=year - 1, level=L.EXCELLENT)
    UnitRatingFactory(unit=unit, year=year, level=L.EXCELLENT)
    member = PersonFactory(unit=unit)
    DisciplineFactory(
        person=member,
        form=DisciplineRecord.Form.WARNING,
        start_date=datetime.date(year, 4, 1),
        end_date=datetime.date(year + 1, 3, 31),
    )
    verdict = evaluate(unit, "BANG_KHEN_TINH_TT", year)
    assert verdict.check("no_member_warning").status == FAIL
    assert verdict.eligible is False


def test_bk_tinh_collective_query_count_does_not_grow_with_members():
    small, large = UnitFactory(code="SMALL"), UnitFactory(code="LARGE")
    for unit, count in ((small, 3), (large, 25)):
        UnitRatingFactory(unit=unit, year=2023, level=L.EXCELLENT)
        UnitRatingFactory(unit=unit, year=2024, level=L.EXCELLENT)
        for person in PersonFactory.create_batch(count, unit=unit):
            DisciplineFactory(person=person, start_date=datetime.date(2024, 1, 5), end_date=None)
    with CaptureQueriesContext(connection) as few:
        evaluate(small, "BANG_KHEN_TINH_TT", 2024)
    with CaptureQueriesContext(connection) as many:
        evaluate(large, "BANG_KHEN_TINH_TT", 2024)
    assert len(many) == len(few)


# --- Bằng khen Thủ tướng (Luật 06/2022 Điểm b Khoản 1 Điều 73; Nghị định 91/2017 Điều 38) -----


@LAW_2022_SETS
def test_bk_ttg_passes_five_good_years_with_three_cstdcs__art_73_1b(person, year, rule_set):
    award("BANG_KHEN_TINH", year - 5, person=person)
    rate(person, range(year - 4, year + 1), L.GOOD)
    for y in (year - 4, year - 2, year):
        award("CSTDCS", y, person=person)
    verdict = evaluate(person, "BANG_KHEN_TTG", year)
    assert [c.code for c in verdict.checks] == [
        "no_discipline",
        "no_pending_review",
        "holds_bang_khen_tinh",
        "consecutive_good",
        "cstdcs_times",
    ]
    assert verdict.eligible is True
    assert "Điểm b Khoản 1 Điều 73" in verdict.check("cstdcs_times").citation


@LAW_2022_SETS
def test_bk_ttg_fails_with_two_cstdcs_only__art_73_1b(person, year, rule_set):
    award("BANG_KHEN_TINH", year - 3, person=person)
    rate(person, range(year - 4, year + 1), L.GOOD)
    for y in (year - 3, year):
        award("CSTDCS", y, person=person)
    check = evaluate(person, "BANG_KHEN_TTG", year).check("cstdcs_times")
    assert check.status == FAIL
    assert f"Needs 3 grassroots emulation fighter titles in {year - 4}–{year}: 2 held" in (
        check.message_en
    )


@LAW_2022_SETS
def test_bk_ttg_fails_without_a_provincial_certificate__art_73_1b(person, year, rule_set):
    rate(person, range(year - 4, year + 1), L.EXCELLENT)
    for y in (year - 4, year - 2, year):
        award("CSTDCS", y, person=person)
    verdict = evaluate(person, "BANG_KHEN_TTG", year)
    assert verdict.check("holds_bang_khen_tinh").status == FAIL
    assert verdict.eligible is False


@LAW_2022_SETS
def test_bk_ttg_fails_a_year_rated_only_completed__art_73_1b(person, year, rule_set):
    award("BANG_KHEN_TINH", year - 5, person=person)
    rate(person, range(year - 4, year), L.GOOD)
    rate(person, [year], L.COMPLETED)
    check = evaluate(person, "BANG_KHEN_TTG", year).check("consecutive_good")
    assert check.status == FAIL
    assert f"below it in {year}" in check.message_en


@pytest.mark.parametrize(
    "cstdcs_years",
    [(2019, 2021, 2024), (2018, 2020, 2023)],
    ids=["school-year-end", "school-year-start"],
)
def test_bk_ttg_2024_moha_example_counts_from_the_certificate__art_73_1b(person, cstdcs_years):
    """Luật 06/2022 Điểm b Khoản 1 Điều 73, "liên tục từ 05 năm trở lên tính đến thời điểm đề
    nghị … trong thời gian đó có 03 lần … Chiến sĩ thi đua cơ sở". The Ministry of Home Affairs'
    case (news.laodong.vn): Bằng khen tỉnh 2017; 2017–2024 good or better; CSTĐCS in the school
    years 2018-2019, 2020-2021 and 2023-2024 → eligible for 2024. Counted in a fixed window of
    the last five years (2020–2024) only two CSTĐCS would be found; the span runs from 2017."""
    award("BANG_KHEN_TINH", 2017, person=person)
    rate(person, range(2017, 2025), L.GOOD)
    for y in cstdcs_years:
        award("CSTDCS", y, person=person)
    verdict = evaluate(person, "BANG_KHEN_TTG", 2024)
    assert verdict.rule_set.code == "ND98_2023"
    assert verdict.eligible is True
    good = verdict.check("consecutive_good")
    assert good.status == PASS
    assert "counted from the year of the provincial certificate of merit (2017)" in good.message_en
    assert "8 consecutive years (2017–2024)" in good.message_en
    times = verdict.check("cstdcs_times")
    assert times.status == PASS
    assert "Needs 3 grassroots emulation fighter titles in 2017–2024: 3 held." in times.message_en
    assert times.message_vi == "Cần 3 lần đạt Chiến sĩ thi đua cơ sở trong 2017–2024: có 3."
    assert len(times.evidence) == 3


@LAW_2022_SETS
def test_bk_ttg_refuses_a_certificate_less_than_five_years_back__art_73_1b(person, year, rule_set):
    """The five years or more run from the certificate's year: one of year−3 is too recent,
    however long the person has been rated good."""
    award("BANG_KHEN_TINH", year - 3, person=person)
    rate(person, range(year - 9, year + 1), L.GOOD)
    for y in (year - 8, year - 6, year - 4):
        award("CSTDCS", y, person=person)
    verdict = evaluate(person, "BANG_KHEN_TTG", year)
    holds = verdict.check("holds_bang_khen_tinh")
    assert holds.status == FAIL
    assert f"of {year - 4} or earlier (the one of {year - 3} is too recent)" in holds.message_en
    assert verdict.eligible is False


@LAW_2022_SETS
def test_bk_ttg_years_before_a_break_do_not_count__art_73_1b(person, year, rule_set):
    """ "Liên tục … tính đến thời điểm đề nghị": a year rated only "completed" after the
    certificate breaks the run; the CSTĐCS before it are not "in that time"."""
    award("BANG_KHEN_TINH", year - 8, person=person)
    rate(person, range(year - 8, year + 1), L.GOOD)
    AnnualRating.objects.filter(person=person, year=year - 5).update(level=L.COMPLETED)
    for y in (year - 7, year - 3, year):
        award("CSTDCS", y, person=person)
    verdict = evaluate(person, "BANG_KHEN_TTG", year)
    good = verdict.check("consecutive_good")
    assert good.status == PASS
    assert f"5 consecutive years ({year - 4}–{year}); below it in {year - 5}" in good.message_en
    times = verdict.check("cstdcs_times")
    assert times.status == FAIL
    assert f"titles in {year - 4}–{year}: 2 held." in times.message_en
    assert verdict.eligible is False


@LAW_2022_SETS
def test_bk_ttg_a_missing_rating_in_the_span_leaves_it_open__art_73_1b(person, year, rule_set):
    """The third CSTĐCS lies before a year without a rating: whether the years are consecutive
    is not known yet, so the verdict is unknown rather than refused."""
    award("BANG_KHEN_TINH", year - 7, person=person)
    rate(person, range(year - 7, year + 1), L.GOOD)
    AnnualRating.objects.filter(person=person, year=year - 5).delete()
    for y in (year - 6, year - 3, year):
        award("CSTDCS", y, person=person)
    verdict = evaluate(person, "BANG_KHEN_TTG", year)
    assert verdict.check("consecutive_good").status == PASS  # year−4 … year: five already
    times = verdict.check("cstdcs_times")
    assert times.status == UNKNOWN
    assert f"the ratings of {year - 5} are not recorded" in times.message_en
    assert verdict.eligible is None


def test_bk_ttg_2020_passes_five_further_excellent_years_with_five_initiatives__nd91_art_38(
    person,
):
    """Nghị định 91/2017 Điểm c Khoản 1 Điều 38: a provincial certificate (2015), then 2016–2020
    excellent, with five initiatives in that period."""
    award("BANG_KHEN_TINH", 2015, person=person)
    rate(person, range(2016, 2021), L.EXCELLENT)
    for y in range(2016, 2021):
        initiative(person, datetime.date(y, 9, 1))
    verdict = evaluate(person, "BANG_KHEN_TTG", 2020)
    assert [c.code for c in verdict.checks] == [
        "no_discipline",
        "no_pending_review",
        "holds_bang_khen_tinh",
        "excellent_initiatives",
    ]
    assert verdict.eligible is True
    assert "Điểm c Khoản 1 Điều 38, Nghị định 91/2017/NĐ-CP" in (
        verdict.check("excellent_initiatives").citation
    )


def test_bk_ttg_2020_refuses_a_provincial_certificate_too_recent__nd91_art_38(person):
    """The five excellent years must follow the provincial certificate: one of 2017 is too
    recent for 2020."""
    award("BANG_KHEN_TINH", 2017, person=person)
    rate(person, range(2016, 2021), L.EXCELLENT)
    for y in range(2016, 2021):
        initiative(person, datetime.date(y, 9, 1))
    check = evaluate(person, "BANG_KHEN_TTG", 2020).check("holds_bang_khen_tinh")
    assert check.status == FAIL
    assert "No provincial certificate of merit of 2015 or earlier" in check.message_en
    assert "(the one of 2017 is too recent)" in check.message_en


def test_bk_ttg_2020_fails_with_four_initiatives__nd91_art_38(person):
    award("BANG_KHEN_TINH", 2015, person=person)
    rate(person, range(2016, 2021), L.EXCELLENT)
    for y in range(2017, 2021):
        initiative(person, datetime.date(y, 9, 1))
    check = evaluate(person, "BANG_KHEN_TTG", 2020).check("excellent_initiatives")
    assert check.status == FAIL
    assert "4 of 5 unused initiatives recognised in 2016–2020" in check.message_en
