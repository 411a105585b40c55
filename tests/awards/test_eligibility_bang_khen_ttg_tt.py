"""Bằng khen của Thủ tướng Chính phủ for a collective, under each rule set.

Luật 06/2022/QH15 Khoản 2 Điều 73 (2024, 2025) and Nghị định 91/2017 Khoản 2 Điều 38 (2020), as
read (to confirm, docs/rules.md): a provincial certificate of merit for the collective, five
consecutive years rated excellent (a TTLĐXS year counts), with in that period one provincial
emulation flag OR two TTLĐXS titles (one suffices), and no member disciplined at warning or above
in the year judged. Under Nghị định 91/2017 the five years follow the certificate ("05 năm tiếp
theo"); under the 2022 law they run up to the proposal and the certificate comes before the year.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from awards.eligibility import FAIL, PASS, UNKNOWN, evaluate
from awards.models import AwardRecord, Rule
from organizations.models import AnnualRating, DisciplineRecord, UnitRating
from tests.factories import (
    AwardRecordFactory,
    DisciplineFactory,
    PersonFactory,
    UnitFactory,
    UnitRatingFactory,
)

pytestmark = pytest.mark.django_db

L = AnnualRating.Level
# (year, rule set, the latest year a provincial certificate may be of)
ALL_SETS = pytest.mark.parametrize(
    ("year", "rule_set", "latest"),
    [(2020, "ND91_2017", 2015), (2024, "ND98_2023", 2023), (2025, "ND152_2025", 2024)],
)


def award(unit, code, year):
    return AwardRecordFactory(unit=unit, award__code=code, year=year, by_province=True)


def rate(unit, years, level=L.EXCELLENT):
    for y in years:
        UnitRatingFactory(unit=unit, year=y, level=level)


def five_years(year):
    return range(year - 4, year + 1)


@pytest.fixture
def unit(db):
    return UnitFactory(code="TT", name="Thanh tra Sở")


@ALL_SETS
def test_passes_with_a_certificate_five_excellent_years_and_a_flag(unit, year, rule_set, latest):
    """Khoản 2 Điều 73 (Nghị định 91/2017 Khoản 2 Điều 38): the flag path."""
    award(unit, "BANG_KHEN_TINH_TT", latest)
    rate(unit, five_years(year))
    award(unit, "CO_TINH", year - 2)
    verdict = evaluate(unit, "BANG_KHEN_TTG_TT", year)
    assert verdict.rule_set.code == rule_set
    assert [c.code for c in verdict.checks] == [
        "holds_bang_khen_tinh",
        "consecutive_excellent",
        "flag_times",
        "ttldxs_times",
        "no_member_warning",
    ]
    assert verdict.check("flag_times").status == PASS
    assert verdict.check("flag_times").group == "distinction"
    assert f"Needs the provincial emulation flag 1 time in {year - 4}–{year}: 1 held" in (
        verdict.check("flag_times").message_en
    )
    assert verdict.groups == {"distinction": PASS}
    assert verdict.eligible is True
    article = "Khoản 2 Điều 38" if rule_set == "ND91_2017" else "Khoản 2 Điều 73"
    assert article in verdict.check("consecutive_excellent").citation


@ALL_SETS
def test_passes_with_two_ttldxs_instead_of_a_flag(unit, year, rule_set, latest):
    """The other path: two Excellent labour collective titles in the five years; they count as
    excellent years too."""
    award(unit, "BANG_KHEN_TINH_TT", latest)
    rate(unit, [year - 4, year - 2, year])
    award(unit, "TTLDXS", year - 3)
    award(unit, "TTLDXS", year - 1)
    verdict = evaluate(unit, "BANG_KHEN_TTG_TT", year)
    assert verdict.check("consecutive_excellent").status == PASS
    assert verdict.check("ttldxs_times").status == PASS
    assert verdict.check("flag_times").status != PASS
    assert verdict.groups == {"distinction": PASS}
    assert verdict.eligible is True


@ALL_SETS
def test_one_ttldxs_this_year_is_not_two(unit, year, rule_set, latest):
    """This year's TTLĐXS is recorded and is the only one: the TTLĐXS path fails; the flag path
    stays open while this year's flag is not recorded."""
    award(unit, "BANG_KHEN_TINH_TT", latest)
    rate(unit, five_years(year))
    award(unit, "TTLDXS", year)
    verdict = evaluate(unit, "BANG_KHEN_TTG_TT", year)
    check = verdict.check("ttldxs_times")
    assert check.status == FAIL
    assert f"Needs the Excellent labour collective title 2 times in {year - 4}–{year}" in (
        check.message_en
    )
    flag = verdict.check("flag_times")
    assert flag.status == UNKNOWN
    assert f"{year} is not recorded yet" in flag.message_en
    assert verdict.groups == {"distinction": UNKNOWN}
    assert verdict.eligible is None


