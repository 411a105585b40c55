"""Thresholds of the Prime Minister's certificate of merit for a collective, and better sources for
the national emulation fighter rows of 0003.

A value is `confirmed` only when the article's own wording was read in a primary text (an
official site or thuvienphapluat.vn) through the search tool; the note says where. Everything
else is `to_confirm` with a note saying what was read instead. docs/rules.md lists them all.
"""

import importlib

from django.db import migrations

ND91 = "Nghị định 91/2017/NĐ-CP"
LAW_2022 = "Luật Thi đua, khen thưởng 06/2022/QH15"

T = "to_confirm"

ND65_QUOTE = (
    "The predecessor Nghị định 65/2014/NĐ-CP (Điều 23, as cited by Báo Người cao tuổi, "
    "08/02/2017, http://hoinguoicaotuoi.vn/c/tieu-chuan-de-duoc-tang-bang-khen-cua-thu-tuong-"
    "chinh-phu-4015.htm) read: 'Đã được tặng bằng khen cấp bộ, ngành, tỉnh, đoàn thể Trung ương, "
    "5 năm tiếp theo liên tục hoàn thành xuất sắc nhiệm vụ, trong thời gian có 1 lần được tặng "
    "cờ thi đua cấp bộ, ngành, tỉnh, đoàn thể Trung ương'."
)
ND91_NOT_READ = (
    "Khoản 2 Điều 38 of Nghị định 91/2017 was not read: lawnet.vn's English page on Điều 38 "
    "(https://lawnet.vn/ngan-hang-phap-luat/en/tu-van-phap-luat/bo-may-hanh-chinh/what-are-the-"
    "criteria-for-an-individual-to-be-awarded-a-certificate-of-commendation-from-the-prime-"
    "minister-in-vietnam-402376) quotes Khoản 1 (individuals) and goes on to the collective's "
    "criteria, which the stored copy cuts off. "
)
LAW_2022_NOT_READ = (
    "Khoản 2 Điều 73 was not read. The shape follows Điểm b Khoản 1 Điều 73 for individuals "
    "('05 năm trở lên liên tục tính đến thời điểm đề nghị', the Ministry of Home Affairs' answer "
    "reported by https://news.laodong.vn/thoi-su/dieu-kien-de-cong-chuc-cap-tinh-nhan-bang-khen-"
    "cua-thu-tuong-1453321.ldo) and DOMAIN.md's reading of the collective's criteria."
)
DISCIPLINE_VI = (
    "Không có cá nhân bị kỷ luật từ hình thức cảnh cáo trở lên trong năm xét (mức cao nhất được "
    "phép: 1 = khiển trách)"
)
DISCIPLINE_EN = (
    "No member disciplined at warning or above in the year judged (highest level allowed: 1 = "
    "reprimand)"
)
DISCIPLINE_NOTE = (
    "Not found in the texts read: applied as for the provincial certificate of a collective "
    "(bang_khen_tinh_tt.max_discipline_level), as the issue asks."
)

# (key, value, unit, description_vi, description_en, document, article, status, note)
ND91_RULES = [
    (
        "bang_khen_ttg_tt.consecutive_excellent_years",
        "5",
        "years",
        "Đã được tặng Bằng khen cấp bộ, ban, ngành, tỉnh, 05 năm tiếp theo liên tục hoàn thành "
        "xuất sắc nhiệm vụ (một năm đạt Tập thể lao động xuất sắc được tính)",
        "After a provincial certificate of merit, five further consecutive years rated excellent "
        "(a year as Excellent labour collective counts)",
        ND91,
        "Khoản 2 Điều 38",
        T,
        ND91_NOT_READ + ND65_QUOTE,
    ),
    (
        "bang_khen_ttg_tt.years_after_certificate",
        "1",
        "yes/no",
        "Các năm hoàn thành xuất sắc nhiệm vụ là những năm tiếp theo sau Bằng khen cấp bộ, ban, "
        "ngành, tỉnh ('05 năm tiếp theo')",
        "The excellent years are the years that follow the provincial certificate ('05 năm tiếp "
        "theo')",
        ND91,
        "Khoản 2 Điều 38",
        T,
        ND91_NOT_READ + "'Tiếp theo' is the wording of Nghị định 65/2014 (above) and of "
        "Điểm c Khoản 1 Điều 38 for individuals (lawnet.vn: 'for at least 5 subsequent years').",
    ),
    (
        "bang_khen_ttg_tt.co_tinh_times",
        "1",
        "times",
        "Trong thời gian đó có 01 lần được tặng Cờ thi đua cấp bộ, ban, ngành, tỉnh",
        "One provincial emulation flag in that period (or two Excellent labour collective titles)",
        ND91,
        "Khoản 2 Điều 38",
        T,
        ND91_NOT_READ + ND65_QUOTE,
    ),
    (
        "bang_khen_ttg_tt.ttldxs_times",
        "2",
        "times",
        "Hoặc trong thời gian đó có 02 lần được tặng danh hiệu Tập thể lao động xuất sắc",
        "Or two Excellent labour collective titles in that period (instead of the flag)",
        ND91,
        "Khoản 2 Điều 38",
        T,
        ND91_NOT_READ + "Nghị định 65/2014 asked the flag only; this alternative follows the "
        "issue's reading of Nghị định 91/2017, not read.",
    ),
    (
        "bang_khen_ttg_tt.max_discipline_level",
        "1",
        "level",
        DISCIPLINE_VI,
        DISCIPLINE_EN,
        ND91,
        "Khoản 2 Điều 38",
        T,
        DISCIPLINE_NOTE,
    ),
]

