"""Eligibility of a person: LĐTT, CSTĐCS, CSTĐ cấp tỉnh and Giấy khen under each rule set.

Each case is one the law's text decides; the article is in the test's name or docstring.
Years: 2020 is judged under Nghị định 91/2017 (2003 law), 2024 under Nghị định 98/2023 and 2025
under Nghị định 152/2025 (both with Luật 06/2022/QH15).
"""

import datetime

import pytest
from django.utils import translation

from awards.eligibility import FAIL, PASS, UNKNOWN, evaluate
from awards.models import AwardRecord, Initiative
from organizations.models import AnnualRating, DisciplineRecord
from tests.factories import (
    AwardRecordFactory,
    DisciplineFactory,
    InitiativeFactory,
    PersonFactory,
    RatingFactory,
    council_counted,
    registered,
)

pytestmark = pytest.mark.django_db

ND91, ND98, ND152 = (2020, "ND91_2017"), (2024, "ND98_2023"), (2025, "ND152_2025")
ALL_SETS = pytest.mark.parametrize(("year", "rule_set"), [ND91, ND98, ND152])
LAW_2022_SETS = pytest.mark.parametrize(("year", "rule_set"), [ND98, ND152])

EXCELLENT = AnnualRating.Level.EXCELLENT
GOOD = AnnualRating.Level.GOOD
COMPLETED = AnnualRating.Level.COMPLETED


def award_record(person, code, year):
    return AwardRecordFactory(person=person, award__code=code, year=year)


def initiative(person, year, scope=Initiative.Scope.UNIT, used_for=None, used_year=None):
    return InitiativeFactory(
        title=f"Sáng kiến số hoá hồ sơ {year}",
        decision_date=datetime.date(year, 10, 1),
        scope=scope,
        used_for=used_for,
        used_for_year=used_year,
        authors=[person],
    )


@pytest.fixture
def person(db):
    return PersonFactory(full_name="Nguyễn Văn An")


# --- LĐTT (Điều 24) ---------------------------------------------------------------------------


@ALL_SETS
def test_ldtt_passes_when_rated_good_without_discipline__art_24(person, year, rule_set):
    """Điều 24: an advanced worker completes duties well (rated "good" or better); in 2020 the
    person registered for the year (2003 law Điểm b Khoản 1 Điều 10)."""
    RatingFactory(person=person, year=year, level=GOOD)
    registered(person, year)
    verdict = evaluate(person, "LDTT", year)
    assert verdict.rule_set.code == rule_set
    assert verdict.eligible is True
    rating = verdict.check("rating_good")
    assert rating.status == PASS
    assert f"Rated “well completed duties” for {year}" in rating.message_en
    assert f"Xếp loại năm {year}: Hoàn thành tốt nhiệm vụ" in rating.message_vi
    assert rating.evidence == [f"Xếp loại {year}: Hoàn thành tốt nhiệm vụ"]
    with translation.override("en"):
        assert rating.evidence == [f"Rating {year}: well completed duties"]
    assert "Điều 24" in rating.citation


@ALL_SETS
def test_ldtt_fails_when_only_completed__art_24(person, year, rule_set):
    """Điều 24: "completed duties" is below "well completed duties"."""
    RatingFactory(person=person, year=year, level=COMPLETED)
    verdict = evaluate(person, "LDTT", year)
    assert verdict.eligible is False
    assert verdict.check("rating_good").status == FAIL
    assert "below “well completed duties”" in verdict.check("rating_good").message_en


@ALL_SETS
def test_ldtt_is_unknown_without_a_rating__art_24(person, year, rule_set):
    """Điều 24 judges the year's rating: without one the engine cannot say."""
    RatingFactory(person=person, year=year - 1, level=EXCELLENT)
    registered(person, year)
    verdict = evaluate(person, "LDTT", year)
    assert verdict.eligible is None
    check = verdict.check("rating_good")
    assert check.status == UNKNOWN
    assert f"No quality rating is recorded for {year}" in check.message_en