@ALL_SETS
def test_fails_without_a_provincial_certificate(unit, year, rule_set, latest):
    rate(unit, five_years(year))
    award(unit, "CO_TINH", year - 2)
    verdict = evaluate(unit, "BANG_KHEN_TTG_TT", year)
    check = verdict.check("holds_bang_khen_tinh")
    assert check.status == FAIL
    assert f"No provincial certificate of merit of {latest} or earlier." == check.message_en
    assert verdict.eligible is False


@ALL_SETS
def test_refuses_a_certificate_too_recent(unit, year, rule_set, latest):
    """Nghị định 91/2017: the five years follow the certificate, so one of year−3 is too
    recent; the 2022 law: a certificate of the year judged rewards the same year twice."""
    too_recent = latest + 1
    award(unit, "BANG_KHEN_TINH_TT", too_recent)
    rate(unit, five_years(year))
    award(unit, "CO_TINH", year - 2)
    check = evaluate(unit, "BANG_KHEN_TTG_TT", year).check("holds_bang_khen_tinh")
    assert check.status == FAIL
    assert f"(the one of {too_recent} is too recent)" in check.message_en


def test_a_certificate_four_years_back_suffices_under_the_2022_law_only(unit):
    """The same history judged for 2020 (Nghị định 91/2017, "05 năm tiếp theo") and for 2024
    (the 2022 law, five years up to the proposal)."""
    other = UnitFactory(code="QLDL")
    for collective, year in ((unit, 2020), (other, 2024)):
        award(collective, "BANG_KHEN_TINH_TT", year - 4)
        rate(collective, five_years(year))
        award(collective, "CO_TINH", year - 1)
    assert evaluate(unit, "BANG_KHEN_TTG_TT", 2020).check("holds_bang_khen_tinh").status == FAIL
    assert evaluate(other, "BANG_KHEN_TTG_TT", 2024).check("holds_bang_khen_tinh").status == PASS


@ALL_SETS
def test_fails_a_year_rated_good_in_the_five(unit, year, rule_set, latest):
    award(unit, "BANG_KHEN_TINH_TT", latest)
    rate(unit, [year - 4, year - 3, year - 1, year])
    rate(unit, [year - 2], L.GOOD)
    award(unit, "CO_TINH", year - 1)
    verdict = evaluate(unit, "BANG_KHEN_TTG_TT", year)
    check = verdict.check("consecutive_excellent")
    assert check.status == FAIL
    assert f"Needs 5 consecutive years ({year - 4}–{year})" in check.message_en
    assert f"not in {year - 2}" in check.message_en
    assert verdict.eligible is False


@ALL_SETS
def test_a_flag_outside_the_five_years_does_not_count(unit, year, rule_set, latest):
    award(unit, "BANG_KHEN_TINH_TT", latest)
    rate(unit, five_years(year))
    award(unit, "CO_TINH", year - 6)
    award(unit, "TTLDXS", year)
    check = evaluate(unit, "BANG_KHEN_TTG_TT", year).check("flag_times")
    assert check.status == UNKNOWN  # only this year's flag could still make it
    assert check.evidence == []


@ALL_SETS
def test_fails_with_a_member_warned_in_the_year(unit, year, rule_set, latest):
    award(unit, "BANG_KHEN_TINH_TT", latest)
    rate(unit, five_years(year))
    award(unit, "CO_TINH", year - 2)
    member = PersonFactory(unit=unit, full_name="Bùi Quang Huy")
    DisciplineFactory(
        person=member,
        form=DisciplineRecord.Form.WARNING,
        start_date=datetime.date(year, 5, 1),
        end_date=datetime.date(year + 1, 4, 30),
    )
    verdict = evaluate(unit, "BANG_KHEN_TTG_TT", year)
    check = verdict.check("no_member_warning")
    assert check.status == FAIL
    assert "Bùi Quang Huy" in check.message_en
    assert verdict.eligible is False


