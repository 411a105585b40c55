"""More thresholds of the rule sets: working time, pending reviews, collective ratings, and the
certificates of merit; and better sources for some rows of 0003.

A value is `confirmed` only when the article's own wording was read in a primary text (an
official site or thuvienphapluat.vn) through the search tool; the note says where. Everything
else is `to_confirm` with a note saying what was read instead. docs/rules.md lists them all.
"""

import importlib

from django.db import migrations

LAW_2003 = "Luật Thi đua, khen thưởng 2003 (sửa đổi 2005, 2013)"
ND91 = "Nghị định 91/2017/NĐ-CP"
TT12_2019 = "Thông tư 12/2019/TT-BNV"
LAW_2022 = "Luật Thi đua, khen thưởng 06/2022/QH15"
ND98 = "Nghị định 98/2023/NĐ-CP"
TT01_2024 = "Thông tư 01/2024/TT-BNV"
ND152 = "Nghị định 152/2025/NĐ-CP"

C, T = "confirmed", "to_confirm"

# Rating levels as rule values (see awards.eligibility.engine.LEVEL_RANK).
GOOD, EXCELLENT = "2", "3"
LEVEL_UNIT = "level (2 = good, 3 = excellent)"

# (key, value, unit, description_vi, description_en, document, article, status, note)
ND91_RULES = [
    (
        "ldtt.min_months_worked",
        "10",
        "months",
        "Không xét tặng danh hiệu Lao động tiên tiến đối với cá nhân mới tuyển dụng dưới 10 tháng",
        "No advanced worker title for a person recruited less than 10 months before the review",
        ND91,
        "Điều 10",
        C,
        "Read as quoted from Điều 10 at https://thuvienphapluat.vn/hoi-dap-phap-luat/"
        "4F449-hd-bi-cat-hop-dong-co-duoc-xet-danh-hieu-chien-si-thi-dua-co-so.html. Nghị định "
        "91/2017 dropped the 40-working-day absence limit of Nghị định 65/2014 (Khoản 6 Điều 5), "
        "so this rule set has no absence limit (same page: the law sets no limit on "
        "interruptions; nld.com.vn, 08/08/2017).",
    ),
    (
        "ldtt.maternity_leave_counted",
        "1",
        "yes/no",
        "Thời gian nghỉ thai sản theo quy định được tính để bình xét tặng danh hiệu Lao động "
        "tiên tiến",
        "Maternity leave counts as working time for the advanced worker title",
        ND91,
        "Khoản 4 Điều 10",
        T,
        "The clause is quoted word for word on hoatieu.vn and luatminhgia.com.vn, not read on "
        "an official site or thuvienphapluat.vn.",
    ),
    (
        "pending_review.blocks_award",
        "1",
        "yes/no",
        "Chưa khen thưởng hoặc đề nghị cấp trên khen thưởng cá nhân đang trong thời gian cơ quan "
        "có thẩm quyền xem xét thi hành kỷ luật hoặc đang điều tra, thanh tra, kiểm tra khi có "
        "dấu hiệu vi phạm hoặc có đơn thư khiếu nại, tố cáo đang được xác minh làm rõ",
        "No award while a discipline is considered, an investigation or inspection runs, or a "
        "complaint or denunciation is being verified",
        TT12_2019,
        "Điều ?",
        T,
        "The principle was reported for Thông tư 08/2017/TT-BNV (baomoi.com, 2017), which "
        "Thông tư 12/2019/TT-BNV (from 01/01/2020) replaced; the article was not read.",
    ),
    (
        "ttldtt.min_unit_rating",
        GOOD,
        LEVEL_UNIT,
        "Tập thể hoàn thành tốt nhiệm vụ và kế hoạch được giao",
        "The collective completes its tasks and plan well (rated good or better)",
        LAW_2003,
        "Điểm a Khoản 1 Điều 28",
        C,
        "Article text read at http://thiduakhenthuong.langson.gov.vn/en/hinhthucs/"
        "tap-lao-dong-tien-tien.",
    ),
    (
        "ttldxs.min_unit_rating",
        EXCELLENT,
        LEVEL_UNIT,
        "Tập thể sáng tạo, vượt khó hoàn thành xuất sắc nhiệm vụ",
        "The collective completes its tasks excellently (rated excellent)",
        LAW_2003,
        "Điều 27",
        T,
        "Read only in an enterprise's guide repeating the law's criteria, not in the article.",
    ),
    (
        "bang_khen_tinh.initiatives",
        "2",
        "initiatives",
        "Trong thời gian đó có 02 sáng kiến được công nhận và áp dụng hiệu quả trong phạm vi cơ sở",
        "Two initiatives recognised and applied at grassroots level in that period",
        ND91,
        "Điều 39",
        T,
        "Not read; assumed equal to the 2022 law (Điểm d Khoản 1 Điều 74), as the two-year "
        "excellent rule of this rule set is.",
    ),
    (
        "bang_khen_tinh_tt.consecutive_excellent_years",
        "2",
        "years",
        "Tập thể có 02 năm liên tục hoàn thành xuất sắc nhiệm vụ (hoặc đạt Tập thể lao động "
        "xuất sắc)",
        "Two consecutive years rated excellent (or Excellent labour collective)",
        ND91,
        "Điều 39",
        T,
        "Not read. Nghị định 91/2017 Điều 38 is the Prime Minister's certificate (lawnet.vn), "
        "so Điều 39 is most likely the provincial one; ministries' circulars of the period use "
        "'02 năm liên tục hoàn thành xuất sắc nhiệm vụ' for collectives.",
    ),
    (
        "bang_khen_tinh_tt.max_discipline_level",
        "1",
        "level",
        "Không có cá nhân bị kỷ luật từ hình thức cảnh cáo trở lên (mức cao nhất được phép: 1 = "
        "khiển trách)",
        "No member disciplined at warning or above (highest level allowed: 1 = reprimand)",
        ND91,
        "Điều 39",
        T,
        "Taken from the issue's reading; no article was read.",
    ),
]


