"""Focus areas (numbered) and milestones (dated within the campaign), added by the officer."""

import datetime

import pytest
from django.urls import reverse

from campaigns import services
from campaigns.models import CampaignReview, Milestone
from organizations.models import Event
from tests.factories import CampaignFactory, FocusAreaFactory

pytestmark = pytest.mark.usefixtures("english")


def areas(campaign):
    return list(campaign.focus_areas.order_by("number").values_list("number", "title", "text"))


def milestones(campaign):
    return list(campaign.milestones.order_by("date").values_list("date", "title", "kind"))


def add_area_url(campaign):
    return reverse("campaigns:focus_area_add", args=[campaign.code])


def edit_area_url(area):
    return reverse("campaigns:focus_area_edit", args=[area.campaign.code, area.pk])


def add_milestone_url(campaign):
    return reverse("campaigns:milestone_add", args=[campaign.code])


def edit_milestone_url(milestone):
    return reverse("campaigns:milestone_edit", args=[milestone.campaign.code, milestone.pk])


def close(campaign, org):
    review = services.review_open(
        actor=org.alice.user, campaign=campaign, kind=CampaignReview.Kind.FINAL
    )
    services.review_conclude(actor=org.alice.user, review=review, conclusions="Xong.", snapshot={})


# Focus areas


