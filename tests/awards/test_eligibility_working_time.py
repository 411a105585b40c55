"""Working time for LĐTT (and so CSTĐCS and Giấy khen): the limit on people newly recruited.

Nghị định 91/2017 Điều 10 (2020): no LĐTT for a person newly recruited less than 10 months
before the review; Khoản 4: maternity leave counts. Thông tư 01/2024/TT-BNV Điểm d Khoản 5
Điều 1 (2024, and carried over for 2025): less than 6 months; Khoản 5: a short training course
counts as working time. The limit is on recruitment only: "Luật không quy định về thời gian bị
gián đoạn mà chỉ quy định về thời gian tuyển dụng đối với người lao động mới"
(thuvienphapluat.vn), and Nghị định 91/2017 has no 40-working-day absence limit any more, so
leave of a person in service before the year reduces nothing.
"""

import datetime

import pytest
from django.utils import translation

from awards.eligibility import FAIL, PASS, evaluate
from awards.models import Rule
from organizations.models import AnnualRating, LeaveRecord
from tests.factories import LeaveFactory, PersonFactory, RatingFactory, registered

pytestmark = pytest.mark.django_db

D = datetime.date
GOOD = AnnualRating.Level.GOOD
LAW_2022_SETS = pytest.mark.parametrize(
    ("year", "rule_set"), [(2024, "ND98_2023"), (2025, "ND152_2025")]
)


def rated(start, year, end=None):
    person = PersonFactory(start_date=start, end_date=end)
    RatingFactory(person=person, year=year, level=GOOD)
    return person


def test_recruited_ten_months_before_the_review_passes__nd91_art_10():
    """Nghị định 91/2017 Điều 10: recruited on 01/03/2020, 10 months by 31/12 — enough."""
    person = rated(D(2020, 3, 1), 2020)
    registered(person, 2020)
    verdict = evaluate(person, "LDTT", 2020)
    check = verdict.check("working_time")
    assert check.status == PASS
    assert "Newly recruited on 01/03/2020" in check.message_en
    assert "at least 10 months are needed (01/03/2020 to 31/12/2020) — met" in check.message_en
    assert check.citation == "Điều 10, Nghị định 91/2017/NĐ-CP"  # confirmed: no marker
    assert verdict.eligible is True


def test_recruited_less_than_ten_months_fails__nd91_art_10():
    """Nghị định 91/2017 Điều 10: recruited on 02/03/2020 — one day short of 10 months."""
    verdict = evaluate(rated(D(2020, 3, 2), 2020), "LDTT", 2020)
    check = verdict.check("working_time")
    assert check.status == FAIL
    assert "Worked 305 days in 2020" in check.message_en
    assert "— not met" in check.message_en
    assert verdict.eligible is False


def test_maternity_leave_of_a_newcomer_counts_as_working_time__nd91_art_10_4():
    """Nghị định 91/2017 Khoản 4 Điều 10: recruited on 01/02/2020, then six months of maternity
    leave: still 11 months of working time."""
    person = rated(D(2020, 2, 1), 2020)
    LeaveFactory(person=person, start_date=D(2020, 3, 2), end_date=D(2020, 8, 31))
    verdict = evaluate(person, "LDTT", 2020)
    check = verdict.check("working_time")
    assert check.status == PASS
    assert "Worked 335 days in 2020" in check.message_en
    assert "Maternity leave counts as working time." in check.message_en
    assert "Thời gian nghỉ thai sản được tính là thời gian làm việc." in check.message_vi
    assert "Khoản 4 Điều 10, Nghị định 91/2017/NĐ-CP (cần xác minh)" in check.citation
    assert any("nghỉ thai sản: 02/03/2020–31/08/2020" in e for e in check.evidence)
    with translation.override("en"):
        assert "Khoản 4 Điều 10, Nghị định 91/2017/NĐ-CP (to confirm)" in check.citation
        assert any("maternity leave: 02/03/2020–31/08/2020" in e for e in check.evidence)


def test_sixty_days_of_sick_leave_of_a_newcomer_count__nd91_art_10():
    """Sick leave counts as working time: recruited on 01/03/2020, two months sick still pass."""
    person = rated(D(2020, 3, 1), 2020)
    LeaveFactory(
        person=person, kind=LeaveRecord.Kind.SICK, start_date=D(2020, 4, 1), end_date=D(2020, 5, 30)
    )
    assert evaluate(person, "LDTT", 2020).check("working_time").status == PASS


