"""Load the versioned rule sets and their thresholds.

A value is `confirmed` only when the article's own wording was read (on an official site or
thuvienphapluat.vn); everything else is `to_confirm` with a note. docs/rules.md lists the source
of each value.
"""

import datetime

from django.db import migrations

LAW_2003 = "Luật Thi đua, khen thưởng 2003 (sửa đổi 2005, 2013)"
ND91 = "Nghị định 91/2017/NĐ-CP"
LAW_2022 = "Luật Thi đua, khen thưởng 06/2022/QH15"
ND98 = "Nghị định 98/2023/NĐ-CP"
ND152 = "Nghị định 152/2025/NĐ-CP"

C, T = "confirmed", "to_confirm"

RULE_SETS = [
    {
        "code": "ND91_2017",
        "name": "Luật Thi đua, khen thưởng 2003/2013 và Nghị định 91/2017/NĐ-CP",
        "documents": (
            "Luật Thi đua, khen thưởng số 15/2003/QH11; Luật số 47/2005/QH11; "
            "Luật số 39/2013/QH13; Nghị định 91/2017/NĐ-CP ngày 31/07/2017"
        ),
        "effective_from": datetime.date(2017, 7, 31),
        "effective_to": datetime.date(2023, 12, 31),
    },
    {
        "code": "ND98_2023",
        "name": "Luật Thi đua, khen thưởng 2022 và Nghị định 98/2023/NĐ-CP",
        "documents": (
            "Luật Thi đua, khen thưởng số 06/2022/QH15 (hiệu lực 01/01/2024); "
            "Nghị định 98/2023/NĐ-CP ngày 31/12/2023"
        ),
        "effective_from": datetime.date(2024, 1, 1),
        "effective_to": datetime.date(2025, 6, 30),
    },
    {
        "code": "ND152_2025",
        "name": "Luật Thi đua, khen thưởng 2022 và Nghị định 152/2025/NĐ-CP",
        "documents": (
            "Luật Thi đua, khen thưởng số 06/2022/QH15; Nghị định 152/2025/NĐ-CP; "
            "Thông tư 15/2025/TT-BNV"
        ),
        "effective_from": datetime.date(2025, 7, 1),
        "effective_to": None,
    },
]

