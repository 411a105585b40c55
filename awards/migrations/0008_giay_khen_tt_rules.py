"""Thresholds of the certificate of commendation of the department head for a collective
(Giấy khen, GIAY_KHEN_TT): the collective's own rating and the heaviest discipline a member may
carry during the year.

A value is `confirmed` only when the article's own wording was read in a primary text (an
official site or thuvienphapluat.vn) through the search tool; the note says where. Everything
else is `to_confirm` with a note saying what was read instead. docs/rules.md lists them all.

What was read: the 2022 law leaves the detailed criteria of the Giấy khen to each ministry and
province (Khoản 2 Điều 75). The values below are the portal's reading of the law's general
criteria (a collective that completes its tasks well, no member under a warning or heavier),
kept as data so that an officer can set the province's own criteria in the admin.
"""

from django.db import migrations

LAW_2003 = "Luật Thi đua, khen thưởng 2003 (sửa đổi 2005, 2013)"
LAW_2022 = "Luật Thi đua, khen thưởng 06/2022/QH15"

T = "to_confirm"

# Rating levels as rule values (see awards.eligibility.engine.LEVEL_RANK).
GOOD = "2"
LEVEL_UNIT = "level (2 = good, 3 = excellent)"

RATING_VI = (
    "Tập thể hoàn thành tốt nhiệm vụ được giao (xếp loại từ hoàn thành tốt nhiệm vụ trở lên)"
)
RATING_EN = "The collective completes its tasks well (rated good or better)"
DISCIPLINE_VI = (
    "Không có cá nhân trong tập thể bị kỷ luật từ hình thức cảnh cáo trở lên có hiệu lực trong "
    "năm xét (mức cao nhất được phép: 1 = khiển trách)"
)
DISCIPLINE_EN = (
    "No member under a warning or heavier discipline in force during the year judged (highest "
    "level allowed: 1 = reprimand)"
)

LAW_2022_READ = (
    "Read: the Ministry of Home Affairs' answer on the Government's newspaper quotes Khoản 2 "
    "Điều 75 of the 2022 law: 'Bộ, ban, ngành, tỉnh, trong phạm vi nhiệm vụ, quyền hạn của "
    "mình, quy định chi tiết, hướng dẫn cụ thể tiêu chuẩn xét tặng giấy khen đối với cá nhân, "
    "tập thể, hộ gia đình thuộc thẩm quyền quản lý' "
    "(https://baochinhphu.vn/tieu-chuan-xet-tang-giay-khen-102241213091854171.htm). So Khoản 2 "
    "is not the collective's criteria: each ministry and province sets them. The law's own "
    "criteria (Khoản 1) and the province's decision (Lạng Sơn) were not read. "
)
LAW_2003_NOT_READ = (
    "Not read: the article of the 2003 law (as amended in 2013) on the Giấy khen of a "
    "collective, and any detail in Nghị định 91/2017/NĐ-CP, were not found in the stored texts "
    "(the issue places them in Điều 76 of the law and Điều 40 of the decree; neither number was "
    "checked, so the article is left as 'Điều ?'). "
)
RATING_NOTE = (
    "The value follows DOMAIN.md's reading of Điều 75 (exemplary, tasks done well, a recognised "
    "achievement) and the bar of TTLĐTT (ttldtt.min_unit_rating): a collective rated good or "
    "better. A one-off achievement (thành tích đột xuất) is not judged from the records."
)
DISCIPLINE_NOTE = (
    "Not found in the texts read: applied as for TTLĐTT (ttldtt.max_discipline_level), as the "
    "issue asks."
)

# (key, value, unit, description_vi, description_en, document, article, status, note)
ND91_RULES = [
    (
        "giay_khen_tt.min_unit_rating",
        GOOD,
        LEVEL_UNIT,
        RATING_VI,
        RATING_EN,
        LAW_2003,
        "Điều ?",
        T,
        LAW_2003_NOT_READ + RATING_NOTE,
    ),
    (
        "giay_khen_tt.max_discipline_level",
        "1",
        "level",
        DISCIPLINE_VI,
        DISCIPLINE_EN,
        LAW_2003,
        "Điều ?",
        T,
        LAW_2003_NOT_READ + DISCIPLINE_NOTE,
    ),
]

LAW_2022_RULES = [
    (
        "giay_khen_tt.min_unit_rating",
        GOOD,
        LEVEL_UNIT,
        RATING_VI,
        RATING_EN,
        LAW_2022,
        "Điều 75",
        T,
        LAW_2022_READ + RATING_NOTE,
    ),
    (
        "giay_khen_tt.max_discipline_level",
        "1",
        "level",
        DISCIPLINE_VI,
        DISCIPLINE_EN,
        LAW_2022,
        "Điều 75",
        T,
        LAW_2022_READ + DISCIPLINE_NOTE,
    ),
]

RULES = {"ND91_2017": ND91_RULES, "ND98_2023": LAW_2022_RULES, "ND152_2025": LAW_2022_RULES}


def load_giay_khen_tt_rules(apps, schema_editor):
    RuleSet = apps.get_model("awards", "RuleSet")
    Rule = apps.get_model("awards", "Rule")
    rule_sets = {rs.code: rs for rs in RuleSet.objects.filter(code__in=RULES)}
    for code, rows in RULES.items():
        rule_set = rule_sets.get(code)
        if rule_set is None:
            continue
        for key, value, unit, vi, en, document, article, status, note in rows:
            Rule.objects.update_or_create(
                rule_set=rule_set,
                key=key,
                defaults={
                    "value": value,
                    "unit": unit,
                    "description_vi": vi,
                    "description_en": en,
                    "document": document,
                    "article": article,
                    "status": status,
                    "note": note,
                },
            )


def unload_giay_khen_tt_rules(apps, schema_editor):
    Rule = apps.get_model("awards", "Rule")
    for code, rows in RULES.items():
        Rule.objects.filter(rule_set__code=code, key__in=[row[0] for row in rows]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0007_more_rules"),
    ]

    operations = [migrations.RunPython(load_giay_khen_tt_rules, unload_giay_khen_tt_rules)]