@ALL_SETS
def test_ldtt_fails_under_discipline_in_force_during_the_year__art_24(person, year, rule_set):
    """A discipline whose period overlaps the year blocks the title; achievements count only
    after the period ends (DOMAIN.md §2; Nghị định 152/2025 Điều 4 for 2025)."""
    RatingFactory(person=person, year=year, level=GOOD)
    DisciplineFactory(
        person=person,
        form=DisciplineRecord.Form.REPRIMAND,
        start_date=datetime.date(year - 1, 6, 1),
        end_date=datetime.date(year, 5, 31),
        decision_number="12/QĐ-KL",
    )
    verdict = evaluate(person, "LDTT", year)
    assert verdict.eligible is False
    check = verdict.check("no_discipline")
    assert check.status == FAIL
    assert f"during {year}: reprimand (01/06/{year - 1}–31/05/{year})" in check.message_en
    assert f"ends (ending 31/05/{year})" in check.message_en
    assert "khiển trách" in check.message_vi
    assert "12/QĐ-KL" in check.evidence[0]


@ALL_SETS
def test_ldtt_ignores_a_discipline_ended_before_the_year__art_24(person, year, rule_set):
    """A discipline that ended the year before no longer blocks the year judged."""
    RatingFactory(person=person, year=year, level=GOOD)
    DisciplineFactory(
        person=person,
        start_date=datetime.date(year - 2, 1, 1),
        end_date=datetime.date(year - 1, 12, 31),
    )
    assert evaluate(person, "LDTT", year).check("no_discipline").status == PASS


# --- CSTĐCS (Điều 23) -------------------------------------------------------------------------


def test_cstdcs_2020_fails_excellent_without_initiative__law_2003_art_23(person):
    """Luật TĐKT 2003 Điều 23: LĐTT plus an initiative or topic; an excellent rating alone is
    not enough under Nghị định 91/2017."""
    RatingFactory(person=person, year=2020, level=EXCELLENT)
    verdict = evaluate(person, "CSTDCS", 2020)
    check = verdict.check("initiative")
    assert check.status == FAIL
    assert "2003 law requires an initiative" in check.message_en
    assert verdict.eligible is False
    assert verdict.check("excellent_or_initiative") is None


def test_cstdcs_2020_passes_initiative_check_with_a_unit_initiative__law_2003_art_23(person):
    """Luật TĐKT 2003 Điều 23: an initiative recognised at the unit counts; the quota of
    Nghị định 91/2017 Khoản 3 Điều 9 stays unknown for one person."""
    RatingFactory(person=person, year=2020, level=GOOD)
    registered(person, 2020, "CSTDCS")
    initiative(person, 2019)
    verdict = evaluate(person, "CSTDCS", 2020)
    check = verdict.check("initiative")
    assert check.status == PASS
    assert "recognised in 2019–2020" in check.message_en
    assert "2019/QĐ-HĐSK 01/10/2019" in check.evidence[0]
    quota = verdict.check("quota")
    assert quota.status == UNKNOWN
    assert "at most 15 %" in quota.message_en
    assert quota.citation == "Khoản 3 Điều 9, Nghị định 91/2017/NĐ-CP"
    assert verdict.eligible is None


def test_cstdcs_2020_refuses_an_initiative_already_used__bnv_5007(person):
    """An initiative grounds one award only (BNV 5007/BNV-TĐKT, 2023)."""
    RatingFactory(person=person, year=2020, level=GOOD)
    initiative(person, 2020, used_for="GIAY_KHEN", used_year=2020)
    check = evaluate(person, "CSTDCS", 2020).check("initiative")
    assert check.status == FAIL
    assert "already used for another award" in check.message_en
    assert "GIAY_KHEN 2020" in check.message_en


def test_cstdcs_2020_refuses_an_initiative_older_than_the_previous_year__art_23(person):
    """The initiative must be recognised in the year judged or the one before."""
    RatingFactory(person=person, year=2020, level=GOOD)
    initiative(person, 2018)
    assert evaluate(person, "CSTDCS", 2020).check("initiative").status == FAIL


@LAW_2022_SETS
def test_cstdcs_passes_rated_excellent_without_initiative__law_2022_art_23(person, year, rule_set):
    """Luật 06/2022 Điều 23: LĐTT and rated excellent (or an initiative); no 15 % cap."""
    RatingFactory(person=person, year=year, level=EXCELLENT)
    verdict = evaluate(person, "CSTDCS", year)
    assert verdict.check("excellent_or_initiative").status == PASS
    assert verdict.check("quota") is None
    assert verdict.eligible is True


