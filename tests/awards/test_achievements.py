"""The first draft of an achievement report (awards/achievements.py): what the portal already
knows of a nominee's year, written down in Vietnamese in the layout of the decrees' annexes —
who the nominee is, the covenant's commitments and how they ended, the ratings, the initiatives
and the earlier awards; a collective's report from the collective's own record."""

import datetime
import re
from decimal import Decimal

from django.utils import translation

from awards.achievements import draft_report
from campaigns import services as campaign_services
from campaigns.models import Commitment
from organizations.models import AnnualRating
from tests.factories import (
    AwardRecordFactory,
    InitiativeFactory,
    PersonFactory,
    RatingFactory,
    UnitFactory,
    UnitRatingFactory,
)

YEAR = 2020


def commitment_of(covenant, unit):
    return Commitment.objects.get(party__covenant=covenant, party__unit=unit)


def section(report: str, heading: str) -> str:
    """Return the lines under a heading, up to the next blank line."""
    start = report.index(heading)
    end = report.find("\n\n", start)
    return report[start : end if end != -1 else None]


def rating_lines(text: str) -> list[tuple[str, str]]:
    """Return (year, level) of each rating line, whatever word introduces the year."""
    return re.findall(r"^- \S+ (\d{4}): (.+)$", text, flags=re.MULTILINE)


def without_year_word(line: str) -> str:
    """Return "- 2019: …" from "- <Năm> 2019: …": the word for "year" has its own test."""
    return re.sub(r"^- \S+ (\d{4}): ", r"- \1: ", line)


# --- who the nominee is -------------------------------------------------------------------------


def test_a_person_is_described_by_name_birth_position_and_unit(org):
    carol = org.carol.person
    carol.date_of_birth = datetime.date(1985, 9, 2)
    carol.position = "Trưởng phòng"
    carol.save()
    report = draft_report(carol, YEAR)
    about = section(report, "I. SƠ LƯỢC LÝ LỊCH, ĐẶC ĐIỂM, TÌNH HÌNH")
    assert about.splitlines()[1:] == [
        "Họ và tên: Lê Thị Carol",
        "Ngày sinh: 02/09/1985",
        "Chức vụ: Trưởng phòng",
        "Đơn vị công tác: Phòng Quản lý công nghệ",
    ]


def test_a_person_without_birth_date_or_position_gets_no_empty_line(org):
    person = PersonFactory(full_name="Vũ Văn Hải", unit=org.technical, position="")
    about = section(draft_report(person, YEAR), "I. SƠ LƯỢC")
    assert "Ngày sinh" not in about
    assert "Chức vụ: —" in about


def test_a_collective_is_described_by_its_name_alone(org):
    report = draft_report(org.technical, YEAR)
    about = section(report, "I. SƠ LƯỢC")
    assert about.splitlines()[1:] == ["Tên tập thể: Phòng Quản lý công nghệ"]
    assert "Họ và tên" not in report and "Đơn vị công tác" not in report


def test_the_report_is_in_vietnamese_whatever_the_readers_language(org, english):
    report = draft_report(org.carol.person, YEAR)
    assert "II. THÀNH TÍCH ĐẠT ĐƯỢC NĂM 2020" in report
    assert "ACHIEVEMENTS" not in report and "Full name" not in report
    assert translation.get_language() == "en"  # the reader's language is left as it was


def test_a_nominee_with_no_record_gets_each_section_saying_so(org):
    lone = UnitFactory(code="TT", name="Trung tâm Thông tin", parent=org.agency)
    person = PersonFactory(full_name="Đỗ Thị Lan", unit=lone)
    report = draft_report(person, YEAR)
    assert "- Chưa có chỉ tiêu nào được ghi nhận trong năm." in report
    assert "- Chưa có kết quả xếp loại." in report
    assert "- Chưa có sáng kiến được ghi nhận." in report
    assert "- Chưa có trong cơ sở dữ liệu của Cổng." in report


# --- the covenant's commitments ---------------------------------------------------------------


