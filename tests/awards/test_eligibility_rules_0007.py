"""The rules of 0007_more_rules: present in each rule set with a source, reversible, replayable."""

import importlib

import pytest
from django.apps import apps

from awards.models import Rule

certificate_rules = importlib.import_module("awards.migrations.0007_more_rules")
first_rules = importlib.import_module("awards.migrations.0003_rule_sets")

pytestmark = pytest.mark.django_db

NEW_KEYS = {
    "bang_khen_ttg_tt.consecutive_excellent_years",
    "bang_khen_ttg_tt.years_after_certificate",
    "bang_khen_ttg_tt.co_tinh_times",
    "bang_khen_ttg_tt.ttldxs_times",
    "bang_khen_ttg_tt.max_discipline_level",
}
CSTD_TQ = "cstd_tq.consecutive_cstd_tinh_years"


@pytest.mark.parametrize("code", ["ND91_2017", "ND98_2023", "ND152_2025"])
def test_every_rule_set_has_the_new_rules_to_confirm_with_a_note(code):
    rules = {rule.key: rule for rule in Rule.objects.filter(rule_set__code=code)}
    assert NEW_KEYS <= set(rules)
    for key in NEW_KEYS:
        assert rules[key].document and rules[key].article, key
        # No article of these was read in a primary text.
        assert rules[key].status == Rule.Status.TO_CONFIRM, key
        assert rules[key].note, key


def test_the_years_follow_the_certificate_under_nd91_only():
    values = dict(
        Rule.objects.filter(key="bang_khen_ttg_tt.years_after_certificate").values_list(
            "rule_set__code", "value"
        )
    )
    assert values == {"ND91_2017": 1, "ND98_2023": 0, "ND152_2025": 0}


def test_unload_removes_the_new_rules_and_restores_the_notes_of_0003():
    count = Rule.objects.count()
    updated = Rule.objects.get(rule_set__code="ND98_2023", key=CSTD_TQ)
    assert "banthiduakhenthuongtw.gov.vn" in updated.note
    certificate_rules.unload_more_rules(apps, None)
    assert not Rule.objects.filter(key__in=NEW_KEYS).exists()
    updated.refresh_from_db()
    original = next(r for r in first_rules.RULES["ND98_2023"] if r[0] == CSTD_TQ)
    assert (updated.article, updated.note) == (original[6], original[8])
    certificate_rules.load_more_rules(apps, None)
    certificate_rules.load_more_rules(apps, None)
    assert Rule.objects.count() == count
    updated.refresh_from_db()
    assert "banthiduakhenthuongtw.gov.vn" in updated.note