@LAW_2022_SETS
def test_cstdcs_passes_rated_good_with_initiative__law_2022_art_23(person, year, rule_set):
    """Luật 06/2022 Điều 23: an initiative recognised at grassroots level suffices."""
    RatingFactory(person=person, year=year, level=GOOD)
    initiative(person, year)
    verdict = evaluate(person, "CSTDCS", year)
    check = verdict.check("excellent_or_initiative")
    assert check.status == PASS
    assert check.evidence[0].startswith(f"Xếp loại {year}")
    assert verdict.eligible is True


@LAW_2022_SETS
def test_cstdcs_fails_rated_good_without_initiative__law_2022_art_23(person, year, rule_set):
    """Luật 06/2022 Điều 23: neither an excellent rating nor an initiative."""
    RatingFactory(person=person, year=year, level=GOOD)
    verdict = evaluate(person, "CSTDCS", year)
    check = verdict.check("excellent_or_initiative")
    assert check.status == FAIL
    assert f"needs “excellently completed duties” for {year} or an initiative" in check.message_en
    assert verdict.eligible is False


# --- CSTĐ cấp tỉnh (Điều 22) ------------------------------------------------------------------


@ALL_SETS
def test_cstd_tinh_passes_three_consecutive_cstdcs_and_province_initiative__art_22(
    person, year, rule_set
):
    """Điều 22: three consecutive CSTĐCS and an initiative with province-wide effect."""
    for y in range(year - 2, year + 1):
        award_record(person, "CSTDCS", y)
    initiative(person, year - 1, scope=Initiative.Scope.PROVINCE)
    registered(person, year, "CSTD_TINH")
    verdict = evaluate(person, "CSTD_TINH", year)
    consecutive = verdict.check("consecutive_cstdcs")
    assert consecutive.status == PASS
    assert f"3 consecutive years, {year - 2}–{year}" in consecutive.message_en
    assert len(consecutive.evidence) == 3
    assert "Điều 22" in consecutive.citation
    assert verdict.check("initiative_province").status == PASS
    # Every criterion holds; the council's secret ballot decides (ND 91/2017 K8 Đ45).
    council = verdict.check("council_vote")
    assert council.status == UNKNOWN
    assert "at least 90 % of all its members must agree" in council.message_en
    assert verdict.eligible is None
    council_counted(person, "CSTD_TINH", year, agree=6)
    verdict = evaluate(person, "CSTD_TINH", year)
    assert verdict.check("council_vote").message_en == (
        "The council voted: 6 of 6 members agreed (100 %); at least 90 % needed."
    )
    assert verdict.eligible is True


@ALL_SETS
def test_cstd_tinh_fails_below_ninety_percent_of_all_council_members__art_45(
    person, year, rule_set
):
    """Nghị định 91/2017 Khoản 8 Điều 45: at least 90 % of all the council's members agree."""
    for y in range(year - 2, year + 1):
        award_record(person, "CSTDCS", y)
    initiative(person, year - 1, scope=Initiative.Scope.PROVINCE)
    registered(person, year, "CSTD_TINH")
    council_counted(person, "CSTD_TINH", year, agree=5)
    verdict = evaluate(person, "CSTD_TINH", year)
    council = verdict.check("council_vote")
    assert council.status == FAIL
    assert "5 of 6 members agreed (83.3 %)" in council.message_en
    assert verdict.eligible is False


@ALL_SETS
def test_cstd_tinh_fails_with_a_gap_in_cstdcs_years__art_22(person, year, rule_set):
    """Điều 22: the three CSTĐCS years must be consecutive."""
    award_record(person, "CSTDCS", year - 2)
    award_record(person, "CSTDCS", year)
    check = evaluate(person, "CSTD_TINH", year).check("consecutive_cstdcs")
    assert check.status == FAIL
    assert f"missing {year - 1} (2/3 held)" in check.message_en


@ALL_SETS
def test_cstd_tinh_is_unknown_when_this_years_cstdcs_is_not_recorded__art_22(
    person, year, rule_set
):
    """Điều 22: the year judged counts only once its CSTĐCS is recorded."""
    award_record(person, "CSTDCS", year - 2)
    award_record(person, "CSTDCS", year - 1)
    check = evaluate(person, "CSTD_TINH", year).check("consecutive_cstdcs")
    assert check.status == UNKNOWN
    assert f"the {year} title is not recorded yet" in check.message_en