def test_each_commitment_of_the_unit_is_written_with_its_latest_status_and_progress(
    org, covenant_in_force
):
    kt = commitment_of(covenant_in_force, org.technical)
    campaign_services.report_submit(
        actor=org.carol.user, commitment=kt, period="Q1", status="on_track", value=Decimal(85)
    )
    campaign_services.report_submit(
        actor=org.carol.user,
        commitment=kt,
        period="Q2",
        status="at_risk",
        value=Decimal("86.5"),
        narrative="  Phần mềm một cửa gián đoạn hai tuần.  ",
    )
    report = draft_report(org.carol.person, YEAR)
    results = section(report, "1. Kết quả thực hiện các chỉ tiêu")
    assert results.splitlines()[1:] == [
        "- Phòng Quản lý công nghệ: 100% hồ sơ công việc được xử lý trên phần mềm: "
        "Có nguy cơ chậm (86,5/100). Phần mềm một cửa gián đoạn hai tuần."
    ]
    # Only the nominee's own unit's commitments: not the union's nor the board's.
    assert "Công đoàn cơ sở: 100%" not in report and "Ban lãnh đạo Sở: 100%" not in report


def test_a_commitment_met_without_a_figure_or_never_reported_says_so(org, covenant_in_force):
    kt = commitment_of(covenant_in_force, org.technical)
    campaign_services.report_submit(
        actor=org.carol.user, commitment=kt, period="Y", status="met", narrative="   "
    )
    union = commitment_of(covenant_in_force, org.union)
    kt_line = section(draft_report(org.carol.person, YEAR), "1. Kết quả").splitlines()[1]
    assert kt_line == (
        "- Phòng Quản lý công nghệ: 100% hồ sơ công việc được xử lý trên phần mềm: Đã đạt."
    )
    union_report = draft_report(org.union, YEAR)
    assert f"- {union.text}: chưa báo cáo." in union_report


def test_a_figure_of_zero_is_written_as_zero(org, covenant_in_force):
    kt = commitment_of(covenant_in_force, org.technical)
    campaign_services.report_submit(
        actor=org.carol.user, commitment=kt, period="Q1", status="off_track", value=Decimal(0)
    )
    assert "Chậm tiến độ (0/100)." in draft_report(org.technical, YEAR)


def test_a_covenant_not_yet_in_force_is_not_recounted(org, covenant):
    report = draft_report(org.carol.person, YEAR)
    assert "100% hồ sơ công việc" not in report
    assert "- Chưa có chỉ tiêu nào được ghi nhận trong năm." in report


def test_the_commitments_of_another_year_are_not_recounted(org, covenant_in_force):
    report = draft_report(org.carol.person, YEAR + 1)
    assert "100% hồ sơ công việc" not in report


def test_a_collective_recounts_its_own_commitments(org, covenant_in_force):
    results = section(draft_report(org.union, YEAR), "1. Kết quả")
    assert "Công đoàn cơ sở: 100% hồ sơ công việc được xử lý trên phần mềm" in results
    assert "Phòng Quản lý công nghệ" not in results


# --- ratings --------------------------------------------------------------------------------------


def test_the_three_latest_ratings_up_to_the_year_are_written_newest_first(org):
    carol = org.carol.person
    for year, level in [
        (2016, "completed"),
        (2017, "good"),
        (2018, "excellent"),
        (2019, "good"),
        (2020, "excellent"),
        (2021, "not_completed"),
    ]:
        RatingFactory(person=carol, year=year, level=level)
    RatingFactory(person=org.bob.person, year=YEAR, level="completed")
    ratings = section(draft_report(carol, YEAR), "2. Kết quả đánh giá")
    assert rating_lines(ratings) == [
        ("2020", "Hoàn thành xuất sắc nhiệm vụ"),
        ("2019", "Hoàn thành tốt nhiệm vụ"),
        ("2018", "Hoàn thành xuất sắc nhiệm vụ"),
    ]


def test_a_collective_is_written_with_its_unit_ratings_not_its_peoples(org):
    UnitRatingFactory(unit=org.technical, year=YEAR, level=AnnualRating.Level.EXCELLENT)
    UnitRatingFactory(unit=org.office, year=YEAR, level=AnnualRating.Level.COMPLETED)
    RatingFactory(person=org.carol.person, year=YEAR, level="good")
    ratings = section(draft_report(org.technical, YEAR), "2. Kết quả đánh giá")
    assert rating_lines(ratings) == [("2020", "Hoàn thành xuất sắc nhiệm vụ")]


def test_the_years_of_ratings_and_awards_are_written_in_vietnamese(org):
    RatingFactory(person=org.carol.person, year=YEAR, level="good")
    AwardRecordFactory(person=org.carol.person, year=2019)
    report = draft_report(org.carol.person, YEAR)
    assert "- Năm 2020: Hoàn thành tốt nhiệm vụ" in report
    assert "Year" not in report