LAW_2022_RULES = [
    (
        "bang_khen_ttg_tt.consecutive_excellent_years",
        "5",
        "years",
        "Đã được tặng Bằng khen cấp bộ, ban, ngành, tỉnh và 05 năm trở lên liên tục tính đến thời "
        "điểm đề nghị được công nhận hoàn thành xuất sắc nhiệm vụ (một năm đạt Tập thể lao động "
        "xuất sắc được tính)",
        "Holds a provincial certificate of merit and five or more consecutive years up to the "
        "proposal rated excellent (a year as Excellent labour collective counts)",
        LAW_2022,
        "Khoản 2 Điều 73",
        T,
        LAW_2022_NOT_READ,
    ),
    (
        "bang_khen_ttg_tt.years_after_certificate",
        "0",
        "yes/no",
        "Các năm hoàn thành xuất sắc nhiệm vụ tính đến thời điểm đề nghị; Bằng khen cấp bộ, ban, "
        "ngành, tỉnh có trước năm xét",
        "The excellent years run up to the proposal; the provincial certificate is of a year "
        "before the year judged",
        LAW_2022,
        "Khoản 2 Điều 73",
        T,
        LAW_2022_NOT_READ + " A certificate of the year judged itself is not counted: by the "
        "law's principles one achievement is not rewarded twice.",
    ),
    (
        "bang_khen_ttg_tt.co_tinh_times",
        "1",
        "times",
        "Trong thời gian đó có 01 lần được tặng Cờ thi đua của bộ, ban, ngành, tỉnh",
        "One provincial emulation flag in that period (or two Excellent labour collective titles)",
        LAW_2022,
        "Khoản 2 Điều 73",
        T,
        LAW_2022_NOT_READ,
    ),
    (
        "bang_khen_ttg_tt.ttldxs_times",
        "2",
        "times",
        "Hoặc trong thời gian đó có 02 lần được tặng danh hiệu Tập thể lao động xuất sắc",
        "Or two Excellent labour collective titles in that period (instead of the flag)",
        LAW_2022,
        "Khoản 2 Điều 73",
        T,
        LAW_2022_NOT_READ,
    ),
    (
        "bang_khen_ttg_tt.max_discipline_level",
        "1",
        "level",
        DISCIPLINE_VI,
        DISCIPLINE_EN,
        LAW_2022,
        "Khoản 2 Điều 73",
        T,
        DISCIPLINE_NOTE,
    ),
]

RULES = {"ND91_2017": ND91_RULES, "ND98_2023": LAW_2022_RULES, "ND152_2025": LAW_2022_RULES}

CONSECUTIVE_READING = (
    "'Consecutive' provincial titles: the second covers the three CSTĐCS years right after the "
    "first, and the national title is proposed the year after the decision on the second — "
    "Nghị định 91/2017 Điểm a Khoản 1 Điều 48 as quoted by the Central Emulation and "
    "Commendation Board, answering a question that calls titles for 2006–2008 and 2009–2011 "
    "two consecutive ones "
    "(http://banthiduakhenthuongtw.gov.vn/traloi/ce4b56cee884403a8881b5aae664941b); Thông tư "
    "07/2014/TT-BNV Khoản 3 Điều 4 gave the same timing, with a second consecutive provincial "
    "title after six consecutive CSTĐCS years "
    "(https://nganhangphapluat.lawnet.vn/tu-van-phap-luat/bo-may-hanh-chinh/xet-trinh-danh-hieu-"
    "%E2%80%9Cchien-si-thi-dua-toan-quoc%E2%80%9D-17002)."
)

# Rows of 0003 given a better source: (rule set, key) -> fields to set. Reverting restores the
# values of 0003.
UPDATES = {
    ("ND91_2017", "cstd_tq.consecutive_cstd_tinh_years"): {
        "note": "The law's text was not read. Nghị định 42/2010/NĐ-CP Khoản 1 Điều 15, quoted on "
        "https://baoninhthuan.com.vn/news/47405p155c159/giai-dap-phap-luat-ve-thi-dua-khen-"
        "thuong.htm, asked '2 lần liên tục đạt danh hiệu Chiến sĩ thi đua cấp bộ, ngành, tỉnh, "
        "đoàn thể Trung ương' and an achievement, initiative or research with nationwide effect. "
        + CONSECUTIVE_READING,
    },
}
for code in ("ND98_2023", "ND152_2025"):
    UPDATES[(code, "cstd_tq.consecutive_cstd_tinh_years")] = {
        "note": "Read in news summaries of the 2022 law, not in its text: "
        "https://baoyenbai.com.vn/13/342479/Tieu-chuan-danh-hieu-Chien-si-thi-dua-co-so-Lao-"
        "dong-tien-tien-Chien-si-tien-tien.aspx ('02 lần liên tục được tặng danh hiệu chiến sĩ "
        "thi đua Bộ, ban, ngành, tỉnh' and an initiative, topic or scientific work with "
        "nationwide effect recognised by the head of the ministry or province) and lawnet.vn. "
        "'Consecutive' is read as under the 2003 law: " + CONSECUTIVE_READING,
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
        Rule.objects.filter(rule_set__code=code, key=key).update(note=row[8])


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0006_registrations"),
    ]

    operations = [migrations.RunPython(load_more_rules, unload_more_rules)]