@ALL_SETS
def test_cstd_tinh_fails_with_a_unit_level_initiative_only__art_22(person, year, rule_set):
    """Điều 22: the initiative must have province-wide effect; a unit initiative is not enough."""
    for y in range(year - 2, year + 1):
        award_record(person, "CSTDCS", y)
    initiative(person, year, scope=Initiative.Scope.UNIT)
    check = evaluate(person, "CSTD_TINH", year).check("initiative_province")
    assert check.status == FAIL
    assert "province-wide scope or wider" in check.message_en


def test_cstd_tinh_ignores_a_revoked_cstdcs__art_22(person):
    """A revoked award is not a title held (Điều 22 counts titles awarded)."""
    for y in (2018, 2019, 2020):
        award_record(person, "CSTDCS", y)
    AwardRecord.objects.filter(year=2019).update(
        status=AwardRecord.Status.REVOKED, revocation_reason="Sai hồ sơ"
    )
    assert evaluate(person, "CSTD_TINH", 2020).check("consecutive_cstdcs").status == FAIL


# --- Giấy khen (Điều 75) ----------------------------------------------------------------------


@ALL_SETS
def test_giay_khen_passes_rated_good_without_discipline__art_75(person, year, rule_set):
    """Điều 75: a certificate of commendation for an exemplary person completing tasks well."""
    RatingFactory(person=person, year=year, level=GOOD)
    verdict = evaluate(person, "GIAY_KHEN", year)
    assert [c.code for c in verdict.checks] == [
        "rating_good",
        "working_time",
        "no_discipline",
        "no_pending_review",
    ]
    assert verdict.eligible is True
    assert "Điều 75" in verdict.checks[0].citation


@ALL_SETS
def test_giay_khen_fails_under_discipline__art_75(person, year, rule_set):
    """Điều 75 with the exclusion of people under discipline in force."""
    RatingFactory(person=person, year=year, level=GOOD)
    DisciplineFactory(person=person, start_date=datetime.date(year, 3, 1), end_date=None)
    verdict = evaluate(person, "GIAY_KHEN", year)
    assert verdict.eligible is False
    assert "with no end date yet" in verdict.check("no_discipline").message_en


# --- citations --------------------------------------------------------------------------------


def test_a_2020_title_cites_the_2003_law_marked_to_confirm():
    """Under Nghị định 91/2017 the title's article is cited in the 2003 law, marked to confirm."""
    person = PersonFactory()
    RatingFactory(person=person, year=2020, level=GOOD)
    citation = evaluate(person, "LDTT", 2020).check("rating_good").citation
    law = "Điều 24, Luật Thi đua, khen thưởng 2003 (sửa đổi 2005, 2013)"
    assert citation == f"{law} (cần xác minh)"
    with translation.override("en"):
        assert citation == f"{law} (to confirm)"


def test_a_2024_title_cites_the_2022_law():
    person = PersonFactory()
    RatingFactory(person=person, year=2024, level=GOOD)
    citation = evaluate(person, "LDTT", 2024).check("rating_good").citation
    assert citation == "Điều 24, Luật Thi đua, khen thưởng số 06/2022/QH15"


@LAW_2022_SETS
def test_a_rule_to_confirm_is_marked_in_the_citation(person, year, rule_set):
    """cstd_tinh.consecutive_cstdcs_years is "to confirm" under the 2022 law (docs/rules.md)."""
    citation = evaluate(person, "CSTD_TINH", year).check("consecutive_cstdcs").citation
    assert citation == "Điều 22, Luật Thi đua, khen thưởng 06/2022/QH15 (cần xác minh)"
    with translation.override("en"):
        assert citation == "Điều 22, Luật Thi đua, khen thưởng 06/2022/QH15 (to confirm)"


def test_a_confirmed_rule_is_not_marked(person):
    citation = evaluate(person, "CSTD_TINH", 2020).check("consecutive_cstdcs").citation
    assert citation == "Điều 22, Luật Thi đua, khen thưởng 2003 (sửa đổi 2005, 2013)"