def law_2022_rules(circular_months_note, maternity, pending):
    """Return the new rules of a rule set under the 2022 law."""
    return [
        (
            "ldtt.min_months_worked",
            "6",
            "months",
            "Không xét tặng danh hiệu Lao động tiên tiến đối với các cá nhân mới tuyển dụng dưới "
            "06 tháng",
            "No advanced worker title for a person recruited less than 6 months before the review",
            TT01_2024,
            "Điểm d Khoản 5 Điều 1",
            T,
            circular_months_note,
        ),
        maternity,
        pending,
        (
            "ttldtt.min_unit_rating",
            GOOD,
            LEVEL_UNIT,
            "Tập thể hoàn thành tốt nhiệm vụ và kế hoạch được giao",
            "The collective completes its tasks and plan well (rated good or better)",
            LAW_2022,
            "Điều 28",
            T,
            "From DOMAIN.md's reading of the law; the article text was not read.",
        ),
        (
            "ttldxs.min_unit_rating",
            EXCELLENT,
            LEVEL_UNIT,
            "Tập thể hoàn thành xuất sắc nhiệm vụ",
            "The collective completes its tasks excellently (rated excellent)",
            LAW_2022,
            "Điều 27",
            T,
            "From DOMAIN.md's reading of the law; the article text was not read.",
        ),
        (
            "bang_khen_tinh_tt.consecutive_excellent_years",
            "2",
            "years",
            "Tập thể có 02 năm liên tục hoàn thành xuất sắc nhiệm vụ hoặc đạt Tập thể lao động "
            "xuất sắc",
            "Two consecutive years rated excellent or Excellent labour collective",
            LAW_2022,
            "Khoản 2 Điều 74",
            T,
            "From DOMAIN.md's reading of the law; the clause text was not read.",
        ),
        (
            "bang_khen_tinh_tt.max_discipline_level",
            "1",
            "level",
            "Không có cá nhân bị kỷ luật từ hình thức cảnh cáo trở lên (mức cao nhất được phép: 1 "
            "= khiển trách)",
            "No member disciplined at warning or above (highest level allowed: 1 = reprimand)",
            LAW_2022,
            "Điều 74",
            T,
            "Taken from the issue's reading; no article was read.",
        ),
    ]


MATERNITY_VI = (
    "Thời gian nghỉ thai sản theo quy định được tính để bình xét tặng danh hiệu Lao động tiên tiến"
)
MATERNITY_EN = "Maternity leave counts as working time for the advanced worker title"
PENDING_VI = (
    "Chưa khen thưởng hoặc đề nghị cấp trên khen thưởng cá nhân, tập thể trong thời gian cơ quan "
    "có thẩm quyền đang xem xét thi hành kỷ luật hoặc điều tra, thanh tra, kiểm tra khi có dấu "
    "hiệu vi phạm hoặc có đơn thư khiếu nại, tố cáo đang được xác minh làm rõ"
)
PENDING_EN = (
    "No award while a discipline is considered, an investigation or inspection runs, or a "
    "complaint or denunciation is being verified"
)

ND98_RULES = law_2022_rules(
    "Reported by the Ministry of Home Affairs' answer quoted on news.laodong.vn (điểm d khoản 5 "
    "Điều 1 Thông tư 01/2024/TT-BNV) and by phapluatvacuocsong.vn and laodongthudo.vn; the "
    "circular's text was not read. No absence limit was found for this rule set.",
    (
        "ldtt.maternity_leave_counted",
        "1",
        "yes/no",
        MATERNITY_VI,
        MATERNITY_EN,
        TT01_2024,
        "Khoản 5 Điều 1",
        T,
        "Assumed carried over from Khoản 4 Điều 10 Nghị định 91/2017; the circular's list of "
        "special cases was read only in part (phapluatvacuocsong.vn).",
    ),
    (
        "pending_review.blocks_award",
        "1",
        "yes/no",
        PENDING_VI,
        PENDING_EN,
        ND98,
        "Điều 4",
        T,
        "The Government's summary of the decree's new points on bqllang.gov.vn places this "
        "principle in Điều 4; the clause and its wording were not read.",
    ),
)

