"""The council's vote thresholds the tally reads (issue 9, item 6): the 90 % of Nghị định
91/2017 for provincial and national emulation fighters, the flags' 80 % of Nghị định 98/2023 as
DOMAIN.md reads it, and the majority of all members for every other item.

0003_rule_sets gave the rule sets of the 2022 law their CSTĐCS and CSTĐ thresholds; the rule set
of Nghị định 91/2017 had none.
"""

from django.db import migrations

ND91 = "Nghị định 91/2017/NĐ-CP"
ND98 = "Nghị định 98/2023/NĐ-CP"
ND152 = "Nghị định 152/2025/NĐ-CP"

C = "confirmed"
T = "to_confirm"

CSTD_TINH_2017 = (
    "council.vote_percent_cstd_tinh",
    "90",
    "%",
    "Tỷ lệ phiếu đồng ý từ 90% trở lên tính trên tổng số thành viên Hội đồng, bỏ phiếu kín; "
    "thành viên vắng mặt cho ý kiến bằng văn bản (Chiến sĩ thi đua cấp tỉnh, toàn quốc)",
    "At least 90 % of all council members agree, by secret ballot; absent members vote in "
    "writing (provincial and national emulation fighters)",
    ND91,
    "Khoản 8 Điều 45",
    C,
    "Read: the article's wording as the Central Emulation and Commendation Board quotes it "
    "(banthiduakhenthuongtw.gov.vn/traloi/b6b7af14f6e14ac9a084a21d7a64b00e; shared/LAW.md).",
)


def majority(document, article):
    return (
        "council.majority_percent",
        "50",
        "%",
        "Trên 50% tổng số thành viên Hội đồng đồng ý (các danh hiệu, hình thức khen thưởng không "
        "có tỷ lệ riêng)",
        "More than half of all council members agree (titles and forms with no threshold of "
        "their own)",
        document,
        article,
        T,
        "No article read sets a vote share for these items; the council decides by the majority "
        "of its members, counted like the thresholds over the total membership. An agency whose "
        "regulation sets another share changes this rule.",
    )


def flag(document, article, note):
    return (
        "council.vote_percent_flag",
        "80",
        "%",
        "Tỷ lệ phiếu đồng ý từ 80% trở lên trên tổng số thành viên Hội đồng (Cờ thi đua)",
        "At least 80 % of all council members agree (emulation flags)",
        document,
        article,
        T,
        note,
    )


# (key, value, unit, description_vi, description_en, document, article, status, note)
RULES = {
    "ND91_2017": [CSTD_TINH_2017, majority(ND91, "Điều ?")],
    "ND98_2023": [
        majority(ND98, "Điều ?"),
        flag(ND98, "Điều 30", "From DOMAIN.md's reading of the decree; the decree was not read."),
    ],
    "ND152_2025": [
        majority(ND152, "Điều ?"),
        flag(ND152, "Điều ?", "Carried over from Nghị định 98/2023; not found in 152/2025."),
    ],
}


def load(apps, schema_editor):
    RuleSet = apps.get_model("awards", "RuleSet")
    Rule = apps.get_model("awards", "Rule")
    for code, rows in RULES.items():
        rule_set = RuleSet.objects.filter(code=code).first()
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


def unload(apps, schema_editor):
    Rule = apps.get_model("awards", "Rule")
    for code, rows in RULES.items():
        Rule.objects.filter(rule_set__code=code, key__in=[row[0] for row in rows]).delete()


class Migration(migrations.Migration):
    dependencies = [("awards", "0012_council")]

    operations = [migrations.RunPython(load, unload)]
