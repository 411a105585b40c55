"""`manage.py eligibility` prints the verdict, readable or as JSON, and refuses bad requests."""

import datetime
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from awards.models import Award, AwardRecord, Initiative, InitiativeAuthor
from organizations.models import AnnualRating, UnitRating
from tests.factories import PersonFactory, RatingFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db


def run(*args):
    out = StringIO()
    call_command("eligibility", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def an(db):
    person = PersonFactory(
        code="CB0001", full_name="Nguyễn Văn An", user=UserFactory(username="an")
    )
    RatingFactory(person=person, year=2024, level=AnnualRating.Level.EXCELLENT)
    return person


def test_json_verdict_for_a_person_by_staff_code(an):
    """Luật 06/2022 Điều 23: rated excellent and no discipline → CSTĐCS in 2024."""
    data = json.loads(run("--person", "CB0001", "--title", "CSTDCS", "--year", "2024", "--json"))
    assert data["eligible"] is True
    assert data["title"] == "CSTDCS"
    assert data["year"] == 2024
    assert data["rule_set"] == "ND98_2023"
    assert [c["code"] for c in data["checks"]] == [
        "rating_good",
        "working_time",
        "no_discipline",
        "no_pending_review",
        "excellent_or_initiative",
    ]
    first = data["checks"][0]
    assert set(first) == {
        "code",
        "status",
        "message_vi",
        "message_en",
        "citation",
        "evidence",
        "group",
    }
    assert first["group"] is None
    assert data["alternatives"] == {}
    assert first["status"] == "pass"
    assert first["citation"] == "Điều 23, Luật Thi đua, khen thưởng số 06/2022/QH15"


def test_the_person_is_found_by_login_name_or_id(an):
    by_login = json.loads(run("--person", "an", "--title", "LDTT", "--year", "2024", "--json"))
    by_id = json.loads(run("--person", str(an.pk), "--title", "LDTT", "--year", "2024", "--json"))
    assert by_login == by_id
    assert by_login["eligible"] is True


def test_json_eligible_is_null_when_a_rating_is_missing(an):
    data = json.loads(run("--person", "CB0001", "--title", "LDTT", "--year", "2025", "--json"))
    assert data["eligible"] is None
    assert data["checks"][0]["status"] == "unknown"


def test_json_verdict_for_a_unit():
    """Luật TĐKT 2003 Điều 28: 1 of 2 members LĐTT is not more than 50 % → not eligible."""
    unit = UnitFactory(code="KT")
    people = PersonFactory.create_batch(2, unit=unit)
    AwardRecord.objects.create(
        award=Award.objects.get(code="LDTT"),
        person=people[0],
        year=2020,
        decision_number="1/QĐ",
        decision_date=datetime.date(2021, 1, 5),
        issuer="Giám đốc Sở",
        source="entered",
    )
    data = json.loads(run("--unit", "KT", "--title", "TTLDTT", "--year", "2020", "--json"))
    assert data["eligible"] is False
    registration, share = data["checks"][:2]
    # No registration for 2020: a basis of the title under the 2003 law, cited.
    assert registration["code"] == "registration"
    assert registration["status"] == "fail"
    assert registration["citation"] == (
        "Điểm b Khoản 1 Điều 10, Luật Thi đua, khen thưởng 2003 (sửa đổi 2005, 2013)"
    )
    assert share["code"] == "members_ldtt_share"
    assert "1 of 2 members (50.0 %)" in share["message_en"]
    assert "1/2 cá nhân (50.0 %)" in share["message_vi"]


def test_readable_verdict_in_english(an):
    initiative = Initiative.objects.create(
        title="Số hoá hồ sơ",
        recognised_by="Hội đồng sáng kiến",
        decision_number="7/QĐ-HĐSK",
        decision_date=datetime.date(2024, 9, 1),
        scope=Initiative.Scope.UNIT,
    )
    InitiativeAuthor.objects.create(initiative=initiative, person=an, share=100)
    with translation.override("en"):
        text = run("--person", "CB0001", "--title", "CSTDCS", "--year", "2024")
    assert text.startswith("Nguyễn Văn An — Grassroots emulation fighter (CSTDCS) 2024")
    assert "[ĐẠT/PASS] rating_good: Rated “excellently completed duties” for 2024" in text
    assert "[Điều 23, Luật Thi đua, khen thưởng số 06/2022/QH15]" in text
    assert "ĐỦ ĐIỀU KIỆN / ELIGIBLE" in text


def test_readable_verdict_in_vietnamese_by_default(an):
    with translation.override("vi"):
        text = run("--person", "CB0001", "--title", "LDTT", "--year", "2024")
    assert "Xếp loại năm 2024: Hoàn thành xuất sắc nhiệm vụ" in text
    assert "    - Xếp loại 2024" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--person", "CB0001", "--title", "NOPE", "--year", "2024"], "code “NOPE”"),
        (["--person", "CB0001", "--title", "LDTT", "--year", "2010"], "year 2010"),
        (["--person", "CB0001", "--title", "TTLDTT", "--year", "2024"], "not for a person"),
        (["--person", "ghost", "--title", "LDTT", "--year", "2024"], "No person “ghost”"),
        (["--unit", "NOWHERE", "--title", "TTLDTT", "--year", "2024"], "No unit with the code"),
    ],
)
def test_bad_requests_raise_a_command_error(an, args, message):
    with translation.override("en"), pytest.raises(CommandError) as error:
        run(*args)
    assert message in str(error.value)


def test_a_refusal_reads_in_vietnamese_by_default(an):
    with translation.override("vi"), pytest.raises(CommandError) as error:
        run("--person", "CB0001", "--title", "NOPE", "--year", "2024")
    assert str(error.value) == "Không có danh hiệu hay hình thức khen thưởng mã “NOPE”."


def test_the_provincial_certificate_prints_its_paths__art_74_1d(an):
    """Luật 06/2022 Điểm d Khoản 1 Điều 74: two consecutive CSTĐCS suffice."""
    for year in (2023, 2024):
        AwardRecord.objects.create(
            award=Award.objects.get(code="CSTDCS"),
            person=an,
            year=year,
            decision_number=f"{year}/QĐ",
            decision_date=datetime.date(year + 1, 1, 5),
            issuer="Giám đốc Sở",
            source="entered",
        )
    data = json.loads(
        run("--person", "CB0001", "--title", "BANG_KHEN_TINH", "--year", "2024", "--json")
    )
    assert data["eligible"] is True
    assert data["alternatives"] == {"path": "pass"}
    groups = {c["code"]: c["group"] for c in data["checks"]}
    assert groups["path_cstdcs"] == groups["path_excellent_initiatives"] == "path"
    with translation.override("en"):
        text = run("--person", "CB0001", "--title", "BANG_KHEN_TINH", "--year", "2024")
    assert "[ĐẠT/PASS] path: one of these suffices:" in text
    assert "  [ĐẠT/PASS] path_cstdcs:" in text
    assert "  [KHÔNG/FAIL] path_excellent_initiatives:" in text


def test_the_collective_certificate_is_judged_for_a_unit():
    unit = UnitFactory(code="TT")
    UnitRating.objects.create(unit=unit, year=2020, level=AnnualRating.Level.GOOD)
    data = json.loads(
        run("--unit", "TT", "--title", "BANG_KHEN_TINH_TT", "--year", "2020", "--json")
    )
    assert data["eligible"] is False
    assert data["checks"][0]["code"] == "consecutive_excellent"
