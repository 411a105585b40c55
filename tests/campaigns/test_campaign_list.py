"""The campaign list: the agency's campaigns, filtered by year, kind, status and name."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from campaigns import services
from campaigns.models import Campaign
from organizations.actors import SYSTEM
from tests.factories import CampaignFactory

pytestmark = pytest.mark.usefixtures("english")

URL = reverse("campaigns:campaign_list")


def names(response):
    return [campaign.name for campaign in response.context["page"].object_list]


def add_campaign(org, name, *, year=2021, kind="regular", organiser=None, status="draft"):
    return CampaignFactory(
        organiser=organiser or org.agency,
        name=name,
        kind=kind,
        status=status,
        start_date=datetime.date(year, 1, 1),
        end_date=datetime.date(year, 12, 31),
    )


def test_it_requires_sign_in(client, org):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_it_lists_the_agency_campaigns_with_what_each_row_needs(campaign, covenant, login, org):
    response = login(org.bob).get(URL)
    assert response.status_code == 200
    assert names(response) == ["Phong trào thi đua hoàn thành nhiệm vụ năm 2020"]
    row = response.context["page"].object_list[0]
    assert row.covenant_count == 1
    html = response.content.decode()
    assert "01/01/2020–31/12/2020" in html
    assert "Regular (yearly)" in html
    assert "Sở Khoa học và Công nghệ" in html
    assert "Launched" in html
    assert campaign.get_absolute_url() in html


def test_amendments_do_not_count_as_more_covenants(covenant_in_force, login, org):
    services.covenant_amend(actor=org.alice.user, covenant=covenant_in_force)
    response = login(org.alice).get(URL)
    assert response.context["page"].object_list[0].covenant_count == 1


def test_an_outsider_sees_none_of_the_agency_campaigns(campaign, login, org):
    own = CampaignFactory(
        organiser=org.other, name="Phong trào của Sở Tài chính", status=Campaign.Status.LAUNCHED
    )
    response = login(org.charlie).get(URL)
    assert names(response) == [own.name]


def test_staff_of_a_division_sees_a_campaign_organised_by_another_division(login, org):
    add_campaign(
        org, "Thi đua của Phòng Quản lý công nghệ", organiser=org.technical, status="launched"
    )
    response = login(org.bob).get(URL)
    assert names(response) == ["Thi đua của Phòng Quản lý công nghệ"]


def test_a_draft_is_its_author_s_and_the_officer_s_until_it_is_launched(campaign, login, org):
    draft = add_campaign(org, "Phong trào thi đua năm 2021 (dự thảo)")
    for person in (org.bob, org.carol, org.dave):
        client = login(person)
        assert names(client.get(URL)) == [campaign.name]
        assert client.get(draft.get_absolute_url()).status_code == 404
    assert draft.name in names(login(org.alice).get(URL))
    assert login(org.alice).get(draft.get_absolute_url()).status_code == 200
    # Its author keeps it when no longer the officer.
    Campaign.objects.filter(pk=draft.pk).update(created_by=org.carol.user)
    assert draft.name in names(login(org.carol).get(URL))


def test_it_filters_by_year_kind_and_status(campaign, login, org):
    add_campaign(org, "Phong trào năm 2021", year=2021)
    add_campaign(org, "Đợt thi đua 18/5", year=2020, kind="periodic")
    client = login(org.alice)
    assert set(names(client.get(URL, {"year": 2020}))) == {
        campaign.name,
        "Đợt thi đua 18/5",
    }
    assert names(client.get(URL, {"kind": "periodic"})) == ["Đợt thi đua 18/5"]
    assert names(client.get(URL, {"status": "launched"})) == [campaign.name]
    assert set(names(client.get(URL, {"status": "draft", "year": 2021}))) == {"Phong trào năm 2021"}


def test_the_year_choices_are_the_years_that_have_campaigns(campaign, login, org):
    add_campaign(org, "Phong trào năm 2021", year=2021)
    response = login(org.alice).get(URL)
    choices = [value for value, _label in response.context["filter"].form.fields["year"].choices]
    assert choices == ["", "2021", "2020"]


def test_an_unknown_year_is_a_form_error_not_a_crash(campaign, login, org):
    response = login(org.alice).get(URL, {"year": "abc"})
    assert response.status_code == 200
    assert "year" in response.context["filter"].form.errors


@pytest.mark.parametrize("query", ["thi đua", "thi dua", "THI DUA HOAN THANH", "nhiệm vụ"])
def test_it_searches_names_with_or_without_diacritics(campaign, login, org, query):
    add_campaign(org, "Đợt cao điểm Ngày KH&CN")
    response = login(org.alice).get(URL, {"q": query})
    assert names(response) == [campaign.name]


def test_it_paginates(login, org, settings):
    Campaign.objects.bulk_create(
        [
            Campaign(
                name=f"Đợt thi đua số {i:02d}",
                organiser=org.agency,
                start_date=datetime.date(2020, 1, 1),
                end_date=datetime.date(2020, 12, 31),
            )
            for i in range(settings.PAGE_SIZE + 3)
        ]
    )
    response = login(org.alice).get(URL, {"page": 2})
    assert response.context["page"].number == 2
    assert len(names(response)) == 3


def test_an_officer_gets_a_create_button_and_an_empty_state_that_says_what_to_do(login, org):
    html = login(org.alice).get(URL).content.decode()
    assert 'data-testid="create-campaign"' in html
    assert 'data-testid="empty-state"' in html
    assert "Create a campaign" in html
    assert reverse("campaigns:campaign_create") in html


def test_staff_get_neither_the_create_button_nor_the_instructions_for_officers(login, org):
    html = login(org.bob).get(URL).content.decode()
    assert reverse("campaigns:campaign_create") not in html
    assert 'data-testid="empty-state"' in html
    assert "The emulation officer creates and launches" in html


def test_a_filter_matching_nothing_says_so(campaign, login, org):
    html = login(org.alice).get(URL, {"q": "không có phong trào này"}).content.decode()
    assert "No campaign matches these filters" in html


def count_queries(client, params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL, params)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("params", [{}, {"q": "thi dua", "year": "2020", "status": "launched"}])
def test_the_number_of_queries_does_not_grow_with_the_campaigns(
    campaign, covenant, login, org, params
):
    client = login(org.alice)
    before = count_queries(client, params)
    for i in range(8):
        extra = add_campaign(org, f"Phong trào thi đua số {i}", year=2020)
        services.campaign_launch(actor=org.alice.user, campaign=_with_focus_area(extra))
        services.covenant_create(
            actor=org.alice.user,
            campaign=extra,
            title=f"Giao ước {i}",
            signing_date=datetime.date(2020, 1, 2),
            signing_place="Lạng Sơn",
        )
    assert count_queries(client, params) == before


def _with_focus_area(campaign):
    services.focus_area_save(
        actor=SYSTEM, focus_area=campaign.focus_areas.model(campaign=campaign), number=1, title="A"
    )
    return campaign