def test_an_officer_adds_a_focus_area_numbered_after_the_last(campaign, login, org):
    client = login(org.alice)
    page = client.get(add_area_url(campaign))
    assert page.status_code == 200
    assert page.context["form"].initial["number"] == 3
    response = client.post(
        add_area_url(campaign),
        {
            "number": 3,
            "title": "Tham gia các phong trào thi đua",
            "text": "Hưởng ứng phong trào “Lạng Sơn cùng cả nước chung sức xây dựng NTM”.",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == campaign.get_absolute_url()
    assert areas(campaign)[-1][:2] == (3, "Tham gia các phong trào thi đua")
    assert Event.objects.filter(verb="focus_area_saved").exists()


def test_an_officer_edits_a_focus_area(campaign, login, org):
    area = campaign.focus_areas.get(number=2)
    client = login(org.alice)
    assert client.get(edit_area_url(area)).context["form"].initial["title"] == area.title
    response = client.post(
        edit_area_url(area), {"number": 2, "title": "Kỷ luật, kỷ cương; cải cách hành chính"}
    )
    assert response.status_code == 302
    area.refresh_from_db()
    assert area.title == "Kỷ luật, kỷ cương; cải cách hành chính"


def test_a_duplicate_focus_area_number_is_refused(campaign, login, org):
    before = areas(campaign)
    response = login(org.alice).post(add_area_url(campaign), {"number": 1, "title": "Trùng số"})
    assert response.status_code == 200
    assert response.context["form"].errors["number"] == ["Focus area 1 already exists."]
    assert "Focus area 1 already exists." in response.content.decode()
    assert areas(campaign) == before


def test_renumbering_onto_another_focus_area_is_refused(campaign, login, org):
    area = campaign.focus_areas.get(number=2)
    before = areas(campaign)
    response = login(org.alice).post(edit_area_url(area), {"number": 1, "title": area.title})
    assert "Focus area 1 already exists." in response.content.decode()
    assert areas(campaign) == before


def test_a_focus_area_number_must_be_positive(campaign, login, org):
    before = areas(campaign)
    response = login(org.alice).post(add_area_url(campaign), {"number": 0, "title": "Số không"})
    assert response.status_code == 200
    assert "number" in response.context["form"].errors
    assert areas(campaign) == before


def test_a_closed_campaign_gets_no_new_focus_area(campaign, login, org):
    close(campaign, org)
    before = areas(campaign)
    response = login(org.alice).post(add_area_url(campaign), {"number": 3, "title": "Muộn"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "The campaign is closed and can no longer be changed."
    ]
    assert areas(campaign) == before


def test_a_focus_area_of_another_campaign_is_404(campaign, login, org):
    other = FocusAreaFactory(campaign=CampaignFactory(organiser=org.agency), number=1)
    wrong = reverse("campaigns:focus_area_edit", args=[campaign.code, other.pk])
    assert login(org.alice).post(wrong, {"number": 5, "title": "X"}).status_code == 404
    other.refresh_from_db()
    assert other.number == 1


def test_staff_may_not_add_or_edit_focus_areas(campaign, login, org):
    before = areas(campaign)
    client = login(org.bob)
    area = campaign.focus_areas.get(number=1)
    assert client.get(add_area_url(campaign)).status_code == 403
    assert client.post(add_area_url(campaign), {"number": 3, "title": "X"}).status_code == 403
    assert client.post(edit_area_url(area), {"number": 1, "title": "X"}).status_code == 403
    assert areas(campaign) == before


def test_an_outsider_gets_404_for_focus_areas(campaign, login, org):
    before = areas(campaign)
    client = login(org.charlie)
    area = campaign.focus_areas.get(number=1)
    assert client.post(add_area_url(campaign), {"number": 3, "title": "X"}).status_code == 404
    assert client.get(edit_area_url(area)).status_code == 404
    assert areas(campaign) == before


# Milestones


def test_an_officer_adds_a_milestone(campaign, login, org):
    client = login(org.alice)
    assert client.get(add_milestone_url(campaign)).status_code == 200
    response = client.post(
        add_milestone_url(campaign),
        {
            "date": "19/05/2020",
            "title": "130 năm Ngày sinh Chủ tịch Hồ Chí Minh",
            "kind": "commemoration",
            "note": "",
        },
    )
    assert response.status_code == 302
    assert milestones(campaign)[-1] == (
        datetime.date(2020, 5, 19),
        "130 năm Ngày sinh Chủ tịch Hồ Chí Minh",
        "commemoration",
    )


def test_an_officer_edits_a_milestone(campaign, login, org):
    milestone = campaign.milestones.get()
    response = login(org.alice).post(
        edit_milestone_url(milestone),
        {"date": "18/05/2020", "title": "Ngày KH&CN Việt Nam 18/5", "kind": "commemoration"},
    )
    assert response.status_code == 302
    milestone.refresh_from_db()
    assert milestone.title == "Ngày KH&CN Việt Nam 18/5"


@pytest.mark.parametrize("day", ["31/12/2019", "01/01/2021"])
def test_a_milestone_outside_the_campaign_is_refused(campaign, login, org, day):
    before = milestones(campaign)
    response = login(org.alice).post(
        add_milestone_url(campaign), {"date": day, "title": "Ngoài kỳ", "kind": "event"}
    )
    assert response.status_code == 200
    message = "The date must fall within the campaign (01/01/2020 – 31/12/2020)."
    assert response.context["form"].errors["date"] == [message]
    assert message in response.content.decode()
    assert milestones(campaign) == before


def test_moving_a_milestone_outside_the_campaign_is_refused(campaign, login, org):
    milestone = campaign.milestones.get()
    before = milestones(campaign)
    response = login(org.alice).post(
        edit_milestone_url(milestone),
        {"date": "18/05/2021", "title": milestone.title, "kind": milestone.kind},
    )
    assert "The date must fall within the campaign" in response.content.decode()
    assert milestones(campaign) == before


def test_an_unreadable_date_is_refused(campaign, login, org):
    before = milestones(campaign)
    response = login(org.alice).post(
        add_milestone_url(campaign), {"date": "18/13/2020", "title": "X", "kind": "event"}
    )
    assert response.status_code == 200
    assert "date" in response.context["form"].errors
    assert milestones(campaign) == before


def test_staff_may_not_add_or_edit_milestones(campaign, login, org):
    before = milestones(campaign)
    client = login(org.bob)
    data = {"date": "19/05/2020", "title": "X", "kind": "event"}
    assert client.get(add_milestone_url(campaign)).status_code == 403
    assert client.post(add_milestone_url(campaign), data).status_code == 403
    milestone = campaign.milestones.get()
    assert client.post(edit_milestone_url(milestone), data).status_code == 403
    assert milestones(campaign) == before


def test_an_outsider_gets_404_for_milestones(campaign, login, org):
    before = milestones(campaign)
    client = login(org.charlie)
    data = {"date": "19/05/2020", "title": "X", "kind": "event"}
    assert client.post(add_milestone_url(campaign), data).status_code == 404
    milestone = campaign.milestones.get()
    assert client.post(edit_milestone_url(milestone), data).status_code == 404
    assert milestones(campaign) == before


def test_a_milestone_of_another_campaign_is_404(campaign, login, org):
    other = CampaignFactory(organiser=org.agency)
    milestone = services.milestone_save(
        actor=org.alice.user,
        milestone=Milestone(campaign=other),
        date=datetime.date(2020, 3, 8),
        title="8/3",
    )
    wrong = reverse("campaigns:milestone_edit", args=[campaign.code, milestone.pk])
    assert login(org.alice).get(wrong).status_code == 404


def test_a_closed_campaign_gets_no_new_milestone(campaign, login, org):
    close(campaign, org)
    before = milestones(campaign)
    response = login(org.alice).post(
        add_milestone_url(campaign), {"date": "19/05/2020", "title": "Muộn", "kind": "event"}
    )
    assert response.context["form"].non_field_errors() == [
        "The campaign is closed and can no longer be changed."
    ]
    assert milestones(campaign) == before
