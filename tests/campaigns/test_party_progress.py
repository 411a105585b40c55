"""The party's progress screen: every commitment, its reports by period and a quick update form."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from campaigns import services
from campaigns.forms.progress import default_period
from campaigns.models import CampaignReview, Commitment
from tests.factories import CampaignFactory

pytestmark = pytest.mark.usefixtures("english", "media")

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def url(party):
    return reverse("campaigns:party_progress", args=[party.pk])


def pdf(name="bien-ban.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def report(user, commitment, period="Q1", status="on_track", value=Decimal(50), files=()):
    return services.report_submit(
        actor=user,
        commitment=commitment,
        period=period,
        status=status,
        value=value,
        narrative=f"Báo cáo {period}",
        files=list(files),
    )


def sign_all(org, leader, covenant):
    for party, user in zip(
        covenant.parties.order_by("order"),
        [leader.user, org.dave.user, org.carol.user],
        strict=True,
    ):
        services.covenant_sign(actor=user, party=party)
    covenant.refresh_from_db()
    return covenant


def add_commitments(org, party, count, *, measure="number"):
    areas = list(party.covenant.campaign.focus_areas.order_by("number"))
    return [
        services.commitment_save(
            actor=org.alice.user,
            commitment=Commitment(party=party),
            focus_area=areas[i % len(areas)],
            text=f"Chỉ tiêu bổ sung số {i + 1}",
            measure=measure,
            unit_label="" if measure == "yes_no" else "sáng kiến",
            target=Decimal(1) if measure == "yes_no" else Decimal(10),
            due_date=datetime.date(2020, 12, 31),
        )
        for i in range(count)
    ]


def close_campaign(org, campaign):
    services.review_open(actor=org.alice.user, campaign=campaign, kind="final")
    services.review_conclude(
        actor=org.alice.user,
        review=CampaignReview.objects.get(campaign=campaign, kind="final"),
        conclusions="Tổng kết năm 2020.",
    )


def forms_on(response):
    return response.content.decode().count('data-testid="report-form"')


def test_it_requires_sign_in(client, org, covenant_in_force):
    party = covenant_in_force.parties.get(unit=org.technical)
    assert client.get(url(party)).status_code == 302


@pytest.mark.parametrize("persona", ["alice", "bob", "carol", "dave"])
def test_everyone_in_the_agency_sees_the_screen(org, covenant_in_force, login, persona):
    party = covenant_in_force.parties.get(unit=org.technical)
    response = login(getattr(org, persona)).get(url(party))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Progress of Phòng Quản lý công nghệ" in page
    assert "1. Sáng kiến, ứng dụng KH&amp;CN" in page
    assert "100% hồ sơ công việc được xử lý trên phần mềm" in page
    assert page.count('id="party-summary"') == 1
    assert "hx-swap-oob" not in page


def test_the_outsider_gets_404(org, covenant_in_force, login):
    party = covenant_in_force.parties.get(unit=org.technical)
    assert login(org.charlie).get(url(party)).status_code == 404


def test_unknown_party_is_404(org, covenant_in_force, login):
    assert (
        login(org.alice).get(reverse("campaigns:party_progress", args=[999999])).status_code == 404
    )


def test_the_update_form_is_only_for_those_who_report_for_the_party(
    org, leader, covenant_in_force, login, client
):
    parties = {party.unit_id: party for party in covenant_in_force.parties.all()}
    board, union, technical = (
        parties[leader.unit.pk],
        parties[org.union.pk],
        parties[org.technical.pk],
    )
    expectations = [
        (org.carol, technical, 1),
        (org.carol, union, 0),
        (org.dave, union, 1),
        (org.dave, technical, 0),
        (leader, board, 1),
        (leader, technical, 0),
        (org.bob, technical, 0),
        (org.alice, technical, 1),
        (org.alice, board, 1),
    ]
    for persona, party, forms in expectations:
        client.force_login(persona.user)
        response = client.get(url(party))
        assert forms_on(response) == forms, (persona.user.username, str(party.unit))


def test_it_groups_commitments_by_focus_area(org, leader, covenant, login):
    technical = covenant.parties.get(unit=org.technical)
    add_commitments(org, technical, 3)
    sign_all(org, leader, covenant)
    response = login(org.carol).get(url(technical))
    groups = response.context["groups"]
    assert [(area.number, len(items)) for area, items in groups] == [(1, 3), (2, 1)]
    assert forms_on(response) == 4


def test_it_shows_each_period_with_value_evidence_and_review(org, covenant_in_force, login):
    technical = covenant_in_force.parties.get(unit=org.technical)
    commitment = technical.commitments.get()
    q1 = report(org.carol.user, commitment, "Q1", "on_track", Decimal(85), files=[pdf()])
    services.report_review(actor=org.alice.user, report=q1, accept=True)
    q2 = report(org.carol.user, commitment, "Q2", "at_risk", Decimal("87.5"))
    services.report_review(
        actor=org.alice.user, report=q2, accept=False, comment="Bổ sung biên bản kiểm tra."
    )
    report(org.carol.user, commitment, "H1", "at_risk", Decimal(88))

    page = login(org.bob).get(url(technical)).content.decode()

    text = " ".join(re.sub(r"<[^>]+>", " ", page).split())
    for shown in ["Quarter 1", "Quarter 2", "First half-year", "85% / 100%", "87.50% / 100%"]:
        assert shown in text
    assert page.index("Quarter 2") < page.index("First half-year")
    assert "bien-ban.pdf" in page
    evidence = q1.evidence.get()
    assert reverse("campaigns:evidence_download", args=[evidence.pk]) in page
    assert 'data-review="accepted"' in page
    assert 'data-review="returned"' in page
    assert "Bổ sung biên bản kiểm tra." in page
    assert 'data-review="pending"' in page
    # The latest period gives the commitment its status.
    assert response_latest_status(page) == "At risk"


def response_latest_status(page):
    start = page.index('data-testid="latest-status"')
    badge = page.index('data-testid="status-badge">', start) + len('data-testid="status-badge">')
    return page[badge : page.index("<", badge)]


def test_yes_no_commitments_have_a_done_box_instead_of_a_value(org, leader, covenant, login):
    technical = covenant.parties.get(unit=org.technical)
    add_commitments(org, technical, 1, measure="yes_no")
    sign_all(org, leader, covenant)
    yes_no = technical.commitments.get(measure="yes_no")
    page = login(org.carol).get(url(technical)).content.decode()
    assert f'name="c{yes_no.pk}-done"' in page
    assert f'name="c{yes_no.pk}-value"' not in page
    number = technical.commitments.get(measure="percentage")
    assert f'name="c{number.pk}-value"' in page


def test_the_form_offers_several_evidence_files(org, covenant_in_force, login):
    technical = covenant_in_force.parties.get(unit=org.technical)
    commitment = technical.commitments.get()
    page = login(org.carol).get(url(technical)).content.decode()
    assert f'name="c{commitment.pk}-evidence"' in page
    assert "multiple" in page
    assert f'hx-post="{reverse("campaigns:report_submit", args=[commitment.pk])}"' in page
    assert 'enctype="multipart/form-data"' in page


def test_a_past_campaign_defaults_to_its_last_quarter(org, covenant_in_force, login):
    technical = covenant_in_force.parties.get(unit=org.technical)
    commitment = technical.commitments.get()
    response = login(org.carol).get(url(technical))
    form = response.context["groups"][0][1][0].form
    assert form["period"].value() == "Q4"
    assert '<option value="Q4" selected>' in response.content.decode()
    assert commitment.pk == response.context["groups"][0][1][0].pk


def test_the_form_is_filled_from_the_default_period_report_while_it_can_change(
    org, covenant_in_force, login
):
    technical = covenant_in_force.parties.get(unit=org.technical)
    commitment = technical.commitments.get()
    report(org.carol.user, commitment, "Q4", "met", Decimal(100))
    response = login(org.carol).get(url(technical))
    form = response.context["groups"][0][1][0].form
    assert form["status"].value() == "met"
    assert form["value"].value() == Decimal(100)


@pytest.mark.parametrize(
    "today, expected",
    [
        (datetime.date(2020, 5, 3), "Q2"),
        (datetime.date(2020, 9, 30), "Q3"),
        (datetime.date(2020, 10, 1), "Q4"),
        (datetime.date(2019, 12, 31), "Q1"),  # before the campaign: its first quarter
        (datetime.date(2026, 3, 1), "Q4"),  # after the campaign: its last quarter
    ],
)
def test_default_period_is_todays_quarter_clamped_to_the_campaign(db, today, expected):
    campaign = CampaignFactory.build(
        start_date=datetime.date(2020, 1, 1), end_date=datetime.date(2020, 12, 31)
    )
    assert default_period(campaign, today) == expected


def test_a_covenant_still_open_shows_no_form(org, covenant, login):
    technical = covenant.parties.get(unit=org.technical)
    response = login(org.carol).get(url(technical))
    assert response.status_code == 200
    assert "Progress is reported once every party has signed the covenant." in (
        response.content.decode()
    )
    assert forms_on(response) == 0


def test_a_closed_campaign_shows_its_reports_locked(org, covenant_in_force, login):
    technical = covenant_in_force.parties.get(unit=org.technical)
    report(org.carol.user, technical.commitments.get(), "Q3", "met", Decimal(100))
    close_campaign(org, covenant_in_force.campaign)
    response = login(org.carol).get(url(technical))
    page = response.content.decode()
    assert "The campaign is closed: its reports are locked" in page
    assert "Quarter 3" in page
    assert forms_on(response) == 0


def test_officers_get_a_link_to_the_review_queue(org, covenant_in_force, login, client):
    technical = covenant_in_force.parties.get(unit=org.technical)
    queue = reverse("campaigns:reports_pending", args=[covenant_in_force.campaign.code])
    assert queue in login(org.alice).get(url(technical)).content.decode()
    client.force_login(org.carol.user)
    assert queue not in client.get(url(technical)).content.decode()


def count_queries(client, party):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url(party))
    assert response.status_code == 200
    return len(queries)


def test_query_count_does_not_grow_with_commitments_and_reports(org, leader, covenant, login):
    union = covenant.parties.get(unit=org.union)
    technical = covenant.parties.get(unit=org.technical)
    add_commitments(org, technical, 11)
    sign_all(org, leader, covenant)
    report(org.dave.user, union.commitments.get(), "Q1", files=[pdf()])
    for commitment in technical.commitments.all():
        for period in ["Q1", "Q2", "H1", "Q3"]:
            report(org.carol.user, commitment, period, files=[pdf(), pdf("anh.pdf")])
    client = login(org.alice)
    client.get(url(union))  # warm the session and content types
    small = count_queries(client, union)
    large = count_queries(client, technical)
    assert technical.commitments.count() == 12
    assert large == small
