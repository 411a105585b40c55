"""Interim and final reviews: the counts, the conclusions, and the campaign closing behind them."""

import datetime
import json
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from campaigns import services
from campaigns.models import Campaign, CampaignReview, Commitment, Covenant, ProgressReport
from organizations import roles
from tests.factories import PersonFactory, UnitFactory, UserFactory
from tests.pages import html_of, messages_of

pytestmark = pytest.mark.usefixtures("english")


def detail_url(campaign, kind):
    return reverse("campaigns:review_detail", args=[campaign.code, kind])


def open_url(campaign, kind):
    return reverse("campaigns:review_open", args=[campaign.code, kind])


def conclude_url(campaign, kind):
    return reverse("campaigns:review_conclude", args=[campaign.code, kind])


def commitment_of(covenant, unit):
    return covenant.parties.get(unit=unit).commitments.get()


def submit(user, commitment, period, status, value=50):
    return services.report_submit(
        actor=user, commitment=commitment, period=period, status=status, value=Decimal(value)
    )


@pytest.fixture
def reported(org, leader, covenant_in_force):
    """KT met its commitment by Q2; the union is at risk; the board has not reported."""
    technical = commitment_of(covenant_in_force, org.technical)
    submit(org.carol.user, technical, "Q1", "on_track")
    submit(org.carol.user, technical, "Q2", "met", 100)
    submit(org.dave.user, commitment_of(covenant_in_force, org.union), "Q1", "at_risk")
    return covenant_in_force.campaign


def open_review(org, campaign, kind):
    return services.review_open(actor=org.alice.user, campaign=campaign, kind=kind)


def conclude(org, campaign, kind, text="Kết luận."):
    review = CampaignReview.objects.get(campaign=campaign, kind=kind)
    return services.review_conclude(actor=org.alice.user, review=review, conclusions=text)


def counts(row):
    return {segment["status"]: segment["count"] for segment in row["segments"]}


# Reading a review


@pytest.mark.parametrize("persona", ["alice", "bob", "carol", "dave"])
@pytest.mark.parametrize("kind", ["interim", "final"])
def test_everyone_in_the_agency_reads_the_review(org, reported, client, persona, kind):
    client.force_login(getattr(org, persona).user)
    response = client.get(detail_url(reported, kind))
    assert response.status_code == 200
    assert "This review has not been opened yet." in html_of(response)


@pytest.mark.parametrize("persona", ["bob", "carol", "dave"])
def test_the_campaign_page_links_the_reviews_held_for_every_reader(org, reported, login, persona):
    client = login(getattr(org, persona))
    page = html_of(client.get(reported.get_absolute_url()))
    assert detail_url(reported, "interim") not in page  # none held yet
    open_review(org, reported, "interim")
    page = html_of(client.get(reported.get_absolute_url()))
    assert detail_url(reported, "interim") in page
    assert detail_url(reported, "final") not in page


def test_an_unknown_kind_of_review_is_404(org, reported, login):
    assert login(org.alice).get(detail_url(reported, "annual")).status_code == 404


def test_the_outsider_gets_404(org, reported, client):
    client.force_login(org.charlie.user)
    assert client.get(detail_url(reported, "interim")).status_code == 404
    assert client.get(open_url(reported, "interim")).status_code == 404
    assert client.post(open_url(reported, "interim")).status_code == 404
    assert client.post(conclude_url(reported, "interim"), {"conclusions": "x"}).status_code == 404
    assert not CampaignReview.objects.exists()


