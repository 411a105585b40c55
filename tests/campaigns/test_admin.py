"""Campaigns, covenants and progress are in the admin, for repairs: every model listed with search,
filters and joins; the workflow's fields and records of acts are not the admin's to change."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from campaigns import services
from campaigns.models import (
    Campaign,
    CampaignDocument,
    CampaignReview,
    Commitment,
    Covenant,
    Evidence,
    FocusArea,
    Milestone,
    ProgressReport,
    Signature,
)
from organizations.models import Event
from tests.admin_pages import (
    app_models,
    change_form_data,
    changelist_url,
    model_admin,
    unjoined_foreign_keys,
)
from tests.factories import CampaignFactory

pytestmark = pytest.mark.usefixtures("media")

MODELS = app_models("campaigns")
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def pdf(name="bien-ban.pdf"):
    return SimpleUploadedFile(name, PDF, "application/pdf")


def add_campaign(org, number):
    """Run one campaign through the services: a row of every model of the app."""
    officer = org.alice.user
    campaign = CampaignFactory(organiser=org.agency, name=f"Phong trào thi đua số {number}")
    area = services.focus_area_save(
        actor=officer, focus_area=FocusArea(campaign=campaign), number=1, title="Sáng kiến"
    )
    services.milestone_save(
        actor=officer,
        milestone=Milestone(campaign=campaign),
        date=datetime.date(2020, 5, 18),
        title="Ngày KH&CN Việt Nam",
        kind="commemoration",
    )
    services.document_add(
        actor=officer, campaign=campaign, kind="plan", title="Kế hoạch", upload=pdf("ke-hoach.pdf")
    )
    services.campaign_launch(
        actor=officer, campaign=campaign, launch_date=datetime.date(2020, 1, 2)
    )
    covenant = services.covenant_create(
        actor=officer,
        campaign=campaign,
        title=f"Giao ước thi đua số {number}",
        signing_date=datetime.date(2020, 1, 5),
        signing_place="Lạng Sơn",
    )
    commitments = []
    for unit, representative in [(org.technical, org.carol), (org.union, org.dave)]:
        party = services.party_add(
            actor=officer, covenant=covenant, unit=unit, representative=representative.person
        )
        commitments.append(
            services.commitment_save(
                actor=officer,
                commitment=Commitment(party=party),
                focus_area=area,
                text="100% hồ sơ công việc được xử lý trên phần mềm",
                measure="percentage",
                target=Decimal(100),
                baseline=Decimal(80),
                due_date=datetime.date(2020, 12, 31),
            )
        )
    services.covenant_open(actor=officer, covenant=covenant)
    for commitment, representative in zip(commitments, [org.carol, org.dave], strict=True):
        services.covenant_sign(actor=representative.user, party=commitment.party)
    report = services.report_submit(
        actor=org.carol.user,
        commitment=commitments[0],
        period="Q1",
        status="on_track",
        value=Decimal(85),
        files=[pdf()],
    )
    services.report_review(actor=officer, report=report, accept=True)
    services.review_open(actor=officer, campaign=campaign, kind="interim")
    return campaign


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response


def change_url(obj):
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_every_model_is_registered_with_search_filters_and_joins(model):
    registered = model_admin(model)
    assert registered.search_fields
    assert registered.list_filter
    assert registered.list_select_related
    assert unjoined_foreign_keys(registered) == []


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_the_changelist_costs_the_same_queries_for_one_row_or_five(org, admin_client, model):
    add_campaign(org, 1)
    one, _ = queries(admin_client, changelist_url(model))
    for number in range(2, 6):
        add_campaign(org, number)
    five, response = queries(admin_client, changelist_url(model))
    assert response.context["cl"].result_count >= 5
    assert five == one
    assert admin_client.get(changelist_url(model), {"q": "số 3"}).status_code == 200
    row = response.context["cl"].result_list[0]
    meta = model._meta
    page = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[row.pk])
    assert admin_client.get(page).status_code == 200


def test_staff_cannot_open_the_campaigns_admin(org, login):
    assert login(org.alice).get(changelist_url(Campaign)).status_code == 302


def test_the_admin_edits_a_campaign_but_not_its_status(campaign, admin_client):
    url = change_url(campaign)
    data = change_form_data(admin_client.get(url))
    data.update(name="Phong trào thi đua năm 2020 (sửa tên)", status=Campaign.Status.CLOSED)
    assert admin_client.post(url, data).status_code == 302
    campaign.refresh_from_db()
    assert campaign.name == "Phong trào thi đua năm 2020 (sửa tên)"  # a repair
    assert campaign.status == Campaign.Status.LAUNCHED  # the workflow's, not the admin's


def test_a_closed_campaign_is_shown_not_edited(org, campaign, admin_client):
    review = services.review_open(actor=org.alice.user, campaign=campaign, kind="final")
    services.review_conclude(actor=org.alice.user, review=review, conclusions="Hoàn thành.")
    url = change_url(campaign)
    page = admin_client.get(url)
    assert page.status_code == 200
    assert 'name="_save"' not in page.text
    assert admin_client.post(url, {"name": "Đổi tên sau khi tổng kết"}).status_code == 403
    campaign.refresh_from_db()
    assert campaign.name != "Đổi tên sau khi tổng kết"
    review_url = reverse("admin:campaigns_campaignreview_delete", args=[review.pk])
    assert admin_client.post(review_url, {"post": "yes"}).status_code == 403
    assert CampaignReview.objects.filter(pk=review.pk).exists()


def test_the_admin_never_changes_a_covenants_status(covenant, admin_client):
    url = change_url(covenant)
    data = change_form_data(admin_client.get(url))
    data.update(status=Covenant.Status.IN_FORCE, version="7", signing_place="Thành phố Lạng Sơn")
    assert admin_client.post(url, data).status_code == 302
    covenant.refresh_from_db()
    assert covenant.signing_place == "Thành phố Lạng Sơn"
    assert (covenant.status, covenant.version, covenant.in_force_at) == (
        Covenant.Status.OPEN,
        1,
        None,
    )


def test_what_the_parties_signed_is_not_edited_in_the_admin(covenant_in_force, admin_client):
    commitment = Commitment.objects.filter(party__covenant=covenant_in_force).first()
    party = commitment.party
    for obj in (covenant_in_force, party, commitment):
        assert admin_client.post(change_url(obj), {}).status_code == 403
    commitment.refresh_from_db()
    assert commitment.target == Decimal(100)


def test_a_commitment_of_an_open_covenant_is_still_repaired_in_the_admin(covenant, admin_client):
    commitment = Commitment.objects.filter(party__covenant=covenant).first()
    url = change_url(commitment)
    data = change_form_data(admin_client.get(url))
    data["target"] = "95"
    assert admin_client.post(url, data).status_code == 302
    commitment.refresh_from_db()
    assert commitment.target == Decimal(95)


def test_a_signature_is_never_added_changed_or_deleted_in_the_admin(
    covenant_in_force, admin_client
):
    signature = Signature.objects.filter(party__covenant=covenant_in_force).first()
    signer = signature.signer_name
    assert admin_client.get(reverse("admin:campaigns_signature_add")).status_code == 403
    page = admin_client.get(change_url(signature))
    assert page.status_code == 200  # shown, read-only
    assert 'name="_save"' not in page.text
    assert admin_client.post(change_url(signature), {"signer_name": "Ai đó"}).status_code == 403
    delete = reverse("admin:campaigns_signature_delete", args=[signature.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    signature.refresh_from_db()
    assert signature.signer_name == signer


def test_a_report_is_reviewed_on_the_pages_not_in_the_admin(org, covenant_in_force, admin_client):
    commitment = covenant_in_force.parties.get(unit=org.technical).commitments.get()
    report = services.report_submit(
        actor=org.carol.user, commitment=commitment, period="Q1", status="on_track", value=85
    )
    events = Event.objects.count()
    url = change_url(report)
    data = change_form_data(admin_client.get(url))
    data.update(review=ProgressReport.Review.ACCEPTED, review_comment="Tốt", narrative="Đã sửa")
    assert admin_client.post(url, data).status_code == 302
    report.refresh_from_db()
    assert report.narrative == "Đã sửa"
    assert (report.review, report.review_comment, report.reviewed_by) == ("pending", "", None)
    assert Event.objects.count() == events
    services.report_review(actor=org.alice.user, report=report, accept=True)
    assert admin_client.post(url, data).status_code == 403  # accepted: it stands as accepted


@pytest.mark.parametrize("model", [CampaignDocument, Evidence, ProgressReport, CampaignReview])
def test_files_reports_and_reviews_are_not_added_in_the_admin(admin_client, model):
    meta = model._meta
    assert admin_client.get(
        reverse(f"admin:{meta.app_label}_{meta.model_name}_add")
    ).status_code == (403)
