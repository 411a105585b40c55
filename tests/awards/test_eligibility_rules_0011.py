"""The rules of 0011_engine_fixes: present where the law has them, reversible, replayable."""

import importlib

import pytest
from django.apps import apps

from awards.models import Rule

engine_fixes = importlib.import_module("awards.migrations.0011_engine_fixes")
more_rules = importlib.import_module("awards.migrations.0005_more_rules")

pytestmark = pytest.mark.django_db

SETS = ("ND91_2017", "ND98_2023", "ND152_2025")


def values(key):
    return {
        code: int(value)
        for code, value in Rule.objects.filter(key=key).values_list("rule_set__code", "value")
    }


def test_ttldxs_discipline_exists_under_the_2003_law_only__law_2003_art_27__law_2022_art_27_1():
    """The 2003 law's Điều 27 asks that nobody be warned; the 2022 law's Khoản 1 Điều 27 does
    not, so only ND91_2017 has the rule (to confirm: only guides repeating the 2003 law read)."""
    assert values("ttldxs.max_discipline_level") == {"ND91_2017": 1}
    rule = Rule.objects.get(key="ttldxs.max_discipline_level")
    assert rule.citation == "Điều 27, Luật Thi đua, khen thưởng 2003 (sửa đổi 2005, 2013)"
    assert rule.status == Rule.Status.TO_CONFIRM
    assert "stp.thuathienhue.gov.vn" in rule.note


def test_training_counts_in_every_rule_set__tt_01_2024_art_1_5():
    assert values("ldtt.training_counted") == dict.fromkeys(SETS, 1)
    rules = {r.rule_set.code: r for r in Rule.objects.filter(key="ldtt.training_counted")}
    assert rules["ND98_2023"].citation == "Khoản 5 Điều 1, Thông tư 01/2024/TT-BNV"
    assert rules["ND91_2017"].article == "Điều ?"  # not read: never guessed
    assert all(rule.status == Rule.Status.TO_CONFIRM and rule.note for rule in rules.values())


def test_the_notes_say_how_the_engine_reads_the_changed_rules():
    for code in SETS:
        note = Rule.objects.get(rule_set__code=code, key="ldtt.min_months_worked").note
        assert "newly recruited" in note, code
    for code in ("ND98_2023", "ND152_2025"):
        for key in ("bang_khen_ttg.consecutive_good_years", "bang_khen_ttg.cstdcs_times"):
            note = Rule.objects.get(rule_set__code=code, key=key).note
            assert "from the year of the provincial certificate" in note, (code, key)


def test_unload_removes_the_rules_and_restores_the_notes_of_0005():
    count = Rule.objects.count()
    new_keys = {row[0] for rows in engine_fixes.RULES.values() for row in rows}
    engine_fixes.unload_engine_fixes(apps, None)
    assert not Rule.objects.filter(key__in=new_keys).exists()
    months = Rule.objects.get(rule_set__code="ND91_2017", key="ldtt.min_months_worked")
    original = next(r for r in more_rules.RULES["ND91_2017"] if r[0] == "ldtt.min_months_worked")
    assert months.note == original[8]
    good = Rule.objects.get(rule_set__code="ND98_2023", key="bang_khen_ttg.consecutive_good_years")
    assert good.note == more_rules.UPDATES[("ND98_2023", good.key)]["note"]
    engine_fixes.load_engine_fixes(apps, None)
    engine_fixes.load_engine_fixes(apps, None)
    assert Rule.objects.count() == count
    months.refresh_from_db()
    assert months.note.startswith(original[8])
    assert months.note.count("Reading (issue 9)") == 1