def test_it_counts_each_commitment_by_its_latest_report_per_party_and_focus_area(
    org, leader, reported, login
):
    response = login(org.bob).get(detail_url(reported, "interim"))
    parties = {row["label"]: counts(row) for row in response.context["party_rows"]}
    assert parties == {
        "Ban lãnh đạo Sở": {
            "met": 0,
            "on_track": 0,
            "at_risk": 0,
            "off_track": 0,
            "not_reported": 1,
        },
        "Công đoàn cơ sở": {
            "met": 0,
            "on_track": 0,
            "at_risk": 1,
            "off_track": 0,
            "not_reported": 0,
        },
        "Phòng Quản lý công nghệ": {
            "met": 1,
            "on_track": 0,
            "at_risk": 0,
            "off_track": 0,
            "not_reported": 0,
        },
    }
    [area] = response.context["area_rows"]
    assert area["label"] == "1. Sáng kiến, ứng dụng KH&CN"
    assert counts(area) == {
        "met": 1,
        "on_track": 0,
        "at_risk": 1,
        "off_track": 0,
        "not_reported": 1,
    }
    assert response.context["overall"]["total"] == 3
    page = html_of(response)
    for heading in ["By party", "By focus area", "Met", "On track", "At risk", "Off track"]:
        assert heading in page
    assert "Not reported" in page
    assert "1 (33%)" in page
    assert 'data-testid="progress-bar"' in page


# Opening


def test_the_officer_opens_the_interim_review_after_confirming(org, reported, login):
    client = login(org.alice)
    detail = html_of(client.get(detail_url(reported, "interim")))
    assert open_url(reported, "interim") in detail

    confirm = client.get(open_url(reported, "interim"))
    assert confirm.status_code == 200
    assert "Open the interim review?" in html_of(confirm)
    assert not CampaignReview.objects.exists()

    response = client.post(open_url(reported, "interim"))
    assert response.status_code == 302
    assert response.url == detail_url(reported, "interim")
    reported.refresh_from_db()
    assert reported.status == Campaign.Status.INTERIM_REVIEW
    review = CampaignReview.objects.get(campaign=reported)
    assert (review.kind, review.opened_by, review.concluded_at) == ("interim", org.alice.user, None)
    page = html_of(client.get(detail_url(reported, "interim")))
    assert "Opened by Nguyễn Thị Alice" in page
    assert 'data-testid="conclude-form"' in page


@pytest.mark.parametrize("persona", ["bob", "carol"])
def test_staff_and_unit_heads_may_not_open_or_conclude(org, reported, client, persona):
    client.force_login(getattr(org, persona).user)
    assert open_url(reported, "interim") not in html_of(client.get(detail_url(reported, "interim")))
    assert client.get(open_url(reported, "interim")).status_code == 403
    assert client.post(open_url(reported, "interim")).status_code == 403
    assert not CampaignReview.objects.exists()
    open_review(org, reported, "interim")
    response = client.post(conclude_url(reported, "interim"), {"conclusions": "Kết luận."})
    assert response.status_code == 403
    assert CampaignReview.objects.get().concluded_at is None


def test_opening_the_final_review_of_a_closed_campaign(org, reported, login):
    open_review(org, reported, "final")
    conclude(org, reported, "final")
    client = login(org.alice)
    assert 'data-testid="open-review"' not in html_of(client.get(detail_url(reported, "final")))

    response = client.post(open_url(reported, "final"))

    assert response.status_code == 200
    assert "The final review cannot be opened while the campaign's status is “closed”." in html_of(
        response
    )
    reported.refresh_from_db()
    assert reported.status == Campaign.Status.CLOSED
    assert CampaignReview.objects.count() == 1


def test_opening_the_interim_review_twice(org, reported, login):
    open_review(org, reported, "interim")
    response = login(org.alice).post(open_url(reported, "interim"))
    assert response.status_code == 200
    assert (
        "The interim review cannot be opened while the campaign's status is “interim review”."
        in (html_of(response))
    )
    assert CampaignReview.objects.count() == 1


def test_the_final_review_waits_for_the_interim_conclusions(org, reported, login):
    open_review(org, reported, "interim")
    client = login(org.alice)
    detail = html_of(client.get(detail_url(reported, "final")))
    assert "Conclude the interim review before opening the final review." in detail
    response = client.post(open_url(reported, "final"))
    assert "Conclude the interim review before opening the final review." in html_of(response)
    reported.refresh_from_db()
    assert reported.status == Campaign.Status.INTERIM_REVIEW
    assert not CampaignReview.objects.filter(kind="final").exists()


