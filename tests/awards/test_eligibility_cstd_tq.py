"""Chiến sĩ thi đua toàn quốc (national emulation fighter) under each rule set.

Luật TĐKT 2003 Điều 21 and Luật 06/2022/QH15 Điều 21: two consecutive provincial emulation
fighter titles, and an initiative (or research topic) with nationwide effect. Two provincial
titles are consecutive when the second covers the three CSTĐCS years right after the first
(2006–2008 and 2009–2011 in the Central Emulation and Commendation Board's answer), and the
national title is proposed for the year of the second (Nghị định 91/2017 Điểm a Khoản 1 Điều 48):
judged for 2020, the titles of 2017 and 2020, and an initiative recognised in 2015–2020.
"""

import datetime

import pytest

from awards.eligibility import FAIL, UNKNOWN, evaluate
from awards.models import AwardRecord, Initiative, Rule
from tests.factories import (
    AwardRecordFactory,
    DisciplineFactory,
    InitiativeFactory,
    PendingReviewFactory,
    PersonFactory,
    registered,
)

pytestmark = pytest.mark.django_db

ND91, ND98, ND152 = (2020, "ND91_2017"), (2024, "ND98_2023"), (2025, "ND152_2025")
ALL_SETS = pytest.mark.parametrize(("year", "rule_set"), [ND91, ND98, ND152])

NATION, PROVINCE = Initiative.Scope.NATION, Initiative.Scope.PROVINCE


def cstd_tinh(person, year, status=AwardRecord.Status.VALID):
    return AwardRecordFactory(
        award__code="CSTD_TINH",
        person=person,
        year=year,
        by_province=True,
        decision_date=datetime.date(year + 1, 2, 10),
        revoked=status == AwardRecord.Status.REVOKED,
    )


def initiative(person, year, scope=NATION, used_for=None):
    return InitiativeFactory(
        title=f"Giải pháp truy xuất nguồn gốc hàng hoá {year}",
        recognised_by="Chủ tịch UBND tỉnh Lạng Sơn",
        decision_number=f"{year}/QĐ-UBND",
        decision_date=datetime.date(year, 9, 15),
        scope=scope,
        used_for=used_for,
        authors=[person],
    )


@pytest.fixture
def person(db):
    return PersonFactory(full_name="Chu Đức Thuận")


@ALL_SETS
def test_passes_two_consecutive_provincial_titles_and_a_nationwide_initiative__art_21(
    person, year, rule_set
):
    """The titles of year−3 (for year−5…year−3) and of the year (for year−2…year): six
    consecutive CSTĐCS years, and an initiative with nationwide effect recognised in them; in
    2020 a registration for the year as well (2003 law Điểm b Khoản 1 Điều 10)."""
    cstd_tinh(person, year - 3)
    cstd_tinh(person, year)
    initiative(person, year - 1)
    registered(person, year, "CSTD_TQ")
    verdict = evaluate(person, "CSTD_TQ", year)
    assert verdict.rule_set.code == rule_set
    assert [c.code for c in verdict.checks] == ["registration"] * (rule_set == "ND91_2017") + [
        "no_discipline",
        "no_pending_review",
        "consecutive_cstd_tinh",
        "initiative_nation",
        "council_vote",
    ]
    # Every criterion holds; the council's secret ballot decides.
    assert verdict.check("council_vote").status == UNKNOWN
    assert verdict.eligible is None
    chain = verdict.check("consecutive_cstd_tinh")
    assert chain.message_en == (
        f"Provincial emulation fighter 2 consecutive times: {year - 3}, {year}, each for 3 years "
        f"({year - 5}–{year})."
    )
    assert [e.split(":")[0] for e in chain.evidence] == [
        f"CSTD_TINH {year - 3}",
        f"CSTD_TINH {year}",
    ]
    assert "Điều 21" in chain.citation
    assert "Điều 22" in chain.citation  # the years one provincial title covers
    nation = verdict.check("initiative_nation")
    assert f"1 initiative of nationwide scope or wider recognised in {year - 5}–{year}" in (
        nation.message_en
    )


@ALL_SETS
def test_titles_of_two_years_running_are_not_consecutive_titles__art_21(person, year, rule_set):
    """Titles of year−1 and the year rest on overlapping CSTĐCS years: not two consecutive
    titles in the law's sense."""
    cstd_tinh(person, year - 1)
    cstd_tinh(person, year)
    initiative(person, year - 1)
    check = evaluate(person, "CSTD_TQ", year).check("consecutive_cstd_tinh")
    assert check.status == FAIL
    assert f"missing {year - 3} (1 of 2 held)" in check.message_en
    assert f"The title of {year - 1} is not part of such a chain." in check.message_en
    assert "không nằm trong chuỗi liên tục" in check.message_vi


