"""Rules for the engine fixes found by reading the law (issue 9, item 7): registration as a basis
of the titles under the 2003 law, the TTLĐXS discipline criterion of the 2003 law only, short
training courses as working time; and the notes of the working-time and Prime Minister's
certificate rules say how the engine now reads them.

A value is `confirmed` only when the article's own wording was read in a primary text (an
official site or thuvienphapluat.vn) through the search tool; the note says where. Everything
else is `to_confirm` with a note saying what was read instead. docs/rules.md lists them all.
"""

import importlib

from django.db import migrations

LAW_2003 = "Luật Thi đua, khen thưởng 2003 (sửa đổi 2005, 2013)"
ND91 = "Nghị định 91/2017/NĐ-CP"
LAW_2022 = "Luật Thi đua, khen thưởng 06/2022/QH15"
TT01_2024 = "Thông tư 01/2024/TT-BNV"

C = "confirmed"
T = "to_confirm"

REGISTRATION_2003 = (
    "title.registration_required",
    "1",
    "yes/no",
    "Căn cứ xét tặng danh hiệu thi đua gồm đăng ký tham gia thi đua: danh hiệu thi đua chỉ xét "
    "cho cá nhân, tập thể đã đăng ký thi đua trong năm (không áp dụng cho hình thức khen "
    "thưởng)",
    "Registration to take part in the emulation is a basis of every emulation title: a title is "
    "considered only for a person or collective registered for the year (not for forms of "
    "commendation)",
    LAW_2003,
    "Điểm b Khoản 1 Điều 10",
    C,
    "Read: the 2003 law as amended by Luật 39/2013/QH13, Điểm b Khoản 1 Điều 10, lists 'Đăng ký "
    "tham gia thi đua' among the bases for an emulation title (a) phong trào thi đua, b) đăng "
    "ký tham gia thi đua, c) thành tích thi đua, d) tiêu chuẩn danh hiệu thi đua), quoted on "
    "tapchitoaan.vn, 'Quy định mới nhất về đăng ký thi đua' (shared/LAW.md). Any title "
    "registered for the year counts: taking part is what the law asks.",
)
REGISTRATION_2022 = (
    "title.registration_required",
    "0",
    "yes/no",
    "Luật 2022 không còn quy định đăng ký tham gia thi đua là căn cứ xét tặng danh hiệu thi đua",
    "The 2022 law no longer makes registration a basis of the emulation titles",
    LAW_2022,
    "Điều 7",
    C,
    "Read: Điều 7 of the 2022 law lists as bases only the movement, the achievement and the "
    "title's criteria; thuvienphapluat.vn, 'Không còn căn cứ vào việc đăng ký tham gia thi đua "
    "… từ ngày 01/01/2024' (shared/LAW.md). Registration stays a practice of the agencies, not "
    "a criterion.",
)
TTLDXS_DISCIPLINE = (
    "ttldxs.max_discipline_level",
    "1",
    "level",
    "Không có cá nhân trong tập thể bị kỷ luật từ hình thức cảnh cáo trở lên (mức cao nhất được "
    "phép: 1 = khiển trách)",
    "No member disciplined at warning or above (highest level allowed: 1 = reprimand)",
    LAW_2003,
    "Điều 27",
    T,
    "Only guides repeating the 2003 law were read ('Có cá nhân đạt danh hiệu Chiến sĩ thi đua "
    "cơ sở và không có cá nhân bị kỷ luật từ hình thức cảnh cáo trở lên': "
    "http://222.255.252.36/Default.aspx?Mod=ViewCategory&CateID=294, "
    "https://thukyluat.vn/news/diem-tin-van-ban/tieu-chuan-danh-hieu-tap-the-lao-dong-xuat-sac-"
    "trong-nganh-xd-61690.html). The 2022 law's Khoản 1 Điều 27 (read: "
    "https://stp.thuathienhue.gov.vn/?gd=12&cn=28&tc=9123) has no discipline criterion, so "
    "the rule sets of the 2022 law have no such rule.",
)
TRAINING_VI = (
    "Thời gian được cử tham gia đào tạo, bồi dưỡng ngắn hạn dưới 01 năm (chấp hành tốt quy định "
    "của cơ sở đào tạo, bồi dưỡng) được tính vào thời gian công tác để bình xét danh hiệu Lao "
    "động tiên tiến"
)
TRAINING_EN = (
    "A short training course (less than a year) the person was sent on counts as working time "
    "for the advanced worker title"
)
TRAINING_2003 = (
    "ldtt.training_counted",
    "1",
    "yes/no",
    TRAINING_VI,
    TRAINING_EN,
    ND91,
    "Điều ?",
    T,
    "Not read in Nghị định 91/2017. The rule is older: Thông tư 02/2011/TT-BNV Điểm a Khoản 2 "
    "Mục I, as the Central Emulation and Commendation Board answered ('Cá nhân đi học bồi dưỡng "
    "ngắn hạn dưới 1 năm, nếu đạt kết quả từ loại khá trở lên, chấp hành tốt quy định của cơ sở "
    "đào tạo, bồi dưỡng thì kết hợp với thời gian công tác tại cơ quan, đơn vị để bình xét "
    "danh hiệu Lao động tiên tiến': "
    "http://banthiduakhenthuongtw.gov.vn/traloi/5a82a969b05143a4a786f76b0adfbdda), and a "
    "province's 2015 regulation under Nghị định 65/2014 has the wording of Thông tư "
    "01/2024/TT-BNV (https://baoninhthuan.com.vn/news/88647p155c159/giai-dap-phap-luat-ve-thi-"
    "dua-khen-thuong.htm). Assumed in force under Nghị định 91/2017 too; the article is "
    "unknown.",
)
TRAINING_2024 = (
    "ldtt.training_counted",
    "1",
    "yes/no",
    TRAINING_VI,
    TRAINING_EN,
    TT01_2024,
    "Khoản 5 Điều 1",
    T,
    "Read in a provincial portal's summary of the circular and a newspaper, not in the "
    "circular's text: 'Cá nhân được cử tham gia đào tạo, bồi dưỡng ngắn hạn dưới 01 năm, chấp "
    "hành tốt quy định của cơ sở đào tạo, bồi dưỡng thì thời gian học tập được tính vào thời "
    "gian công tác tại cơ quan, tổ chức, đơn vị để được bình xét danh hiệu Lao động tiên tiến' "
    "(https://bacninh.gov.vn/news/-/details/20182/thong-tu-1-2024-tt-bnv-cua-bo-noi-vu-quy-inh-"
    "bien-phap-thi-hanh-luat-thi-ua-khen-thuong-62283616; https://phapluatvacuocsong.vn/khong-"
    "xet-tang-danh-hieu-lao-dong-tien-tien-doi-voi-cac-ca-nhan-moi-tuyen-dung-duoi-06-thang-"
    "a74072.html).",
)
TRAINING_2025 = TRAINING_2024[:8] + (
    TRAINING_2024[8] + " Carried over for Nghị định 152/2025: Thông tư 15/2025/TT-BNV was not "
    "read.",
)

