"""Registration as a basis of the emulation titles: the 2003 law only, titles only.

Luật Thi đua, khen thưởng 2003 (as amended in 2013) Điểm b Khoản 1 Điều 10 lists "đăng ký tham
gia thi đua" among the bases for an emulation title, so for the years of Nghị định 91/2017 every
title needs the nominee's registration for the year (any title: taking part is what counts). The
2022 law (Điều 7, from 01/01/2024) no longer lists it. Forms of commendation (Bằng khen, Giấy
khen) never need one.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from awards.eligibility import FAIL, PASS, evaluate, evaluate_many
from awards.models import RegistrationList, Rule
from organizations.models import AnnualRating
from tests.factories import (
    AwardRecordFactory,
    PersonFactory,
    RatingFactory,
    UnitFactory,
    registered,
)

pytestmark = pytest.mark.django_db

LAW_2022_SETS = pytest.mark.parametrize(
    ("year", "rule_set"), [(2024, "ND98_2023"), (2025, "ND152_2025")]
)
CITATION_2003 = "Điểm b Khoản 1 Điều 10, Luật Thi đua, khen thưởng 2003 (sửa đổi 2005, 2013)"
PERSON_TITLES = ["LDTT", "CSTDCS", "CSTD_TINH", "CSTD_TQ"]
PERSON_FORMS = ["GIAY_KHEN", "BANG_KHEN_TINH", "BANG_KHEN_TTG"]
UNIT_TITLES = ["TTLDTT", "TTLDXS"]
UNIT_FORMS = ["GIAY_KHEN_TT", "BANG_KHEN_TINH_TT", "BANG_KHEN_TTG_TT"]


@pytest.fixture
def person(db):
    person = PersonFactory(full_name="Hà Thị Kim Oanh")
    RatingFactory(person=person, year=2020, level=AnnualRating.Level.GOOD)
    return person


@pytest.fixture
def unit(db):
    return UnitFactory(code="TT", name="Thanh tra Sở")


def test_ldtt_2020_fails_without_a_registration__law_2003_art_10_1b(person):
    """Luật 2003 Điểm b Khoản 1 Điều 10: no registration for 2020, no title, however well rated;
    the rule was read in the law's wording, so the citation carries no "to confirm" mark."""
    verdict = evaluate(person, "LDTT", 2020)
    check = verdict.check("registration")
    assert verdict.checks[0] is check
    assert check.status == FAIL
    assert check.message_en == (
        "No registration to take part in the emulation of 2020 is recorded; under the 2003 law "
        "an emulation title is considered only for those who registered."
    )
    assert check.message_vi.startswith("Chưa ghi nhận đăng ký tham gia thi đua năm 2020")
    assert check.citation == CITATION_2003
    assert verdict.check("rating_good").status == PASS
    assert verdict.eligible is False
    assert "title.registration_required" in {rule.key for rule in verdict.rules}


def test_any_title_registered_for_the_year_counts__law_2003_art_10_1b(person):
    """Taking part is what Điểm b Khoản 1 Điều 10 asks: registered for LĐTT, judged for CSTĐCS
    and CSTĐ cấp tỉnh, the registration check passes; the list's state is shown."""
    registered(person, 2020, "LDTT")
    verdicts = evaluate_many(person, ["LDTT", "CSTDCS", "CSTD_TINH"], 2020)
    for code, verdict in verdicts.items():
        check = verdict.check("registration")
        assert check.status == PASS, code
        assert check.citation == CITATION_2003
    check = verdicts["CSTDCS"].check("registration")
    assert check.message_en == "Registered to take part in the emulation of 2020 (Advanced worker)."
    assert check.message_vi == "Đã đăng ký tham gia thi đua năm 2020 (Lao động tiên tiến)."
    assert check.evidence == ["Đăng ký thi đua 2020: Lao động tiên tiến (danh sách: dự thảo)"]
    with translation.override("en"):
        assert check.evidence == ["Registration 2020: Advanced worker (list: draft)"]


def test_a_registration_of_another_year_does_not_count__law_2003_art_10_1b(person):
    registered(person, 2019)
    registered(person, 2021)
    assert evaluate(person, "LDTT", 2020).check("registration").status == FAIL