ND152_RULES = law_2022_rules(
    "Carried over from Thông tư 01/2024/TT-BNV (see ND98_2023); Thông tư 15/2025/TT-BNV was not "
    "read.",
    (
        "ldtt.maternity_leave_counted",
        "1",
        "yes/no",
        MATERNITY_VI,
        MATERNITY_EN,
        ND152,
        "Điều 4",
        T,
        "DOMAIN.md reads Nghị định 152/2025 Điều 4 as counting maternity leave; the article "
        "was not read (news.laodong.vn confirms Điều 4 sets the principles and that the decree "
        "is in force from 01/07/2025).",
    ),
    (
        "pending_review.blocks_award",
        "1",
        "yes/no",
        PENDING_VI,
        PENDING_EN,
        ND152,
        "Điều 4",
        T,
        "DOMAIN.md reads Nghị định 152/2025 Điều 4 as blocking pending discipline; the article "
        "was not read.",
    ),
)

RULES = {"ND91_2017": ND91_RULES, "ND98_2023": ND98_RULES, "ND152_2025": ND152_RULES}

# Rows of 0003 given a better source: (rule set, key) -> fields to set. Reverting restores the
# values of 0003.
UPDATES = {
    ("ND91_2017", "bang_khen_tinh.consecutive_cstdcs_years"): {
        "article": "Điều 39",
        "note": "Not read. Nghị định 91/2017 Điều 38 is the Prime Minister's certificate "
        "(lawnet.vn), so Điều 39 is most likely the provincial one. This path (two consecutive "
        "CSTĐCS) may not exist before the 2022 law: value assumed equal to the 2022 law.",
    },
    ("ND91_2017", "bang_khen_tinh.consecutive_excellent_years"): {
        "article": "Điều 39",
        "note": "Not read. Nghị định 91/2017 Điều 38 is the Prime Minister's certificate "
        "(lawnet.vn), so Điều 39 is most likely the provincial one; value assumed equal to the "
        "2022 law (two years excellent with two initiatives).",
    },
    ("ND91_2017", "bang_khen_ttg.consecutive_excellent_years"): {
        "article": "Điểm c Khoản 1 Điều 38",
        "note": "Read in an English translation of Khoản 1 Điều 38 on lawnet.vn (a "
        "thuvienphapluat.vn site): 'awarded certificates ... at the provincial level and have "
        "continuously and excellently fulfilled their duties for at least 5 subsequent years, "
        "during which they have had 5 recognized ... initiatives'; the Vietnamese wording was "
        "not read. Nghị định 65/2014 Điểm c Khoản 1 Điều 23 said the same.",
    },
    ("ND91_2017", "bang_khen_ttg.initiatives"): {
        "article": "Điểm c Khoản 1 Điều 38",
        "note": "As bang_khen_ttg.consecutive_excellent_years (lawnet.vn English translation).",
    },
}
for code in ("ND98_2023", "ND152_2025"):
    UPDATES[(code, "bang_khen_ttg.consecutive_good_years")] = {
        "article": "Điểm b Khoản 1 Điều 73",
        "note": "Read in the Ministry of Home Affairs' answer as reported by news.laodong.vn: "
        "'Đã được tặng Bằng khen của Bộ, ban, ngành, tỉnh và 05 năm trở lên liên tục tính đến "
        "thời điểm đề nghị được công nhận hoàn thành tốt nhiệm vụ trở lên, trong thời gian đó "
        "có 03 lần được tặng danh hiệu Chiến sĩ thi đua cơ sở' (in English); the law's text was "
        "not read.",
    }
    UPDATES[(code, "bang_khen_ttg.cstdcs_times")] = {
        "article": "Điểm b Khoản 1 Điều 73",
        "note": "As bang_khen_ttg.consecutive_good_years (news.laodong.vn report of the "
        "Ministry of Home Affairs' answer).",
    }


def load_more_rules(apps, schema_editor):
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
    for (code, key), fields in UPDATES.items():
        Rule.objects.filter(rule_set__code=code, key=key).update(**fields)


def unload_more_rules(apps, schema_editor):
    Rule = apps.get_model("awards", "Rule")
    for code, rows in RULES.items():
        Rule.objects.filter(rule_set__code=code, key__in=[row[0] for row in rows]).delete()
    original = importlib.import_module("awards.migrations.0003_rule_sets").RULES
    for code, key in UPDATES:
        row = next(row for row in original[code] if row[0] == key)
        article, note = row[6], row[8]
        Rule.objects.filter(rule_set__code=code, key=key).update(article=article, note=note)


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0004_history_initiatives"),
    ]

    operations = [migrations.RunPython(load_more_rules, unload_more_rules)]