@ALL_SETS
def test_a_gap_between_the_provincial_titles_fails__art_21(person, year, rule_set):
    """Titles of year−4 and the year leave a year without CSTĐCS between the two periods."""
    cstd_tinh(person, year - 4)
    cstd_tinh(person, year)
    initiative(person, year - 1)
    verdict = evaluate(person, "CSTD_TQ", year)
    assert verdict.check("consecutive_cstd_tinh").status == FAIL
    assert verdict.eligible is False


@ALL_SETS
def test_is_unknown_while_this_years_provincial_title_is_not_recorded__art_21(
    person, year, rule_set
):
    cstd_tinh(person, year - 3)
    initiative(person, year - 1)
    registered(person, year, "CSTD_TQ")
    verdict = evaluate(person, "CSTD_TQ", year)
    check = verdict.check("consecutive_cstd_tinh")
    assert check.status == UNKNOWN
    assert f"the {year} title is not recorded yet" in check.message_en
    assert verdict.eligible is None


@ALL_SETS
def test_a_province_wide_initiative_is_not_enough__art_21(person, year, rule_set):
    """Điều 21 asks for nationwide effect; province-wide is what CSTĐ cấp tỉnh asks (Điều 22)."""
    cstd_tinh(person, year - 3)
    cstd_tinh(person, year)
    initiative(person, year - 1, scope=PROVINCE)
    verdict = evaluate(person, "CSTD_TQ", year)
    check = verdict.check("initiative_nation")
    assert check.status == FAIL
    assert "an initiative or research topic with nationwide effect is required" in (
        check.message_en
    )
    assert verdict.eligible is False


@ALL_SETS
def test_an_initiative_used_for_the_provincial_title_does_not_count_again__bnv_5007(
    person, year, rule_set
):
    """An initiative grounds one award only (BNV 5007/BNV-TĐKT)."""
    cstd_tinh(person, year - 3)
    cstd_tinh(person, year)
    initiative(person, year - 1, used_for="CSTD_TINH")
    check = evaluate(person, "CSTD_TQ", year).check("initiative_nation")
    assert check.status == FAIL
    assert "already used for another award: «Giải pháp truy xuất nguồn gốc hàng hoá " in (
        check.message_en
    )


@ALL_SETS
def test_an_initiative_recognised_before_the_two_periods_does_not_count__art_21(
    person, year, rule_set
):
    cstd_tinh(person, year - 3)
    cstd_tinh(person, year)
    initiative(person, year - 6)
    assert evaluate(person, "CSTD_TQ", year).check("initiative_nation").status == FAIL


@ALL_SETS
def test_a_revoked_provincial_title_does_not_count__art_21(person, year, rule_set):
    cstd_tinh(person, year - 3, status=AwardRecord.Status.REVOKED)
    cstd_tinh(person, year)
    initiative(person, year - 1)
    check = evaluate(person, "CSTD_TQ", year).check("consecutive_cstd_tinh")
    assert check.status == FAIL
    assert f"missing {year - 3}" in check.message_en


@ALL_SETS
def test_discipline_in_force_blocks_the_national_title(person, year, rule_set):
    cstd_tinh(person, year - 3)
    cstd_tinh(person, year)
    initiative(person, year - 1)
    DisciplineFactory(person=person, start_date=datetime.date(year, 6, 1), end_date=None)
    verdict = evaluate(person, "CSTD_TQ", year)
    assert verdict.check("no_discipline").status == FAIL
    assert verdict.eligible is False


@ALL_SETS
def test_a_pending_review_blocks_the_national_title(person, year, rule_set):
    cstd_tinh(person, year - 3)
    cstd_tinh(person, year)
    initiative(person, year - 1)
    PendingReviewFactory(person=person, opened_on=datetime.date(year, 11, 2))
    verdict = evaluate(person, "CSTD_TQ", year)
    assert verdict.check("no_pending_review").status == FAIL
    assert verdict.eligible is False


def test_the_threshold_is_data_of_the_rule_set(person):
    """Raising the rule to three titles asks for the titles of 2014, 2017 and 2020."""
    Rule.objects.filter(
        rule_set__code="ND91_2017", key="cstd_tq.consecutive_cstd_tinh_years"
    ).update(value=3)
    cstd_tinh(person, 2017)
    cstd_tinh(person, 2020)
    initiative(person, 2019)
    check = evaluate(person, "CSTD_TQ", 2020).check("consecutive_cstd_tinh")
    assert check.status == FAIL
    assert "those of 2014, 2017, 2020 (2012–2020); missing 2014" in check.message_en


def test_2020_cites_the_2003_law_marked_to_confirm(person):
    cstd_tinh(person, 2017)
    cstd_tinh(person, 2020)
    initiative(person, 2019)
    check = evaluate(person, "CSTD_TQ", 2020).check("consecutive_cstd_tinh")
    assert check.citation.startswith(
        "Điều 21, Luật Thi đua, khen thưởng 2003 (sửa đổi 2005, 2013) (cần xác minh)"
    )
    rule = Rule.objects.get(rule_set__code="ND91_2017", key="cstd_tq.consecutive_cstd_tinh_years")
    assert "banthiduakhenthuongtw.gov.vn" in rule.note