# (key, value, unit, description_vi, description_en, document, article, status, note)
ND91_RULES = [
    (
        "cstdcs.quota_percent_of_ldtt",
        "15",
        "%",
        "Số cá nhân được công nhận Chiến sĩ thi đua cơ sở không quá 15% số cá nhân đạt Lao động "
        "tiên tiến",
        "Grassroots emulation fighters are at most 15 % of the advanced workers of the batch",
        ND91,
        "Khoản 3 Điều 9",
        C,
        "Wording read as quoted on thuvienphapluat.vn; each ministry or province may set a lower "
        "rate.",
    ),
    (
        "ttldtt.min_percent_ldtt",
        "50",
        "%",
        "Có trên 50% cá nhân trong tập thể đạt danh hiệu Lao động tiên tiến",
        "More than 50 % of the members hold the advanced worker title",
        LAW_2003,
        "Điểm c Khoản 1 Điều 28",
        C,
        "Strictly more than 50 % ('trên 50%'): exactly half is not enough.",
    ),
    (
        "ttldtt.max_discipline_level",
        "1",
        "level",
        "Không có cá nhân bị kỷ luật từ hình thức cảnh cáo trở lên (mức cao nhất được phép: 1 = "
        "khiển trách)",
        "No member disciplined at warning or above (highest level allowed: 1 = reprimand)",
        LAW_2003,
        "Điểm c Khoản 1 Điều 28",
        C,
        "",
    ),
    (
        "ttldxs.min_percent_ldtt",
        "70",
        "%",
        "Có 100% cá nhân hoàn thành nhiệm vụ, trong đó ít nhất 70% đạt Lao động tiên tiến",
        "All members complete their tasks and at least 70 % hold the advanced worker title",
        LAW_2003,
        "Điều 27",
        T,
        "Read only in ministries' circulars and agency pages repeating the law; the article text "
        "itself was not read.",
    ),
    (
        "cstd_tinh.consecutive_cstdcs_years",
        "3",
        "years",
        "Ba lần liên tục đạt danh hiệu Chiến sĩ thi đua cơ sở",
        "Three consecutive grassroots emulation fighter titles",
        LAW_2003,
        "Điều 22",
        C,
        "",
    ),
    (
        "cstd_tq.consecutive_cstd_tinh_years",
        "2",
        "years",
        "Hai lần liên tục đạt danh hiệu Chiến sĩ thi đua cấp bộ, ngành, tỉnh",
        "Two consecutive provincial (ministerial) emulation fighter titles",
        LAW_2003,
        "Điều 21",
        T,
        "Read only in a university's summary of the law, not in the law's text.",
    ),
    (
        "bang_khen_tinh.consecutive_cstdcs_years",
        "2",
        "years",
        "Hai lần liên tục đạt Chiến sĩ thi đua cơ sở",
        "Two consecutive grassroots emulation fighter titles",
        ND91,
        "Điều ?",
        T,
        "Threshold and article under Nghị định 91/2017 not found; value assumed equal to the 2022 "
        "law.",
    ),
    (
        "bang_khen_tinh.consecutive_excellent_years",
        "2",
        "years",
        "Hai năm liên tục hoàn thành xuất sắc nhiệm vụ",
        "Two consecutive years rated excellent",
        ND91,
        "Điều ?",
        T,
        "Threshold and article under Nghị định 91/2017 not found; value assumed equal to the 2022 "
        "law.",
    ),
    (
        "bang_khen_ttg.consecutive_excellent_years",
        "5",
        "years",
        "Đã được tặng Bằng khen cấp bộ, ngành, tỉnh, 05 năm tiếp theo liên tục hoàn thành xuất sắc "
        "nhiệm vụ",
        "After a provincial certificate of merit, five further consecutive years rated excellent",
        ND91,
        "Điều ?",
        T,
        "The predecessor Nghị định 65/2014/NĐ-CP Điểm c Khoản 1 Điều 23 says this (with 5 "
        "initiatives); the article in Nghị định 91/2017 was not read.",
    ),
    (
        "bang_khen_ttg.initiatives",
        "5",
        "initiatives",
        "Trong thời gian đó có 05 sáng kiến được công nhận và áp dụng hiệu quả",
        "Five initiatives recognised and applied in that period",
        ND91,
        "Điều ?",
        T,
        "As above: read in Nghị định 65/2014/NĐ-CP, not in Nghị định 91/2017.",
    ),
]

# Thresholds of the 2022 law, shared by the two rule sets made under it.
LAW_2022_RULES = [
    (
        "ttldtt.min_percent_ldtt",
        "70",
        "%",
        "Có ít nhất 70% cá nhân trong tập thể đạt danh hiệu Lao động tiên tiến",
        "At least 70 % of the members hold the advanced worker title",
        LAW_2022,
        "Điều 28",
        T,
        "From DOMAIN.md's reading of the law; the article text was not read.",
    ),
    (
        "ttldtt.max_discipline_level",
        "1",
        "level",
        "Không có cá nhân bị kỷ luật từ hình thức cảnh cáo trở lên (mức cao nhất được phép: 1 = "
        "khiển trách)",
        "No member disciplined at warning or above (highest level allowed: 1 = reprimand)",
        LAW_2022,
        "Điều 28",
        T,
        "From DOMAIN.md's reading of the law; the article text was not read.",
    ),
    (
        "ttldxs.min_percent_ldtt",
        "70",
        "%",
        "Có 100% cá nhân hoàn thành nhiệm vụ, trong đó ít nhất 70% đạt Lao động tiên tiến",
        "All members complete their tasks and at least 70 % hold the advanced worker title",
        LAW_2022,
        "Điều 27",
        T,
        "From DOMAIN.md's reading of the law; the article text was not read.",
    ),
    (
        "cstd_tinh.consecutive_cstdcs_years",
        "3",
        "years",
        "03 lần liên tục được tặng danh hiệu Chiến sĩ thi đua cơ sở",
        "Three consecutive grassroots emulation fighter titles",
        LAW_2022,
        "Điều 22",
        T,
        "Read in a provincial newspaper's summary of the 2022 law, not in the law's text.",
    ),
    (
        "cstd_tq.consecutive_cstd_tinh_years",
        "2",
        "years",
        "02 lần liên tục được tặng danh hiệu Chiến sĩ thi đua Bộ, ban, ngành, tỉnh",
        "Two consecutive provincial (ministerial) emulation fighter titles",
        LAW_2022,
        "Điều 21",
        T,
        "Read in news summaries of the 2022 law (lawnet.vn, baoyenbai.com.vn), not in its text.",
    ),
    (
        "bang_khen_tinh.consecutive_cstdcs_years",
        "2",
        "years",
        "Có 02 lần liên tục được tặng danh hiệu Chiến sĩ thi đua cơ sở",
        "Two consecutive grassroots emulation fighter titles",
        LAW_2022,
        "Điểm d Khoản 1 Điều 74",
        C,
        "",
    ),
    (
        "bang_khen_tinh.consecutive_excellent_years",
        "2",
        "years",
        "Liên tục từ 02 năm trở lên được công nhận hoàn thành xuất sắc nhiệm vụ",
        "Two or more consecutive years rated excellent",
        LAW_2022,
        "Điểm d Khoản 1 Điều 74",
        C,
        "Goes with two initiatives (or two research topics) applied at grassroots level.",
    ),
    (
        "bang_khen_tinh.initiatives",
        "2",
        "initiatives",
        "Trong thời gian đó có 02 sáng kiến được công nhận và áp dụng có hiệu quả trong phạm vi cơ "
        "sở",
        "Two initiatives recognised and applied at grassroots level in that period",
        LAW_2022,
        "Điểm d Khoản 1 Điều 74",
        C,
        "",
    ),
    (
        "bang_khen_ttg.consecutive_good_years",
        "5",
        "years",
        "Đã được tặng Bằng khen cấp bộ, tỉnh và 05 năm liên tục hoàn thành tốt nhiệm vụ trở lên",
        "Holds a provincial certificate of merit and five consecutive years rated good or better",
        LAW_2022,
        "Điều 73",
        T,
        "From DOMAIN.md's reading of the law; the article text was not read.",
    ),
    (
        "bang_khen_ttg.cstdcs_times",
        "3",
        "times",
        "Trong thời gian đó có 03 lần được tặng danh hiệu Chiến sĩ thi đua cơ sở",
        "Three grassroots emulation fighter titles in that period",
        LAW_2022,
        "Điều 73",
        T,
        "From DOMAIN.md's reading of the law; the article text was not read.",
    ),
]