# --- initiatives ----------------------------------------------------------------------------------


def test_the_persons_initiatives_of_the_last_three_years_are_written_with_their_decision(org):
    carol = org.carol.person
    InitiativeFactory(
        title="Số hoá hồ sơ thẩm định công nghệ",
        authors=[(carol, 60), (org.dave.person, 40)],
        recognised_by="Hội đồng sáng kiến tỉnh Lạng Sơn",
        decision_date=datetime.date(2020, 6, 1),
        scope="province",
    )
    InitiativeFactory(
        title="Phần mềm theo dõi đề tài",
        authors=[carol],
        decision_date=datetime.date(2018, 3, 5),
    )
    InitiativeFactory(
        title="Sáng kiến quá cũ", authors=[carol], decision_date=datetime.date(2017, 12, 31)
    )
    InitiativeFactory(
        title="Sáng kiến năm sau", authors=[carol], decision_date=datetime.date(2021, 1, 4)
    )
    InitiativeFactory(title="Sáng kiến của người khác", authors=[org.bob.person])
    initiatives = section(draft_report(carol, YEAR), "3. Sáng kiến")
    assert initiatives.splitlines()[1:] == [
        "- Số hoá hồ sơ thẩm định công nghệ (được Hội đồng sáng kiến tỉnh Lạng Sơn công nhận, "
        "quyết định số 2020/QĐ-HĐSK ngày 01/06/2020; phạm vi ảnh hưởng: cấp tỉnh)",
        "- Phần mềm theo dõi đề tài (được Hội đồng sáng kiến cơ sở công nhận, "
        "quyết định số 2018/QĐ-HĐSK ngày 05/03/2018; phạm vi ảnh hưởng: cấp cơ sở)",
    ]


def test_a_collective_is_written_with_the_initiatives_of_the_unit(org):
    InitiativeFactory(title="Quy trình một cửa điện tử", unit=org.technical)
    InitiativeFactory(title="Sáng kiến của Văn phòng", unit=org.office)
    InitiativeFactory(title="Sáng kiến riêng của Carol", authors=[org.carol.person])
    initiatives = section(draft_report(org.technical, YEAR), "3. Sáng kiến")
    assert "Quy trình một cửa điện tử (được Hội đồng sáng kiến cơ sở công nhận" in initiatives
    assert "Văn phòng" not in initiatives and "riêng của Carol" not in initiatives


# --- earlier awards -------------------------------------------------------------------------------


def test_the_valid_awards_of_the_last_five_years_are_written_with_their_decision(org):
    carol = org.carol.person
    AwardRecordFactory(person=carol, year=2019)
    AwardRecordFactory(person=carol, year=2019, award__code="CSTDCS", by_province=True)
    AwardRecordFactory(person=carol, year=2015, award__code="GIAY_KHEN")
    AwardRecordFactory(person=carol, year=2014)  # more than five years before
    AwardRecordFactory(person=carol, year=2018, revoked=True)
    AwardRecordFactory(person=carol, year=2021)  # after the year of the report
    AwardRecordFactory(person=org.bob.person, year=2019)
    awards = section(draft_report(carol, YEAR), "III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG")
    lines = awards.splitlines()[1:]
    assert [without_year_word(line) for line in lines] == [
        "- 2019: Lao động tiên tiến, quyết định số 2019/QĐ-SKHCN ngày 15/01/2020 "
        "của Giám đốc Sở Khoa học và Công nghệ",
        "- 2019: Chiến sĩ thi đua cơ sở, quyết định số 2019/QĐ-UBND ngày 20/01/2020 "
        "của Chủ tịch UBND tỉnh Lạng Sơn",
        "- 2015: Giấy khen của Thủ trưởng cơ quan, quyết định số 2015/QĐ-SKHCN ngày 15/01/2016 "
        "của Giám đốc Sở Khoa học và Công nghệ",
    ]


def test_a_collective_is_written_with_its_own_awards(org):
    AwardRecordFactory(unit=org.technical, year=2019)
    AwardRecordFactory(person=org.carol.person, year=2019)
    awards = section(draft_report(org.technical, YEAR), "III. CÁC HÌNH THỨC")
    assert [without_year_word(line) for line in awards.splitlines()[1:]] == [
        "- 2019: Tập thể lao động tiên tiến, quyết định số 2019/QĐ-SKHCN ngày 15/01/2020 "
        "của Giám đốc Sở Khoa học và Công nghệ"
    ]
