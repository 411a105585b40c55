"""`manage.py load_demo`, campaigns part: the seed's 2020 campaign, covenant and progress."""

import datetime
import re
from collections import Counter
from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.test import RequestFactory
from django.utils import timezone

from campaigns.models import (
    Campaign,
    CampaignReview,
    Commitment,
    Covenant,
    Milestone,
    ProgressReport,
)
from organizations import roles
from organizations.models import Person, Unit

pytestmark = pytest.mark.django_db

CAMPAIGN_2020 = (
    "Phong trào thi đua phấn đấu hoàn thành thắng lợi nhiệm vụ chính trị, mục tiêu phát triển "
    "kinh tế - xã hội năm 2020"
)
WAVE = "Đợt thi đua chào mừng Ngày Khoa học và Công nghệ Việt Nam 18/5/2020"
D = datetime.date
SEED_DATES = [
    D(2020, 2, 3),
    D(2020, 4, 30),
    D(2020, 5, 18),
    D(2020, 5, 19),
    D(2020, 8, 17),
    D(2020, 8, 19),
    D(2020, 9, 2),
    D(2020, 9, 27),
]
SIGNING_LOGINS = {
    "BLD": "lanhdao",
    "CD": "congdoan",
    "DTN": "doanthanhnien",
    "QLKH": "truongphong",
    "QLCN": "qlcn",
    "TTUDKHCN": "ttudkhcn",
    "TTTTKHCN": "ttttkhcn",
    # Heads of these units sit on the council and report for their unit with that login.
    "VP": "hoidong2",
    "KHTC": "hoidong3",
    "TT": "hoidong4",
    "CCTCDLCL": "hoidong5",
}
UNIT_HEAD_LOGINS = {"qlcn": "QLCN", "ttudkhcn": "TTUDKHCN", "ttttkhcn": "TTTTKHCN"}


def load_demo() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


@pytest.fixture
def demo(demo_output, db):
    return demo_output


@pytest.fixture
def campaign(demo):
    return Campaign.objects.select_related("organiser").get(name=CAMPAIGN_2020)


@pytest.fixture
def covenant(campaign):
    return campaign.covenants.get()


def local_date(moment):
    return timezone.localtime(moment).date()


def test_the_2020_campaign_is_launched_at_the_conference_with_six_focus_areas(campaign):
    assert campaign.organiser.code == "SKHCN"
    assert campaign.kind == Campaign.Kind.REGULAR
    assert (campaign.start_date, campaign.end_date) == (D(2020, 1, 1), D(2020, 12, 31))
    assert campaign.launch_date == D(2019, 12, 31)
    assert campaign.launch_event == "Hội nghị công chức, viên chức năm 2019"
    assert "động lực phát triển kinh tế - xã hội của tỉnh" in campaign.objectives
    # Launched, and past its interim review: still open for reports, the final review to come.
    assert campaign.status == Campaign.Status.INTERIM_REVIEW
    assert campaign.is_open_for_reports
    areas = list(campaign.focus_areas.order_by("number"))
    assert [area.number for area in areas] == [1, 2, 3, 4, 5, 6]
    seed_phrases = [
        "sáng kiến cải tiến kỹ thuật",
        "TCVN ISO 9001",
        "nông thôn mới",
        "tư tưởng, đạo đức, phong cách Hồ Chí Minh",
        "Chỉ thị số 05/2008/CT-TTg",
        "cơ quan an toàn, cơ quan văn hóa",
    ]
    for area, phrase in zip(areas, seed_phrases, strict=True):
        assert area.title and len(area.title) < 120, area
        assert phrase in area.text, area.number
    assert "phát hiện - bồi dưỡng - tổng kết - nhân rộng" in areas[2].text