def test_unpaid_leave_of_a_newcomer_is_not_working_time__nd91_art_10():
    """Recruited on 01/01/2020, then four months of unpaid leave: 8 months worked, short of
    Điều 10's 10 months (unpaid leave not counted: to confirm)."""
    person = rated(D(2020, 1, 1), 2020)
    LeaveFactory(
        person=person,
        kind=LeaveRecord.Kind.UNPAID,
        start_date=D(2020, 2, 1),
        end_date=D(2020, 5, 31),
    )
    check = evaluate(person, "LDTT", 2020).check("working_time")
    assert check.status == FAIL
    assert "Newly recruited on 01/01/2020" in check.message_en
    assert "Worked 245 days in 2020" in check.message_en
    assert "Not counted: unpaid leave (to confirm)." in check.message_en
    assert "Không tính: nghỉ không hưởng lương (cần xác minh)." in check.message_vi


def test_a_leave_of_a_newcomer_without_end_date_runs_to_the_end_of_the_year__nd91_art_10():
    """Recruited on 01/01/2020, unpaid leave from 01/10/2020 with no end date: 9 months."""
    person = rated(D(2020, 1, 1), 2020)
    LeaveFactory(
        person=person, kind=LeaveRecord.Kind.UNPAID, start_date=D(2020, 10, 1), end_date=None
    )
    check = evaluate(person, "LDTT", 2020).check("working_time")
    assert check.status == FAIL
    assert "Worked 274 days in 2020" in check.message_en
    assert "31/12/2020" in check.evidence[0]


@pytest.mark.parametrize(
    ("year", "rule_set", "months"),
    [(2020, "ND91_2017", 10), (2024, "ND98_2023", 6), (2025, "ND152_2025", 6)],
)
@pytest.mark.parametrize("kind", [LeaveRecord.Kind.UNPAID, LeaveRecord.Kind.OTHER])
def test_leave_of_a_person_in_service_before_the_year_reduces_nothing__nd91_art_10(
    year, rule_set, months, kind
):
    """Nghị định 91/2017 Điều 10 and Thông tư 01/2024/TT-BNV Điểm d Khoản 5 Điều 1 limit only
    people newly recruited ("chỉ quy định về thời gian tuyển dụng đối với người lao động mới"):
    eight months of unpaid or other leave of a person in service since 2015 reduce nothing."""
    person = rated(D(2015, 1, 1), year)
    LeaveFactory(person=person, kind=kind, start_date=D(year, 3, 1), end_date=D(year, 10, 31))
    registered(person, year)
    verdict = evaluate(person, "LDTT", year)
    check = verdict.check("working_time")
    assert verdict.rule_set.code == rule_set
    assert check.status == PASS
    assert check.message_en == (
        f"In service since 01/01/2015, before {year}: the limit of {months} months applies only "
        "to people newly recruited, and leave taken in the year does not reduce it."
    )
    assert check.message_vi.startswith(f"Công tác từ 01/01/2015, trước năm {year}")
    assert f"01/03/{year}–31/10/{year} (245 ngày trong năm)" in check.evidence[1]
    assert verdict.eligible is True


def test_a_leave_without_end_date_of_a_person_in_service_reduces_nothing__nd91_art_10():
    """Unpaid leave from 01/03/2020 with no end date, in service since 2015: the limit on
    newcomers does not apply."""
    person = rated(D(2015, 1, 1), 2020)
    LeaveFactory(
        person=person, kind=LeaveRecord.Kind.UNPAID, start_date=D(2020, 3, 1), end_date=None
    )
    check = evaluate(person, "LDTT", 2020).check("working_time")
    assert check.status == PASS
    with translation.override("en"):
        assert [str(e) for e in check.evidence] == [
            "In service 2020: 01/01/2020–31/12/2020 (366 days)",
            "unpaid leave: 01/03/2020–… (306 days in the year)",
        ]


def test_a_person_not_in_service_during_the_year_fails__nd91_art_10():
    check = evaluate(rated(D(2021, 2, 1), 2020), "LDTT", 2020).check("working_time")
    assert check.status == FAIL
    assert "Not in service during 2020" in check.message_en


def test_cstdcs_and_giay_khen_carry_the_working_time_check__nd91_art_10():
    """CSTĐCS and Giấy khen build on LĐTT, so a newcomer fails them as well."""
    person = rated(D(2020, 6, 1), 2020)
    for code in ("CSTDCS", "GIAY_KHEN"):
        assert evaluate(person, code, 2020).check("working_time").status == FAIL