@ALL_SETS
def test_a_reprimand_does_not_block(unit, year, rule_set, latest):
    award(unit, "BANG_KHEN_TINH_TT", latest)
    rate(unit, five_years(year))
    award(unit, "CO_TINH", year - 2)
    DisciplineFactory(
        person=PersonFactory(unit=unit),
        form=DisciplineRecord.Form.REPRIMAND,
        start_date=datetime.date(year, 5, 1),
        end_date=None,
    )
    assert evaluate(unit, "BANG_KHEN_TTG_TT", year).eligible is True


def test_every_rule_is_marked_to_confirm_in_the_citation(unit):
    award(unit, "BANG_KHEN_TINH_TT", 2019)
    rate(unit, five_years(2024))
    award(unit, "CO_TINH", 2022)
    verdict = evaluate(unit, "BANG_KHEN_TTG_TT", 2024)
    citation = "Khoản 2 Điều 73, Luật Thi đua, khen thưởng 06/2022/QH15"
    for check in verdict.checks:
        assert check.citation == f"{citation} (cần xác minh)", check.code
        with translation.override("en"):
            assert check.citation == f"{citation} (to confirm)", check.code


def test_the_thresholds_are_data_of_the_rule_set(unit):
    """With the flag rule raised to two, one flag is no longer enough."""
    Rule.objects.filter(rule_set__code="ND98_2023", key="bang_khen_ttg_tt.co_tinh_times").update(
        value=2
    )
    award(unit, "BANG_KHEN_TINH_TT", 2019)
    rate(unit, five_years(2024))
    award(unit, "CO_TINH", 2022)
    award(unit, "CO_TINH", 2024)  # recorded: nothing left to wait for
    award(unit, "CO_TINH", 2019)  # before the five years
    check = evaluate(unit, "BANG_KHEN_TTG_TT", 2024).check("flag_times")
    assert check.status == PASS
    AwardRecord.objects.filter(unit=unit, award__code="CO_TINH", year=2022).delete()
    check = evaluate(unit, "BANG_KHEN_TTG_TT", 2024).check("flag_times")
    assert check.status == FAIL
    assert "Needs the provincial emulation flag 2 times in 2020–2024: 1 held" in check.message_en


def test_query_count_does_not_grow_with_members():
    small, large = UnitFactory(code="SMALL"), UnitFactory(code="LARGE")
    for collective, count in ((small, 3), (large, 25)):
        award(collective, "BANG_KHEN_TINH_TT", 2019)
        rate(collective, five_years(2024))
        award(collective, "CO_TINH", 2022)
        for person in PersonFactory.create_batch(count, unit=collective):
            DisciplineFactory(person=person, start_date=datetime.date(2024, 1, 5), end_date=None)
    with CaptureQueriesContext(connection) as few:
        evaluate(small, "BANG_KHEN_TTG_TT", 2024)
    with CaptureQueriesContext(connection) as many:
        evaluate(large, "BANG_KHEN_TTG_TT", 2024)
    assert len(many) == len(few)


def test_the_unit_page_shows_the_verdict_with_its_alternatives(org, login, client):
    client.cookies["portal_language"] = "en"
    award(org.office, "BANG_KHEN_TINH_TT", 2015)
    for y in five_years(2020):
        UnitRating.objects.create(unit=org.office, year=y, level=L.EXCELLENT)
    award(org.office, "TTLDXS", 2017)
    award(org.office, "TTLDXS", 2019)
    response = login(org.alice).get(
        reverse("awards:unit_eligibility", args=[org.office.code]) + "?year=2020"
    )
    assert response.status_code == 200
    card = response.text.split('data-testid="verdict-BANG_KHEN_TTG_TT"', 1)[1]
    assert card.startswith(' data-outcome="eligible"')
    assert 'data-testid="alternatives" data-group="distinction" data-status="pass"' in card
    assert 'data-code="ttldxs_times" data-status="pass"' in card
    assert "Needs the Excellent labour collective title 2 times in 2016–2020: 2 held" in card
