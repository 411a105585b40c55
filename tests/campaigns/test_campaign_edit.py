"""Creating and editing a campaign: officers only, dates checked, a closed campaign is read-only."""

import datetime

import pytest
from django.urls import reverse

from campaigns import services
from campaigns.models import Campaign, CampaignReview, Milestone
from organizations.models import Event
from tests.factories import CampaignFactory

pytestmark = pytest.mark.usefixtures("english")

CREATE_URL = reverse("campaigns:campaign_create")


def edit_url(campaign):
    return reverse("campaigns:campaign_edit", args=[campaign.code])


def form_data(org, **changes):
    data = {
        "name": "Phong trào thi đua năm 2021",
        "kind": "regular",
        "organiser": org.agency.pk,
        "parent": "",
        "parent_title": "Thi đua yêu nước tỉnh Lạng Sơn",
        "start_date": "01/01/2021",
        "end_date": "31/12/2021",
        "launch_date": "",
        "launch_event": "",
        "objectives": "Hoàn thành xuất sắc nhiệm vụ năm 2021.",
    }
    data.update(changes)
    return data


def snapshot(campaign):
    campaign.refresh_from_db()
    return (campaign.name, campaign.start_date, campaign.end_date, campaign.parent_id)


# Create


def test_an_officer_creates_a_draft_campaign(login, org):
    client = login(org.alice)
    page = client.get(CREATE_URL)
    assert page.status_code == 200
    assert page.context["form"].initial["organiser"] == org.agency
    response = client.post(CREATE_URL, form_data(org))
    campaign = Campaign.objects.get(name="Phong trào thi đua năm 2021")
    assert response.status_code == 302
    assert response["Location"] == campaign.get_absolute_url()
    assert campaign.status == Campaign.Status.DRAFT
    assert campaign.start_date == datetime.date(2021, 1, 1)
    assert campaign.organiser == org.agency
    assert campaign.created_by == org.alice.user
    assert Event.objects.filter(verb="campaign_created", summary=campaign.name).exists()
    page = client.get(response["Location"])
    assert "The campaign has been created." in page.content.decode()


def test_a_campaign_may_answer_another_campaign(campaign, login, org):
    login(org.alice).post(CREATE_URL, form_data(org, parent=campaign.pk, kind="thematic"))
    created = Campaign.objects.get(name="Phong trào thi đua năm 2021")
    assert created.parent == campaign
    assert created.kind == Campaign.Kind.THEMATIC


def test_staff_may_not_create_a_campaign(login, org):
    client = login(org.bob)
    assert client.get(CREATE_URL).status_code == 403
    assert client.post(CREATE_URL, form_data(org)).status_code == 403
    assert not Campaign.objects.exists()


def test_an_outsider_may_not_create_a_campaign(login, org):
    assert login(org.charlie).post(CREATE_URL, form_data(org)).status_code == 403
    assert not Campaign.objects.exists()


def test_an_end_before_the_start_is_refused(login, org):
    response = login(org.alice).post(CREATE_URL, form_data(org, end_date="31/12/2020"))
    assert response.status_code == 200
    assert "The campaign cannot end before it starts." in response.content.decode()
    assert not Campaign.objects.exists()


def test_an_organiser_outside_the_officer_scope_is_refused(login, org):
    response = login(org.alice).post(CREATE_URL, form_data(org, organiser=org.other.pk))
    assert response.status_code == 200
    assert "organiser" in response.context["form"].errors
    assert not Campaign.objects.exists()


def test_a_parent_campaign_of_another_agency_is_refused(login, org):
    foreign = CampaignFactory(organiser=org.other)
    response = login(org.alice).post(CREATE_URL, form_data(org, parent=foreign.pk))
    assert response.status_code == 200
    assert "parent" in response.context["form"].errors
    assert Campaign.objects.count() == 1


# Edit