def test_every_title_needs_it_and_no_form_does__law_2003_art_10_1b(person, unit):
    """Điều 10 is about the emulation titles (danh hiệu thi đua); a form of commendation
    (hình thức khen thưởng: Bằng khen, Giấy khen) has no registration check."""
    for code, verdict in evaluate_many(person, PERSON_TITLES + PERSON_FORMS, 2020).items():
        has_check = verdict.check("registration") is not None
        assert has_check is (code in PERSON_TITLES), code
    for code, verdict in evaluate_many(unit, UNIT_TITLES + UNIT_FORMS, 2020).items():
        has_check = verdict.check("registration") is not None
        assert has_check is (code in UNIT_TITLES), code
    rules = {rule.key for rule in evaluate(person, "GIAY_KHEN", 2020).rules}
    assert "title.registration_required" not in rules


def test_a_collective_needs_its_own_registration__law_2003_art_10_1b(unit):
    """A member's registration is the member's: the collective registers its own title."""
    member = PersonFactory(unit=unit)
    registered(member, 2020)
    assert evaluate(unit, "TTLDTT", 2020).check("registration").status == FAIL
    registered(unit, 2020, "TTLDXS")
    verdict = evaluate(unit, "TTLDTT", 2020)
    check = verdict.check("registration")
    assert check.status == PASS
    with translation.override("en"):
        assert check.evidence == ["Registration 2020: Excellent labour collective (list: draft)"]


def test_an_approved_list_is_shown_as_approved__law_2003_art_10_1b(person):
    registered(person, 2020)
    RegistrationList.objects.update(status=RegistrationList.Status.APPROVED)
    with translation.override("en"):
        evidence = evaluate(person, "LDTT", 2020).check("registration").evidence
        assert evidence == ["Registration 2020: Advanced worker (list: approved)"]


@LAW_2022_SETS
def test_the_2022_law_has_no_registration_check__law_2022_art_7(person, unit, year, rule_set):
    """Luật 06/2022 Điều 7 lists only the movement, the achievement and the title's criteria:
    no registration check, for a person or a collective, and the rule is not listed as used."""
    RatingFactory(person=person, year=year, level=AnnualRating.Level.GOOD)
    verdict = evaluate(person, "LDTT", year)
    assert verdict.rule_set.code == rule_set
    assert verdict.check("registration") is None
    assert verdict.eligible is True
    assert "title.registration_required" not in {rule.key for rule in verdict.rules}
    assert evaluate(unit, "TTLDTT", year).check("registration") is None


def test_the_rule_is_data_in_each_rule_set__law_2003_art_10_1b__law_2022_art_7():
    rules = {
        rule.rule_set.code: rule
        for rule in Rule.objects.filter(key="title.registration_required").select_related(
            "rule_set"
        )
    }
    assert {code: int(rule.value) for code, rule in rules.items()} == {
        "ND91_2017": 1,
        "ND98_2023": 0,
        "ND152_2025": 0,
    }
    assert rules["ND91_2017"].citation == CITATION_2003
    assert rules["ND98_2023"].citation == "Điều 7, Luật Thi đua, khen thưởng 06/2022/QH15"
    assert all(rule.status == Rule.Status.CONFIRMED for rule in rules.values())
    assert "tapchitoaan.vn" in rules["ND91_2017"].note
    assert "thuvienphapluat.vn" in rules["ND98_2023"].note


def test_switched_off_in_the_admin_the_check_goes__law_2003_art_10_1b(person):
    """The rule is data: set to "no", 2020 titles are judged without registration."""
    Rule.objects.filter(rule_set__code="ND91_2017", key="title.registration_required").update(
        value=0
    )
    assert evaluate(person, "LDTT", 2020).check("registration") is None


def queries(call):
    with CaptureQueriesContext(connection) as captured:
        call()
    return len(captured)


def test_registrations_are_read_once_for_all_titles(person, unit):
    """evaluate_many loads the nominee's registrations in one query, whatever the number of
    titles judged or of registrations recorded."""
    one = queries(lambda: evaluate_many(person, ["LDTT"], 2020))
    for year in range(2015, 2021):
        registered(person, year)
        registered(person, year, "CSTDCS")
    AwardRecordFactory(person=person, award__code="CSTDCS", year=2019)
    assert queries(lambda: evaluate_many(person, ["LDTT"], 2020)) == one
    assert queries(lambda: evaluate_many(person, PERSON_TITLES, 2020)) == one
    unit_one = queries(lambda: evaluate_many(unit, ["TTLDTT"], 2020))
    registered(unit, 2020)
    registered(unit, 2020, "TTLDXS")
    assert queries(lambda: evaluate_many(unit, UNIT_TITLES, 2020)) == unit_one
