"""The rewards the decisions pay (issue 10, item 2): for each title and form the head of the
department awards, the coefficient of the base salary (mức lương cơ sở) the rule set gives.

Read from the decrees' chapters on rewards as the project understood them; the articles were not
read in their original wording this time, so every value is marked "to confirm". Nghị định
152/2025 is taken to keep the coefficients of 98/2023.
"""

from django.db import migrations

ND91 = "Nghị định 91/2017/NĐ-CP"
ND98 = "Nghị định 98/2023/NĐ-CP"
ND152 = "Nghị định 152/2025/NĐ-CP"
UNIT = "× lương cơ sở"

# award code: (coefficient, Vietnamese, English)
COEFFICIENTS = {
    "LDTT": ("0.3", "Lao động tiên tiến", "Advanced worker"),
    "CSTDCS": ("1.0", "Chiến sĩ thi đua cơ sở", "Grassroots emulation fighter"),
    "TTLDTT": ("0.8", "Tập thể lao động tiên tiến", "Advanced collective"),
    "GIAY_KHEN": ("0.3", "Giấy khen (cá nhân)", "Certificate of commendation (person)"),
    "GIAY_KHEN_TT": ("0.6", "Giấy khen (tập thể)", "Certificate of commendation (collective)"),
}
ARTICLES = {
    ND91: {"LDTT": "Điều 70", "CSTDCS": "Điều 70", "TTLDTT": "Điều 71"},
    ND98: {},
    ND152: {},
}
ROUNDING = (
    "reward.round_to",
    "10000",
    "đồng",
    "Tiền thưởng sau khi nhân hệ số với mức lương cơ sở được làm tròn lên hàng chục nghìn đồng",
    "A reward, the coefficient times the base salary, is rounded up to the next ten thousand "
    "đồng",
)


def rows(document):
    found = []
    for code, (value, vi, en) in COEFFICIENTS.items():
        found.append(
            (
                f"reward.{code}",
                value,
                UNIT,
                f"Mức tiền thưởng {vi}: hệ số nhân với mức lương cơ sở",
                f"Reward for {en}: coefficient of the base salary",
                document,
                ARTICLES[document].get(code, "Điều ?"),
            )
        )
    found.append((*ROUNDING, document, "Điều ?"))
    return found


RULES = {"ND91_2017": rows(ND91), "ND98_2023": rows(ND98), "ND152_2025": rows(ND152)}
NOTE = (
    "The decree's chapter on rewards as the project read it; the article's wording was not "
    "read this time (to confirm)."
)


def load(apps, schema_editor):
    RuleSet = apps.get_model("awards", "RuleSet")
    Rule = apps.get_model("awards", "Rule")
    for code, found in RULES.items():
        rule_set = RuleSet.objects.filter(code=code).first()
        if rule_set is None:
            continue
        for key, value, unit, vi, en, document, article in found:
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
                    "status": "to_confirm",
                    "note": NOTE,
                },
            )


def unload(apps, schema_editor):
    Rule = apps.get_model("awards", "Rule")
    Rule.objects.filter(key__startswith="reward.").delete()


class Migration(migrations.Migration):
    dependencies = [("awards", "0018_decisions_certificates_submissions")]

    operations = [migrations.RunPython(load, unload)]
