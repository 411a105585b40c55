"""Giấy khen của Thủ trưởng cơ quan for a collective (GIAY_KHEN_TT), under each rule set.

Luật 06/2022/QH15 Điều 75 (2024, 2025; its Khoản 2 lets each ministry and province set the
details) and the 2003 law before it (2020), as the portal reads them (to confirm,
docs/rules.md): the collective rated good or better for the year, and no member under a warning
or heavier discipline in force during the year.
"""

import datetime
import importlib

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from awards.eligibility import FAIL, PASS, UNKNOWN, evaluate
from awards.models import Rule
from emulation.demo.awards import ensure_reference_data
from organizations.models import AnnualRating, DisciplineRecord, UnitRating
from tests.factories import DisciplineFactory, PersonFactory, UnitFactory, UnitRatingFactory

pytestmark = pytest.mark.django_db

L = AnnualRating.Level
Form = DisciplineRecord.Form
# (year, rule set, article cited)
ALL_SETS = pytest.mark.parametrize(
    ("year", "rule_set", "article"),
    [
        (2020, "ND91_2017", "Luật Thi đua, khen thưởng 2003"),
        (2024, "ND98_2023", "Điều 75, Luật Thi đua, khen thưởng 06/2022/QH15"),
        (2025, "ND152_2025", "Điều 75, Luật Thi đua, khen thưởng 06/2022/QH15"),
    ],
)
KEYS = {"giay_khen_tt.min_unit_rating", "giay_khen_tt.max_discipline_level"}


@pytest.fixture
def unit(db):
    return UnitFactory(code="TT", name="Thanh tra Sở")


def warn(person, year, form=Form.WARNING, start=(5, 1), end=None):
    return DisciplineFactory(
        person=person,
        form=form,
        start_date=datetime.date(year, *start),
        end_date=end,
    )


@ALL_SETS
def test_passes_a_collective_rated_good_without_a_warned_member__art_75(
    unit, year, rule_set, article
):
    """Điều 75: tasks done well (rated good or better); nobody warned in the year."""
    UnitRatingFactory(unit=unit, year=year, level=L.GOOD)
    PersonFactory.create_batch(3, unit=unit)
    verdict = evaluate(unit, "GIAY_KHEN_TT", year)
    assert verdict.rule_set.code == rule_set
    assert [c.code for c in verdict.checks] == ["unit_rating", "no_member_warning"]
    assert verdict.eligible is True
    rating = verdict.check("unit_rating")
    assert rating.status == PASS
    assert f"The collective is rated “well completed duties” for {year}" in rating.message_en
    assert f"Xếp loại tập thể {year}: Hoàn thành tốt nhiệm vụ" in rating.evidence[0]
    for check in verdict.checks:
        assert check.citation.startswith(article), check.code
        assert check.citation.endswith("(cần xác minh)"), check.code


@ALL_SETS
def test_an_excellent_collective_passes_too__art_75(unit, year, rule_set, article):
    UnitRatingFactory(unit=unit, year=year, level=L.EXCELLENT)
    assert evaluate(unit, "GIAY_KHEN_TT", year).check("unit_rating").status == PASS


@ALL_SETS
def test_fails_a_collective_that_only_completed_its_tasks__art_75(unit, year, rule_set, article):
    UnitRatingFactory(unit=unit, year=year, level=L.COMPLETED)
    verdict = evaluate(unit, "GIAY_KHEN_TT", year)
    check = verdict.check("unit_rating")
    assert check.status == FAIL
    assert "“well completed duties” or better is needed — not met" in check.message_en
    assert "cần từ “Hoàn thành tốt nhiệm vụ” trở lên — chưa đạt" in check.message_vi
    assert verdict.eligible is False


@ALL_SETS
def test_is_unknown_without_the_collectives_rating_for_the_year__art_75(
    unit, year, rule_set, article
):
    """Last year's rating does not stand for this year's: the officer must record it."""
    UnitRatingFactory(unit=unit, year=year - 1, level=L.EXCELLENT)
    verdict = evaluate(unit, "GIAY_KHEN_TT", year)
    check = verdict.check("unit_rating")
    assert check.status == UNKNOWN
    assert f"The collective has no rating recorded for {year}" in check.message_en
    assert verdict.eligible is None


@ALL_SETS
def test_fails_with_a_member_warned_during_the_year__art_75(unit, year, rule_set, article):
    UnitRatingFactory(unit=unit, year=year, level=L.EXCELLENT)
    member = PersonFactory(unit=unit, full_name="Bùi Quang Huy")
    PersonFactory(unit=unit)
    warn(member, year)
    verdict = evaluate(unit, "GIAY_KHEN_TT", year)
    check = verdict.check("no_member_warning")
    assert check.status == FAIL
    assert f"1 discipline at warning or above in force during {year}: Bùi Quang Huy" in (
        check.message_en
    )
    assert "Bùi Quang Huy: Kỷ luật: cảnh cáo" in check.evidence[0]
    assert verdict.eligible is False


@ALL_SETS
def test_a_heavier_discipline_from_last_year_still_in_force_blocks__art_75(
    unit, year, rule_set, article
):
    UnitRatingFactory(unit=unit, year=year, level=L.GOOD)
    member = PersonFactory(unit=unit)
    warn(
        member,
        year - 1,
        form=Form.SALARY_DOWNGRADE,
        start=(9, 1),
        end=datetime.date(year, 8, 31),
    )
    assert evaluate(unit, "GIAY_KHEN_TT", year).check("no_member_warning").status == FAIL


