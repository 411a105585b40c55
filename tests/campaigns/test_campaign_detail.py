"""The campaign page: objectives, focus areas, milestones, documents, covenants and progress."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from campaigns import services
from campaigns.models import Campaign, Commitment, Milestone
from organizations import roles
from tests.factories import CampaignFactory, PersonFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.usefixtures("english", "media")

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


def url(campaign):
    return reverse("campaigns:campaign_detail", args=[campaign.code])


def report(org, party, status, period="Q1"):
    for commitment in party.commitments.all():
        services.report_submit(
            actor=org.alice.user,
            commitment=commitment,
            period=period,
            status=status,
            value=Decimal(90),
        )


def test_it_requires_sign_in(client, campaign):
    assert client.get(url(campaign)).status_code == 302


def test_an_outsider_gets_404(campaign, login, org):
    assert login(org.charlie).get(url(campaign)).status_code == 404


def test_it_shows_the_campaign_description(campaign, login, org):
    parent = CampaignFactory(organiser=org.agency, name="Phong trào thi đua của tỉnh")
    services.campaign_save(
        actor=org.alice.user,
        campaign=campaign,
        parent=parent,
        parent_title="Lạng Sơn cùng cả nước chung sức xây dựng nông thôn mới",
        launch_event="Hội nghị công chức, viên chức năm 2019",
    )
    response = login(org.bob).get(url(campaign))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Hoàn thành thắng lợi nhiệm vụ chính trị năm 2020." in html
    assert parent.get_absolute_url() in html
    assert "chung sức xây dựng nông thôn mới" in html
    assert "31/12/2019 · Hội nghị công chức, viên chức năm 2019" in html
    assert "1. Sáng kiến, ứng dụng KH&amp;CN" in html
    assert "2. Kỷ luật, kỷ cương hành chính" in html
    assert "18/05/2020" in html


def test_it_lists_documents_with_download_links(campaign, login, org):
    document = services.document_add(
        actor=org.alice.user,
        campaign=campaign,
        kind="plan",
        title="Kế hoạch thi đua năm 2020",
        upload=SimpleUploadedFile("ke-hoach.pdf", PDF, content_type="application/pdf"),
    )
    html = login(org.bob).get(url(campaign)).content.decode()
    assert "Kế hoạch thi đua năm 2020" in html
    assert reverse("campaigns:document_download", args=[document.pk]) in html


def test_it_highlights_the_next_milestone_and_mutes_past_ones(login, org):
    today = timezone.localdate()
    current = CampaignFactory(
        organiser=org.agency,
        status=Campaign.Status.LAUNCHED,
        start_date=today - datetime.timedelta(days=200),
        end_date=today + datetime.timedelta(days=200),
    )
    for days, title in [(30, "Sơ kết"), (-10, "Ngày đã qua"), (10, "Mốc sắp tới")]:
        services.milestone_save(
            actor=org.alice.user,
            milestone=Milestone(campaign=current),
            date=today + datetime.timedelta(days=days),
            title=title,
        )
    response = login(org.bob).get(url(current))
    assert response.context["next_milestone"].title == "Mốc sắp tới"
    titles = [m.title for m in response.context["milestones"]]
    assert titles == ["Ngày đã qua", "Mốc sắp tới", "Sơ kết"]
    html = response.content.decode()
    next_item = html[html.index('data-testid="next-milestone"') :]
    assert next_item.index("Mốc sắp tới") < next_item.index("Sơ kết")
    assert "Next</span>" in next_item[: next_item.index("Mốc sắp tới")]
    assert html.count('data-past="true"') == 1


def test_it_shows_each_covenant_with_its_signatures(covenant, leader, login, org):
    parties = list(covenant.parties.order_by("order"))
    services.covenant_sign(actor=leader.user, party=parties[0])
    services.covenant_sign(actor=org.dave.user, party=parties[1])
    response = login(org.bob).get(url(covenant.campaign))
    html = response.content.decode()
    assert "2/3 signed" in html
    assert "Open for signature" in html
    assert covenant.get_absolute_url() in html


def test_it_compiles_progress_by_party_and_by_focus_area(covenant_in_force, login, org):
    parties = {party.unit.code: party for party in covenant_in_force.parties.all()}
    report(org, parties["KT"], "met")
    report(org, parties["CD"], "at_risk")
    response = login(org.bob).get(url(covenant_in_force.campaign))
    rows = {row["label"]: row for row in response.context["party_rows"]}
    counts = {
        label: {s["status"]: s["count"] for s in row["segments"] if s["count"]}
        for label, row in rows.items()
    }
    assert counts == {
        "Ban lãnh đạo Sở": {"not_reported": 1},
        "Công đoàn cơ sở": {"at_risk": 1},
        "Phòng Quản lý công nghệ": {"met": 1},
    }
    [area] = response.context["area_rows"]
    assert area["label"] == "1. Sáng kiến, ứng dụng KH&CN"
    assert {s["status"]: s["count"] for s in area["segments"]} == {
        "met": 1,
        "on_track": 0,
        "at_risk": 1,
        "off_track": 0,
        "not_reported": 1,
    }
    # The bars' segments sit side by side and fill the whole width.
    widths = [float(s["width"]) for s in area["segments"]]
    assert sum(widths) == pytest.approx(100, abs=0.01)
    html = response.content.decode()
    assert 'data-testid="progress-by-party"' in html
    assert 'data-testid="progress-by-area"' in html
    assert "Not reported" in html
    assert "style=" not in html.split('data-testid="progress-by-party"')[1]


def test_the_progress_is_counted_once_until_a_party_reports_again(covenant_in_force, login, org):
    parties = {party.unit.code: party for party in covenant_in_force.parties.all()}
    report(org, parties["KT"], "met")
    client = login(org.bob)

    def met():
        with CaptureQueriesContext(connection) as queries:
            page = client.get(url(covenant_in_force.campaign))
        overall = {s["status"]: s["count"] for s in page.context["overall"]["segments"]}
        tallied = [q for q in queries if '"campaigns_progressreport"."status"' in q["sql"]]
        return overall["met"], len(tallied)

    first, counted = met()
    again, kept = met()
    assert (first, again) == (1, 1) and counted > 0 and kept == 0
    report(org, parties["CD"], "met")  # a service writes: counted afresh
    assert met()[0] == 2


def test_an_officer_sees_the_management_actions(campaign, login, org):
    html = login(org.alice).get(url(campaign)).content.decode()
    code = campaign.code
    for name, args in [
        ("campaigns:campaign_edit", [code]),
        ("campaigns:focus_area_add", [code]),
        ("campaigns:milestone_add", [code]),
        ("campaigns:document_add", [code]),
        ("campaigns:covenant_create", [code]),
        ("campaigns:review_detail", [code, "interim"]),
        ("campaigns:review_detail", [code, "final"]),
        ("campaigns:reports_pending", [code]),
    ]:
        assert reverse(name, args=args) in html, name
    # Already launched: no launch button.
    assert reverse("campaigns:campaign_launch", args=[code]) not in html


def test_an_officer_can_launch_a_draft_from_its_page(login, org):
    draft = CampaignFactory(organiser=org.agency)
    html = login(org.alice).get(url(draft)).content.decode()
    assert reverse("campaigns:campaign_launch", args=[draft.code]) in html
    assert "Add at least one focus area, then launch it." in html


def test_staff_see_no_management_buttons(campaign, login, org):
    html = login(org.bob).get(url(campaign)).content.decode()
    assert 'data-testid="officer-actions"' not in html
    for name in ["campaign_edit", "focus_area_add", "milestone_add", "document_add"]:
        assert reverse(f"campaigns:{name}", args=[campaign.code]) not in html
    assert reverse("campaigns:covenant_create", args=[campaign.code]) not in html
    area = campaign.focus_areas.first()
    assert reverse("campaigns:focus_area_edit", args=[campaign.code, area.pk]) not in html


def _extra_covenant(org, campaign, index, size):
    """Add a covenant in force with `size` new divisions as parties, each reporting."""
    covenant = services.covenant_create(
        actor=org.alice.user,
        campaign=campaign,
        title=f"Giao ước bổ sung {index}",
        signing_date=datetime.date(2020, 1, 15),
        signing_place="Lạng Sơn",
    )
    signers = []
    for n in range(size):
        unit = UnitFactory(code=f"P{index}{n}", name=f"Phòng {index}.{n}", parent=org.agency)
        user = UserFactory(username=f"head{index}{n}", roles=[roles.UNIT_HEAD, roles.STAFF])
        person = PersonFactory(code=f"HEAD{index}{n}", unit=unit, user=user)
        party = services.party_add(
            actor=org.alice.user, covenant=covenant, unit=unit, representative=person
        )
        for area in campaign.focus_areas.all():
            services.commitment_save(
                actor=org.alice.user,
                commitment=Commitment(party=party),
                focus_area=area,
                text=f"Chỉ tiêu {area.number} của {unit.name}",
                measure="number",
                target=Decimal(5),
                due_date=datetime.date(2020, 12, 31),
            )
        signers.append((party, user))
    services.covenant_open(actor=org.alice.user, covenant=covenant)
    for party, user in signers:
        services.covenant_sign(actor=user, party=party)
    for party, _user in signers:
        report(org, party, "on_track")
        report(org, party, "met", period="Q2")
    return covenant


def count_queries(client, campaign):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url(campaign))
    assert response.status_code == 200
    return len(queries)


def test_the_number_of_queries_does_not_grow_with_the_data(covenant_in_force, login, org):
    campaign = covenant_in_force.campaign
    parties = {party.unit.code: party for party in covenant_in_force.parties.all()}
    report(org, parties["KT"], "met")
    client = login(org.alice)
    before = count_queries(client, campaign)
    for index in range(2):
        _extra_covenant(org, campaign, index, size=3)
    for day in range(1, 6):
        services.milestone_save(
            actor=org.alice.user,
            milestone=Milestone(campaign=campaign),
            date=datetime.date(2020, 6, day),
            title=f"Mốc {day}",
        )
        services.document_add(
            actor=org.alice.user,
            campaign=campaign,
            kind="report",
            title=f"Báo cáo {day}",
            upload=SimpleUploadedFile(f"bao-cao-{day}.pdf", PDF),
        )
    services.covenant_amend(actor=org.alice.user, covenant=covenant_in_force)
    after = count_queries(client, campaign)
    assert len(login(org.alice).get(url(campaign)).context["party_rows"]) == 9
    assert after == before
