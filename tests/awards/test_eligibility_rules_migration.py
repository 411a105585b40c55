"""The rules of 0005_more_rules: present in each rule set, reversible, and replayable."""

import importlib

import pytest
from django.apps import apps

from awards.models import Rule

more_rules = importlib.import_module("awards.migrations.0005_more_rules")
first_rules = importlib.import_module("awards.migrations.0003_rule_sets")

pytestmark = pytest.mark.django_db

NEW_KEYS = {
    "ldtt.min_months_worked",
    "ldtt.maternity_leave_counted",
    "pending_review.blocks_award",
    "ttldtt.min_unit_rating",
    "ttldxs.min_unit_rating",
    "bang_khen_tinh_tt.consecutive_excellent_years",
    "bang_khen_tinh_tt.max_discipline_level",
}


@pytest.mark.parametrize("code", ["ND91_2017", "ND98_2023", "ND152_2025"])
def test_every_rule_set_has_the_new_rules_with_a_source(code):
    rules = {rule.key: rule for rule in Rule.objects.filter(rule_set__code=code)}
    assert NEW_KEYS <= set(rules)
    for key in NEW_KEYS:
        assert rules[key].document and rules[key].article, key
        if rules[key].status == Rule.Status.TO_CONFIRM:
            assert rules[key].note, key


def test_the_months_worked_differ_by_law():
    values = dict(
        Rule.objects.filter(key="ldtt.min_months_worked").values_list("rule_set__code", "value")
    )
    assert values == {"ND91_2017": 10, "ND98_2023": 6, "ND152_2025": 6}
    confirmed = Rule.objects.get(rule_set__code="ND91_2017", key="ldtt.min_months_worked")
    assert confirmed.status == Rule.Status.CONFIRMED
    assert "thuvienphapluat.vn" in confirmed.note


def test_unload_removes_the_new_rules_and_restores_the_rows_of_0003():
    count = Rule.objects.count()
    updated = Rule.objects.get(rule_set__code="ND91_2017", key="bang_khen_ttg.initiatives")
    assert updated.article == "Điểm c Khoản 1 Điều 38"
    more_rules.unload_more_rules(apps, None)
    assert not Rule.objects.filter(key__in=NEW_KEYS).exists()
    updated.refresh_from_db()
    original = next(r for r in first_rules.RULES["ND91_2017"] if r[0] == updated.key)
    assert (updated.article, updated.note) == (original[6], original[8])
    more_rules.load_more_rules(apps, None)
    more_rules.load_more_rules(apps, None)
    assert Rule.objects.count() == count
    updated.refresh_from_db()
    assert updated.article == "Điểm c Khoản 1 Điều 38"