@LAW_2022_SETS
def test_recruited_six_months_before_the_review_passes__tt_01_2024(year, rule_set):
    """Thông tư 01/2024/TT-BNV: no LĐTT for a person recruited less than 6 months before."""
    verdict = evaluate(rated(D(year, 7, 1), year), "LDTT", year)
    check = verdict.check("working_time")
    assert verdict.rule_set.code == rule_set
    assert check.status == PASS
    assert f"at least 6 months are needed (01/07/{year} to 31/12/{year})" in check.message_en
    assert "Thông tư 01/2024/TT-BNV (cần xác minh)" in check.citation


@LAW_2022_SETS
def test_recruited_less_than_six_months_fails__tt_01_2024(year, rule_set):
    """Thông tư 01/2024/TT-BNV: recruited on 02/07 — one day short of 6 months."""
    check = evaluate(rated(D(year, 7, 2), year), "LDTT", year).check("working_time")
    assert check.status == FAIL


@LAW_2022_SETS
def test_maternity_leave_counts_under_the_2022_law(year, rule_set):
    """Maternity leave counts (Thông tư 01/2024/TT-BNV; Nghị định 152/2025 Điều 4 for 2025)."""
    person = rated(D(year, 5, 2), year)
    LeaveFactory(person=person, start_date=D(year, 6, 1), end_date=None)
    check = evaluate(person, "LDTT", year).check("working_time")
    assert check.status == PASS
    assert "Maternity leave counts as working time." in check.message_en
    expected = "Điều 4, Nghị định 152/2025/NĐ-CP" if year == 2025 else "Thông tư 01/2024/TT-BNV"
    assert expected in check.citation


TRAINING_CITATIONS = pytest.mark.parametrize(
    ("year", "rule_set", "citation"),
    [
        (2020, "ND91_2017", "Nghị định 91/2017/NĐ-CP (cần xác minh)"),
        (2024, "ND98_2023", "Khoản 5 Điều 1, Thông tư 01/2024/TT-BNV (cần xác minh)"),
        (2025, "ND152_2025", "Khoản 5 Điều 1, Thông tư 01/2024/TT-BNV (cần xác minh)"),
    ],
)


@TRAINING_CITATIONS
def test_a_short_training_course_counts_as_working_time__tt_01_2024_art_1_5(
    year, rule_set, citation
):
    """Thông tư 01/2024/TT-BNV Khoản 5 Điều 1: the time of a short course (under a year) the
    person was sent on counts as working time; under Nghị định 91/2017 the same (to confirm).
    Recruited on 01/03, on a course from 01/04 to 30/09: still 10 months of working time."""
    person = rated(D(year, 3, 1), year)
    LeaveFactory(
        person=person,
        kind=LeaveRecord.Kind.TRAINING,
        start_date=D(year, 4, 1),
        end_date=D(year, 9, 30),
    )
    verdict = evaluate(person, "LDTT", year)
    check = verdict.check("working_time")
    assert verdict.rule_set.code == rule_set
    assert check.status == PASS
    assert "A short training course counts as working time." in check.message_en
    assert (
        "Thời gian đào tạo, bồi dưỡng ngắn hạn được tính là thời gian làm việc." in check.message_vi
    )
    assert citation in check.citation
    assert any("đào tạo, bồi dưỡng ngắn hạn: 01/04" in e for e in check.evidence)
    assert "ldtt.training_counted" in {rule.key for rule in verdict.rules}


def test_a_training_course_is_not_counted_when_the_rule_says_no__tt_01_2024_art_1_5():
    """The rule is data: set to "no" in the admin, the course is time off for a newcomer."""
    Rule.objects.filter(rule_set__code="ND98_2023", key="ldtt.training_counted").update(value=0)
    person = rated(D(2024, 3, 1), 2024)
    LeaveFactory(
        person=person,
        kind=LeaveRecord.Kind.TRAINING,
        start_date=D(2024, 4, 1),
        end_date=D(2024, 9, 30),
    )
    check = evaluate(person, "LDTT", 2024).check("working_time")
    assert check.status == FAIL
    assert "Not counted: short training course (to confirm)." in check.message_en


def test_recruited_on_the_last_day_of_the_year_before_is_in_service__nd91_art_10():
    """Newly recruited means recruited in the year judged: 31/12/2019 is before 2020."""
    person = rated(D(2019, 12, 31), 2020)
    LeaveFactory(
        person=person,
        kind=LeaveRecord.Kind.UNPAID,
        start_date=D(2020, 1, 1),
        end_date=D(2020, 6, 30),
    )
    check = evaluate(person, "LDTT", 2020).check("working_time")
    assert check.status == PASS
    assert check.message_en.startswith("In service since 31/12/2019, before 2020")
