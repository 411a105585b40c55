"""The data migrations can be reversed and replayed without duplicates."""

import importlib

import pytest
from django.apps import apps

from awards.models import Award, Rule, RuleSet

catalogue = importlib.import_module("awards.migrations.0002_catalogue")
rule_sets = importlib.import_module("awards.migrations.0003_rule_sets")
more_rules = importlib.import_module("awards.migrations.0005_more_rules")
certificate_rules = importlib.import_module("awards.migrations.0007_more_rules")
giay_khen_tt_rules = importlib.import_module("awards.migrations.0008_giay_khen_tt_rules")
engine_fixes = importlib.import_module("awards.migrations.0011_engine_fixes")
council_rules = importlib.import_module("awards.migrations.0013_council_rules")
reward_rules = importlib.import_module("awards.migrations.0019_reward_rules")


@pytest.mark.django_db
def test_the_rule_sets_unload_and_reload():
    count = Rule.objects.count()
    rule_sets.unload_rule_sets(apps, None)
    assert not RuleSet.objects.exists()
    assert not Rule.objects.exists()
    rule_sets.load_rule_sets(apps, None)
    rule_sets.load_rule_sets(apps, None)
    more_rules.load_more_rules(apps, None)  # the rules 0005 adds to the sets
    certificate_rules.load_more_rules(apps, None)  # and those 0007 adds
    giay_khen_tt_rules.load_giay_khen_tt_rules(apps, None)  # and those 0008 adds
    engine_fixes.load_engine_fixes(apps, None)  # and those 0011 adds
    council_rules.load(apps, None)  # and the council's of 0013
    reward_rules.load(apps, None)  # and the rewards of 0019
    assert RuleSet.objects.count() == 3
    assert Rule.objects.count() == count


@pytest.mark.django_db
def test_the_catalogue_unloads_and_reloads():
    catalogue.unload_catalogue(apps, None)
    assert not Award.objects.exists()
    catalogue.load_catalogue(apps, None)
    catalogue.load_catalogue(apps, None)
    assert Award.objects.count() == len(catalogue.CATALOGUE) == 14


@pytest.mark.django_db
def test_the_council_rules_unload_and_reload():
    count = Rule.objects.count()
    council_rules.unload(apps, None)
    added = ["council.majority_percent", "council.vote_percent_flag"]
    assert not Rule.objects.filter(key__in=added).exists()
    # 0003's rules of the 2022 law stay; only 0013's go.
    kept = Rule.objects.filter(key="council.vote_percent_cstd_tinh")
    assert set(kept.values_list("rule_set__code", flat=True)) == {"ND98_2023", "ND152_2025"}
    council_rules.load(apps, None)
    council_rules.load(apps, None)
    assert Rule.objects.count() == count