def council_rules(document, article, note):
    return [
        (
            "council.vote_percent_cstdcs",
            "80",
            "%",
            "Tỷ lệ phiếu đồng ý từ 80% trở lên trên tổng số thành viên Hội đồng (Chiến sĩ thi đua "
            "cơ sở)",
            "At least 80 % of all council members vote for a grassroots emulation fighter",
            document,
            article,
            T,
            note,
        ),
        (
            "council.vote_percent_cstd_tinh",
            "90",
            "%",
            "Tỷ lệ phiếu đồng ý từ 90% trở lên trên tổng số thành viên Hội đồng (Chiến sĩ thi đua "
            "cấp tỉnh, toàn quốc)",
            "At least 90 % of all council members vote for a provincial or national emulation "
            "fighter",
            document,
            article,
            T,
            note,
        ),
        (
            "council.quorum_fraction",
            "66.67",
            "%",
            "Cuộc họp Hội đồng có ít nhất 2/3 tổng số thành viên tham dự",
            "At least two thirds of the council members attend the meeting",
            document,
            "Điều ?",
            T,
            "Two thirds is the usual quorum; no article found.",
        ),
    ]


RULES = {
    "ND91_2017": ND91_RULES,
    "ND98_2023": LAW_2022_RULES
    + council_rules(
        ND98, "Điều 30", "From DOMAIN.md's reading of the decree; the decree text was not read."
    ),
    "ND152_2025": LAW_2022_RULES
    + council_rules(
        ND152, "Điều ?", "Carried over from Nghị định 98/2023; not found in Nghị định 152/2025."
    ),
}


def load_rule_sets(apps, schema_editor):
    RuleSet = apps.get_model("awards", "RuleSet")
    Rule = apps.get_model("awards", "Rule")
    for data in RULE_SETS:
        fields = {key: value for key, value in data.items() if key != "code"}
        rule_set, _ = RuleSet.objects.update_or_create(code=data["code"], defaults=fields)
        for key, value, unit, vi, en, document, article, status, note in RULES[data["code"]]:
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


def unload_rule_sets(apps, schema_editor):
    codes = [data["code"] for data in RULE_SETS]
    apps.get_model("awards", "RuleSet").objects.filter(code__in=codes).delete()


class Migration(migrations.Migration):
    dependencies = [("awards", "0002_catalogue")]

    operations = [migrations.RunPython(load_rule_sets, unload_rule_sets)]