def test_a_draft_campaign_cannot_be_reviewed(org, reported, login):
    Campaign.objects.filter(pk=reported.pk).update(status=Campaign.Status.DRAFT)
    response = login(org.alice).get(open_url(reported, "interim"))
    assert "The interim review cannot be opened while the campaign's status is “draft”." in html_of(
        response
    )
    assert 'data-testid="confirm-open"' not in html_of(response)


# Concluding


def test_the_officer_concludes_the_interim_review_and_its_counts_are_kept(
    org, leader, reported, login
):
    open_review(org, reported, "interim")
    client = login(org.alice)
    response = client.post(
        conclude_url(reported, "interim"),
        {"conclusions": "Sáu tháng đầu năm: các đơn vị cơ bản đạt tiến độ."},
    )
    assert response.status_code == 302
    assert messages_of(response) == [
        "The interim review is concluded; its counts are kept as they stand today."
    ]
    review = CampaignReview.objects.get()
    assert review.conclusions == "Sáu tháng đầu năm: các đơn vị cơ bản đạt tiến độ."
    assert review.concluded_at is not None
    snapshot = json.loads(json.dumps(review.snapshot))
    assert snapshot["statuses"] == ["met", "on_track", "at_risk", "off_track", "not_reported"]
    assert [(row["label"], row["total"]) for row in snapshot["parties"]] == [
        ("Ban lãnh đạo Sở", 1),
        ("Công đoàn cơ sở", 1),
        ("Phòng Quản lý công nghệ", 1),
    ]
    assert snapshot["parties"][2]["counts"] == {
        "met": 1,
        "on_track": 0,
        "at_risk": 0,
        "off_track": 0,
        "not_reported": 0,
    }
    assert snapshot["areas"][0]["label"] == "1. Sáng kiến, ứng dụng KH&CN"
    assert snapshot["overall"]["counts"]["not_reported"] == 1
    reported.refresh_from_db()
    assert reported.status == Campaign.Status.INTERIM_REVIEW

    # Later reports do not change the concluded review.
    board = commitment_of(reported.covenants.get(), leader.unit)
    submit(org.alice.user, board, "Q3", "off_track")
    response = client.get(detail_url(reported, "interim"))
    parties = {row["label"]: counts(row) for row in response.context["party_rows"]}
    assert parties["Ban lãnh đạo Sở"]["not_reported"] == 1
    page = html_of(response)
    assert "Sáu tháng đầu năm: các đơn vị cơ bản đạt tiến độ." in page
    assert 'data-testid="conclude-form"' not in page
    assert 'data-state="concluded"' in page
    # The live counts on the final review do change.
    live = client.get(detail_url(reported, "final")).context["party_rows"]
    assert {row["label"]: counts(row) for row in live}["Ban lãnh đạo Sở"]["off_track"] == 1


def test_concluding_twice(org, reported, login):
    open_review(org, reported, "interim")
    first = conclude(org, reported, "interim", "Kết luận lần đầu.")
    response = login(org.alice).post(
        conclude_url(reported, "interim"), {"conclusions": "Kết luận khác."}
    )
    assert response.status_code == 200
    assert "This review was concluded on" in html_of(response)
    assert "its conclusions can no longer be changed." in html_of(response)
    review = CampaignReview.objects.get()
    assert review.conclusions == "Kết luận lần đầu."
    assert (review.concluded_at, review.snapshot) == (first.concluded_at, first.snapshot)


def test_concluding_without_conclusions(org, reported, login):
    open_review(org, reported, "interim")
    response = login(org.alice).post(conclude_url(reported, "interim"), {"conclusions": "  "})
    assert response.status_code == 200
    assert "This field is required." in html_of(response)
    review = CampaignReview.objects.get()
    assert (review.concluded_at, review.conclusions, review.snapshot) == (None, "", {})