@ALL_SETS
def test_a_reprimand_or_a_warning_that_ended_before_the_year_does_not_block__art_75(
    unit, year, rule_set, article
):
    UnitRatingFactory(unit=unit, year=year, level=L.GOOD)
    warn(PersonFactory(unit=unit), year, form=Form.REPRIMAND)
    warn(PersonFactory(unit=unit), year - 2, end=datetime.date(year - 1, 12, 31))
    verdict = evaluate(unit, "GIAY_KHEN_TT", year)
    assert verdict.check("no_member_warning").status == PASS
    assert verdict.eligible is True


def test_a_member_of_another_unit_does_not_count(unit):
    UnitRatingFactory(unit=unit, year=2024, level=L.GOOD)
    warn(PersonFactory(unit=UnitFactory(code="QLDL")), 2024)
    assert evaluate(unit, "GIAY_KHEN_TT", 2024).eligible is True


@pytest.mark.parametrize("code", ["ND91_2017", "ND98_2023", "ND152_2025"])
def test_every_rule_set_has_the_rules_to_confirm_with_a_note(code):
    rules = {r.key: r for r in Rule.objects.filter(rule_set__code=code, key__in=KEYS)}
    assert set(rules) == KEYS
    assert rules["giay_khen_tt.min_unit_rating"].value == 2  # good
    assert rules["giay_khen_tt.max_discipline_level"].value == 1  # a reprimand at most
    for rule in rules.values():
        assert rule.document and rule.article and rule.note, rule.key
        # Khoản 2 Điều 75 leaves the criteria to the province: no value was read anywhere.
        assert rule.status == Rule.Status.TO_CONFIRM, rule.key
    if code != "ND91_2017":
        assert "baochinhphu.vn" in rules["giay_khen_tt.min_unit_rating"].note


def test_the_thresholds_are_data_of_the_rule_set(unit):
    """A province that asks for an excellent collective: raise the rule, the verdict follows."""
    UnitRatingFactory(unit=unit, year=2024, level=L.GOOD)
    assert evaluate(unit, "GIAY_KHEN_TT", 2024).eligible is True
    Rule.objects.filter(rule_set__code="ND98_2023", key="giay_khen_tt.min_unit_rating").update(
        value=3
    )
    check = evaluate(unit, "GIAY_KHEN_TT", 2024).check("unit_rating")
    assert check.status == FAIL
    assert "“excellently completed duties” or better is needed" in check.message_en
    # The other rule sets are untouched.
    UnitRatingFactory(unit=unit, year=2025, level=L.GOOD)
    assert evaluate(unit, "GIAY_KHEN_TT", 2025).eligible is True


def test_the_migration_unloads_and_reloads_and_the_demo_restores_it():
    module = importlib.import_module("awards.migrations.0008_giay_khen_tt_rules")
    count = Rule.objects.count()
    module.unload_giay_khen_tt_rules(apps, None)
    assert not Rule.objects.filter(key__in=KEYS).exists()
    assert Rule.objects.count() == count - 6
    ensure_reference_data()  # a flushed database gets them back
    assert Rule.objects.filter(key__in=KEYS).count() == 6
    module.load_giay_khen_tt_rules(apps, None)
    assert Rule.objects.count() == count


def test_query_count_does_not_grow_with_members():
    small, large = UnitFactory(code="SMALL"), UnitFactory(code="LARGE")
    for collective, count in ((small, 3), (large, 30)):
        UnitRatingFactory(unit=collective, year=2024, level=L.GOOD)
        for person in PersonFactory.create_batch(count, unit=collective):
            warn(person, 2024)
    with CaptureQueriesContext(connection) as few:
        evaluate(small, "GIAY_KHEN_TT", 2024)
    with CaptureQueriesContext(connection) as many:
        evaluate(large, "GIAY_KHEN_TT", 2024)
    assert len(many) == len(few)


def test_the_unit_page_shows_the_verdict(org, login, client):
    client.cookies["portal_language"] = "en"
    UnitRating.objects.create(unit=org.technical, year=2020, level=L.GOOD)
    response = login(org.alice).get(
        reverse("awards:unit_eligibility", args=[org.technical.code]) + "?year=2020"
    )
    assert response.status_code == 200
    card = response.text.split('data-testid="verdict-GIAY_KHEN_TT"', 1)[1]
    card = card.split('data-testid="verdict-', 1)[0]
    assert card.startswith(' data-outcome="eligible"')
    assert 'data-code="unit_rating" data-status="pass"' in card
    assert 'data-code="no_member_warning" data-status="pass"' in card
    assert "The collective is rated “well completed duties” for 2020" in card


def test_the_unit_page_shows_a_warned_member_as_not_eligible(org, login, client):
    client.cookies["portal_language"] = "en"
    UnitRating.objects.create(unit=org.technical, year=2020, level=L.EXCELLENT)
    warn(org.dave.person, 2020)
    response = login(org.carol).get(
        reverse("awards:unit_eligibility", args=[org.technical.code]) + "?year=2020"
    )
    card = response.text.split('data-testid="verdict-GIAY_KHEN_TT"', 1)[1]
    card = card.split('data-testid="verdict-', 1)[0]
    assert card.startswith(' data-outcome="not_eligible"')
    assert 'data-code="no_member_warning" data-status="fail"' in card
    assert "Hoàng Văn Dave" in card