def test_it_has_the_milestones_the_seed_names_and_the_reviews(campaign):
    milestones = list(campaign.milestones.all())
    dates = {milestone.date for milestone in milestones}
    assert set(SEED_DATES) <= dates
    by_kind = Counter(milestone.kind for milestone in milestones)
    assert by_kind[Milestone.Kind.COMMEMORATION] >= len(SEED_DATES)
    reviews = sorted(m.date for m in milestones if m.kind == Milestone.Kind.REVIEW)
    assert [(day.year, day.month) for day in reviews] == [(2020, 6), (2020, 12)]
    deadline = campaign.milestones.get(kind=Milestone.Kind.DEADLINE)
    assert deadline.date == D(2020, 12, 10)
    assert deadline.title.startswith("Hạn nộp hồ sơ đề nghị khen thưởng")
    congresses = campaign.milestones.filter(
        kind=Milestone.Kind.EVENT, title__startswith="Đại hội Thi đua yêu nước"
    )
    assert {m.title.rsplit(" ", 1)[-1] for m in congresses} == {"V", "X"}
    assert all(campaign.start_date <= m.date <= campaign.end_date for m in milestones)


def test_the_covenant_is_in_force_between_the_board_unions_and_every_unit(covenant):
    assert covenant.title == "Giao ước thi đua năm 2020"
    assert covenant.status == Covenant.Status.IN_FORCE
    assert (covenant.signing_date, covenant.signing_place) == (D(2019, 12, 31), "Lạng Sơn")
    units_below = Unit.objects.filter(
        parent__code="SKHCN", kind__in=[Unit.Kind.DIVISION, Unit.Kind.SUBORDINATE_UNIT]
    ).values_list("code", flat=True)
    parties = list(
        covenant.parties.select_related("unit", "representative", "signature__signed_by")
    )
    assert {party.unit.code for party in parties} == {"BLD", "CD", "DTN", *units_below}
    assert len(parties) == 11
    assert [party.unit.code for party in parties][:3] == ["BLD", "CD", "DTN"]
    for party in parties:
        signature = party.signature
        assert signature.signed_by == party.representative.user, party.unit.code
        assert signature.signer_name == party.representative.full_name
        assert local_date(signature.signed_at) == D(2019, 12, 31)
        if party.unit.code in SIGNING_LOGINS:
            assert signature.signed_by.username == SIGNING_LOGINS[party.unit.code]
    assert local_date(covenant.in_force_at) == D(2019, 12, 31)


def test_each_party_has_three_to_six_measurable_commitments(covenant):
    commitments = list(
        Commitment.objects.filter(party__covenant=covenant).select_related(
            "party__unit", "focus_area"
        )
    )
    per_party = Counter(commitment.party.unit.code for commitment in commitments)
    assert len(per_party) == 11
    assert all(3 <= count <= 6 for count in per_party.values()), per_party
    assert {c.focus_area.number for c in commitments} == {1, 2, 3, 4, 5, 6}
    assert {c.measure for c in commitments} == set(Commitment.Measure.values)
    for commitment in commitments:
        assert D(2020, 1, 1) <= commitment.due_date <= D(2020, 12, 31)
        assert commitment.focus_area.campaign_id == covenant.campaign_id
        commitment.full_clean()
    assert any(c.text == "Có ít nhất 01 sáng kiến được công nhận cấp cơ sở" for c in commitments)