def test_an_officer_edits_a_campaign(campaign, login, org):
    client = login(org.alice)
    page = client.get(edit_url(campaign))
    assert page.status_code == 200
    assert page.context["form"].initial["name"] == campaign.name
    assert 'value="01/01/2020"' in page.content.decode()
    response = client.post(
        edit_url(campaign),
        form_data(
            org,
            name="Phong trào thi đua năm 2020 (sửa)",
            start_date="01/01/2020",
            end_date="31/12/2020",
            launch_date="31/12/2019",
            launch_event="Hội nghị công chức, viên chức năm 2019",
        ),
    )
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.name == "Phong trào thi đua năm 2020 (sửa)"
    assert campaign.launch_event == "Hội nghị công chức, viên chức năm 2019"
    assert campaign.status == Campaign.Status.LAUNCHED
    assert Event.objects.filter(verb="campaign_edited").exists()


def test_editing_refuses_an_end_before_the_start(campaign, login, org):
    before = snapshot(campaign)
    response = login(org.alice).post(
        edit_url(campaign), form_data(org, start_date="01/01/2020", end_date="31/12/2019")
    )
    assert response.status_code == 200
    assert "The campaign cannot end before it starts." in response.content.decode()
    assert snapshot(campaign) == before


def test_editing_refuses_a_period_that_leaves_a_milestone_outside(campaign, login, org):
    before = snapshot(campaign)
    response = login(org.alice).post(
        edit_url(campaign), form_data(org, start_date="01/06/2020", end_date="31/12/2020")
    )
    assert response.status_code == 200
    assert "would fall outside the new period" in response.content.decode()
    assert snapshot(campaign) == before


def test_a_campaign_cannot_answer_itself_through_another(campaign, login, org):
    child = CampaignFactory(organiser=org.agency, parent=campaign)
    before = snapshot(campaign)
    response = login(org.alice).post(
        edit_url(campaign),
        form_data(org, parent=child.pk, start_date="01/01/2020", end_date="31/12/2020"),
    )
    assert response.status_code == 200
    assert "A campaign cannot answer itself" in response.content.decode()
    assert snapshot(campaign) == before


def test_a_campaign_is_not_offered_as_its_own_parent(campaign, login, org):
    form = login(org.alice).get(edit_url(campaign)).context["form"]
    assert campaign not in form.fields["parent"].queryset


def test_a_closed_campaign_cannot_be_edited(campaign, login, org):
    review = services.review_open(
        actor=org.alice.user, campaign=campaign, kind=CampaignReview.Kind.FINAL
    )
    services.review_conclude(
        actor=org.alice.user, review=review, conclusions="Hoàn thành.", snapshot={}
    )
    before = snapshot(campaign)
    client = login(org.alice)
    page = client.get(edit_url(campaign)).content.decode()
    assert "The campaign is closed and can no longer be changed." in page
    response = client.post(
        edit_url(campaign),
        form_data(org, name="Đổi tên", start_date="01/01/2020", end_date="31/12/2020"),
    )
    assert response.status_code == 200
    errors = response.context["form"].non_field_errors()
    assert errors == ["The campaign is closed and can no longer be changed."]
    assert snapshot(campaign) == before
    assert not Event.objects.filter(verb="campaign_edited").exists()


def test_staff_may_not_edit(campaign, login, org):
    before = snapshot(campaign)
    client = login(org.bob)
    assert client.get(edit_url(campaign)).status_code == 403
    response = client.post(edit_url(campaign), form_data(org, name="Đổi tên"))
    assert response.status_code == 403
    assert snapshot(campaign) == before


def test_an_outsider_gets_404(campaign, login, org):
    before = snapshot(campaign)
    client = login(org.charlie)
    assert client.get(edit_url(campaign)).status_code == 404
    assert client.post(edit_url(campaign), form_data(org, name="Đổi tên")).status_code == 404
    assert snapshot(campaign) == before


def test_milestones_keep_their_dates_when_the_period_grows(campaign, login, org):
    response = login(org.alice).post(
        edit_url(campaign), form_data(org, start_date="01/12/2019", end_date="31/12/2020")
    )
    assert response.status_code == 302
    assert Milestone.objects.get(campaign=campaign).date == datetime.date(2020, 5, 18)