# (key, value, unit, description_vi, description_en, document, article, status, note)
RULES = {
    "ND91_2017": [REGISTRATION_2003, TTLDXS_DISCIPLINE, TRAINING_2003],
    "ND98_2023": [REGISTRATION_2022, TRAINING_2024],
    "ND152_2025": [REGISTRATION_2022, TRAINING_2025],
}

# Sentences added to the notes of rules whose reading changed; unloading restores the notes that
# 0005_more_rules set.
WORKING_TIME_READING = (
    " Reading (issue 9): the limit applies to people newly recruited (in the year judged); "
    "leave or absence of a person in service before the year does not reduce a working time "
    "the law does not ask of them ('Luật không quy định về thời gian bị gián đoạn mà chỉ quy "
    "định về thời gian tuyển dụng đối với người lao động mới', https://thuvienphapluat.vn/hoi-"
    "dap-phap-luat/4F449-hd-bi-cat-hop-dong-co-duoc-xet-danh-hieu-chien-si-thi-dua-co-so.html)."
)
CERTIFICATE_READING = (
    " Reading (issue 9): the consecutive years run from the year of the provincial certificate "
    "(at the earliest) up to the year proposed, at least 5 of them, with the 3 CSTĐCS anywhere in "
    "them ('trong thời gian đó'); not a fixed window of the last 5 years. The Ministry of Home "
    "Affairs' example (news.laodong.vn, tieu-chuan-de-giao-vien-nhan-bang-khen-cua-thu-tuong-"
    "1400546): certificate 2017; 2017–2024 good or better; CSTĐCS 2018-2019, 2020-2021, "
    "2023-2024 → eligible in 2024."
)
NOTE_READINGS = {
    ("ND91_2017", "ldtt.min_months_worked"): WORKING_TIME_READING,
    ("ND98_2023", "ldtt.min_months_worked"): WORKING_TIME_READING,
    ("ND152_2025", "ldtt.min_months_worked"): WORKING_TIME_READING,
    ("ND98_2023", "bang_khen_ttg.consecutive_good_years"): CERTIFICATE_READING,
    ("ND152_2025", "bang_khen_ttg.consecutive_good_years"): CERTIFICATE_READING,
    ("ND98_2023", "bang_khen_ttg.cstdcs_times"): CERTIFICATE_READING,
    ("ND152_2025", "bang_khen_ttg.cstdcs_times"): CERTIFICATE_READING,
}


def original_note(code, key):
    """Return the note 0005_more_rules gave a rule (a row of its own or an update of 0003)."""
    earlier = importlib.import_module("awards.migrations.0005_more_rules")
    if (code, key) in earlier.UPDATES:
        return earlier.UPDATES[(code, key)]["note"]
    return next(row for row in earlier.RULES[code] if row[0] == key)[8]


def load_engine_fixes(apps, schema_editor):
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
    for (code, key), reading in NOTE_READINGS.items():
        note = original_note(code, key) + reading
        Rule.objects.filter(rule_set__code=code, key=key).update(note=note)


def unload_engine_fixes(apps, schema_editor):
    Rule = apps.get_model("awards", "Rule")
    for code, rows in RULES.items():
        Rule.objects.filter(rule_set__code=code, key__in=[row[0] for row in rows]).delete()
    for code, key in NOTE_READINGS:
        Rule.objects.filter(rule_set__code=code, key=key).update(note=original_note(code, key))


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0010_nominations"),
    ]

    operations = [migrations.RunPython(load_engine_fixes, unload_engine_fixes)]