def test_progress_is_reported_for_three_quarters_with_a_believable_mix(covenant):
    reports = list(
        ProgressReport.objects.filter(commitment__party__covenant=covenant).select_related(
            "reported_by", "commitment__party__unit"
        )
    )
    commitments = Commitment.objects.filter(party__covenant=covenant).count()
    periods = Counter(report.period for report in reports)
    assert periods == {"Q1": commitments, "Q2": commitments, "Q3": commitments}
    statuses = Counter(report.status for report in reports)
    assert len(statuses) >= 3
    on_track_or_met = statuses["on_track"] + statuses["met"]
    assert on_track_or_met > len(reports) / 2
    assert 0 < statuses["off_track"] < statuses["at_risk"] < on_track_or_met
    reviews = Counter(report.review for report in reports)
    assert reviews["accepted"] > len(reports) / 2
    assert 1 <= reviews["returned"] <= 2
    assert reviews["pending"] >= 1
    for report in reports:
        assert report.narrative, report
        assert report.reported_at.year == 2020
        if report.review == "returned":
            assert report.review_comment
            # Returned to a party that filed its own report: its representative hears of it.
            assert report.reported_by.username in SIGNING_LOGINS.values()
        if report.review != "pending":
            assert report.reviewed_by.username == "tdkt"
            assert report.reviewed_at > report.reported_at
        code = report.commitment.party.unit.code
        expected = SIGNING_LOGINS.get(code, "tdkt")
        assert report.reported_by.username == expected, code


def test_the_interim_review_is_concluded_and_the_final_review_left_to_the_user(campaign):
    review = campaign.reviews.get()
    assert review.kind == CampaignReview.Kind.INTERIM
    assert review.conclusions.startswith("Sau 6 tháng")
    assert (local_date(review.opened_at), local_date(review.concluded_at)) == (
        D(2020, 6, 26),
        D(2020, 6, 26),
    )
    assert review.snapshot["overall"]["total"] == Commitment.objects.count()
    assert len(review.snapshot["parties"]) == 11


def test_a_thematic_wave_and_the_2021_campaign_fill_the_list(campaign):
    wave = Campaign.objects.get(name=WAVE)
    assert wave.parent == campaign
    assert wave.kind == Campaign.Kind.PERIODIC
    assert (wave.start_date, wave.end_date) == (D(2020, 4, 1), D(2020, 5, 18))
    assert wave.status == Campaign.Status.LAUNCHED
    assert wave.focus_areas.count() == 2
    # Launched before the units registered for it: no unit may register in a draft.
    next_year = Campaign.objects.get(name__endswith="năm 2021")
    assert next_year.status == Campaign.Status.LAUNCHED
    assert next_year.launch_date == D(2021, 1, 4)
    first_registered = next_year.registration_lists.order_by("pk").first()
    assert first_registered is not None
    assert next_year.start_date == D(2021, 1, 1)
    assert next_year.focus_areas.count() == 1
    assert not next_year.covenants.exists()
    assert Campaign.objects.count() == 3


def test_unit_heads_without_a_login_get_one_named_after_their_unit(demo):
    for username, code in UNIT_HEAD_LOGINS.items():
        request = RequestFactory().get("/")
        user = authenticate(request=request, username=username, password="demo")
        assert user is not None, username
        assert set(user.groups.values_list("name", flat=True)) == {roles.UNIT_HEAD, roles.STAFF}
        person = Person.objects.select_related("unit").get(user=user)
        assert person.unit.code == code
        assert person.position.startswith(("Trưởng phòng", "Giám đốc Trung tâm"))
        assert re.search(rf"^  {username} +unit_head, staff +{person.full_name}", demo, re.M)
    # The heads who already had a login sign with it: one login per person.
    assert Person.objects.get(unit__code="VP", position="Chánh Văn phòng").user.username == (
        "hoidong2"
    )


def test_it_prints_the_campaign_rows(demo):
    for label in ("Campaigns", "Covenants", "Commitments", "Progress reports"):
        assert re.search(rf"^  {label}.*\s\d+  \(\d+ new\)$", demo, re.MULTILINE), label


def row_counts() -> dict[str, int]:
    labels = ["auth.User", "auth.Group"] + [
        model._meta.label
        for app in ("organizations", "campaigns")
        for model in apps.get_app_config(app).get_models()
    ]
    return {label: apps.get_model(label).objects.count() for label in labels}


def test_running_it_twice_changes_nothing(demo):
    before = row_counts()
    assert before["campaigns.ProgressReport"] > 100
    output = load_demo()
    assert row_counts() == before
    assert set(re.findall(r"\((\d+) new\)", output)) == {"0"}