def test_concluding_a_review_never_opened(org, reported, login):
    response = login(org.alice).post(conclude_url(reported, "final"), {"conclusions": "Kết luận."})
    assert response.status_code == 200
    assert "Open the final review before concluding it." in html_of(response)
    assert not CampaignReview.objects.exists()
    reported.refresh_from_db()
    assert reported.status == Campaign.Status.LAUNCHED


def test_the_conclusion_asks_for_confirmation_in_a_dialog(org, reported, login):
    open_review(org, reported, "final")
    page = html_of(login(org.alice).get(detail_url(reported, "final")))
    assert 'data-bs-toggle="modal"' in page
    assert "Concluding the final review closes the campaign" in page


def test_the_final_review_closes_the_campaign_and_locks_every_report(org, reported, login):
    technical = commitment_of(reported.covenants.get(), org.technical)
    pending = ProgressReport.objects.get(commitment=technical, period="Q2")
    client = login(org.alice)
    client.post(open_url(reported, "final"))
    response = client.post(conclude_url(reported, "final"), {"conclusions": "Tổng kết năm 2020."})

    assert messages_of(response)[-1] == (
        "The final review is concluded. The campaign is closed and its reports are locked."
    )
    reported.refresh_from_db()
    assert reported.status == Campaign.Status.CLOSED
    assert reported.covenants.get().status == Covenant.Status.CLOSED

    # The officer can no longer review, the party can no longer report.
    refused = client.post(
        reverse("campaigns:report_review", args=[pending.pk]), {"decision": "accept"}
    )
    assert "The campaign is closed; its reports are locked." in html_of(refused)
    pending.refresh_from_db()
    assert pending.review == "pending"
    client.force_login(org.carol.user)
    refused = client.post(
        reverse("campaigns:report_submit", args=[technical.pk]),
        {f"c{technical.pk}-period": "Q4", f"c{technical.pk}-status": "met"},
    )
    assert "The campaign is closed; its reports are locked." in html_of(refused)
    assert not ProgressReport.objects.filter(period="Q4").exists()
    # The concluded review reads the same for everyone, and prints.
    client.force_login(org.bob.user)
    page = html_of(client.get(detail_url(reported, "final")))
    assert "Tổng kết năm 2020." in page
    assert "d-print-block" in page


# Query counts


def add_covenant(org, campaign, size):
    """Add a second covenant in force with `size` divisions, each with two reported commitments."""
    covenant = services.covenant_create(
        actor=org.alice.user,
        campaign=campaign,
        title="Giao ước bổ sung",
        signing_date=datetime.date(2020, 1, 15),
        signing_place="Lạng Sơn",
    )
    areas = list(campaign.focus_areas.order_by("number"))
    heads = []
    for i in range(size):
        unit = UnitFactory(code=f"P{i}", name=f"Phòng số {i}", parent=org.agency)
        user = UserFactory(username=f"head{i}", roles=[roles.UNIT_HEAD, roles.STAFF])
        person = PersonFactory(code=f"HEAD{i}", full_name=f"Trưởng phòng {i}", unit=unit, user=user)
        party = services.party_add(
            actor=org.alice.user, covenant=covenant, unit=unit, representative=person
        )
        for area in areas:
            services.commitment_save(
                actor=org.alice.user,
                commitment=Commitment(party=party),
                focus_area=area,
                text=f"Chỉ tiêu {area.number} của phòng {i}",
                measure="number",
                target=Decimal(5),
                due_date=datetime.date(2020, 12, 31),
            )
        heads.append((party, user))
    services.covenant_open(actor=org.alice.user, covenant=covenant)
    for party, user in heads:
        services.covenant_sign(actor=user, party=party)
    for party, user in heads:
        for commitment in party.commitments.all():
            submit(user, commitment, "Q1", "on_track")
    return covenant


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_the_review_query_count_does_not_grow_with_parties(org, reported, login):
    open_review(org, reported, "interim")
    client = login(org.alice)
    url = detail_url(reported, "interim")
    client.get(url)  # warm the session and content types
    small = count_queries(client, url)
    add_covenant(org, reported, 6)
    response = client.get(url)
    assert len(response.context["party_rows"]) == 9
    assert count_queries(client, url) == small
