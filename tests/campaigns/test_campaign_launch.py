"""Launching a campaign: a confirmation page, then everyone in the agency is told."""

import datetime

import pytest
from django.urls import reverse

from campaigns import services
from campaigns.models import Campaign, FocusArea
from organizations.models import Event, Notification
from tests.factories import CampaignFactory, UnitFactory

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def draft(org, leader):
    """A draft 2021 campaign of SKHCN with one focus area."""
    campaign = CampaignFactory(
        organiser=org.agency,
        name="Phong trào thi đua năm 2021",
        start_date=datetime.date(2021, 1, 1),
        end_date=datetime.date(2021, 12, 31),
    )
    services.focus_area_save(
        actor=org.alice.user,
        focus_area=FocusArea(campaign=campaign),
        number=1,
        title="Sáng kiến, ứng dụng KH&CN",
    )
    return campaign


def url(campaign):
    return reverse("campaigns:campaign_launch", args=[campaign.code])


def state(campaign):
    campaign.refresh_from_db()
    return (campaign.status, campaign.launch_date)


def test_the_confirmation_page_says_what_will_happen(draft, login, org):
    response = login(org.alice).get(url(draft))
    assert response.status_code == 200
    html = response.content.decode()
    assert "notify everyone working in Sở Khoa học và Công nghệ" in html
    assert 'data-testid="confirm-launch"' in html
    assert state(draft) == (Campaign.Status.DRAFT, None)
    assert not Notification.objects.exists()


def test_launching_notifies_the_agency_in_the_portal_and_by_email(
    draft, login, org, leader, mailoutbox, django_capture_on_commit_callbacks
):
    for persona, email in [(org.alice, "alice@skhcn.example"), (org.carol, "carol@skhcn.example")]:
        persona.user.email = email
        persona.user.save(update_fields=["email"])
    org.charlie.user.email = "charlie@stc.example"
    org.charlie.user.save(update_fields=["email"])
    client = login(org.alice)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(draft))
    assert response.status_code == 302
    assert response["Location"] == draft.get_absolute_url()
    status, launch_date = state(draft)
    assert status == Campaign.Status.LAUNCHED
    assert launch_date is not None
    notified = set(Notification.objects.values_list("recipient__username", flat=True))
    assert notified == {"alice", "bob", "carol", "dave", "lena"}
    notice = Notification.objects.first()
    assert notice.title == "Campaign launched: Phong trào thi đua năm 2021"
    assert notice.url == draft.get_absolute_url()
    assert sorted(mail.to[0] for mail in mailoutbox) == [
        "alice@skhcn.example",
        "carol@skhcn.example",
    ]
    assert mailoutbox[0].subject == "Campaign launched: Phong trào thi đua năm 2021"
    assert Event.objects.filter(verb="campaign_launched").count() == 1
    page = client.get(response["Location"]).content.decode()
    assert "The campaign has been launched" in page


def test_a_campaign_organised_by_a_division_still_notifies_the_whole_agency(
    draft, login, org, django_capture_on_commit_callbacks
):
    services.campaign_save(actor=org.alice.user, campaign=draft, organiser=org.technical)
    with django_capture_on_commit_callbacks(execute=True):
        login(org.alice).post(url(draft))
    notified = set(Notification.objects.values_list("recipient__username", flat=True))
    assert notified == {"alice", "bob", "carol", "dave", "lena"}


def test_a_launch_date_set_beforehand_is_kept(draft, login, org):
    services.campaign_save(
        actor=org.alice.user, campaign=draft, launch_date=datetime.date(2020, 12, 30)
    )
    login(org.alice).post(url(draft))
    assert state(draft) == (Campaign.Status.LAUNCHED, datetime.date(2020, 12, 30))


def test_launching_twice_is_refused_and_changes_nothing(
    draft, login, org, mailoutbox, django_capture_on_commit_callbacks
):
    client = login(org.alice)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url(draft))
    before = (state(draft), Notification.objects.count(), len(mailoutbox))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(draft), follow=True)
    assert "Only a draft campaign can be launched; this one is already launched." in (
        response.content.decode()
    )
    assert (state(draft), Notification.objects.count(), len(mailoutbox)) == before
    assert Event.objects.filter(verb="campaign_launched").count() == 1
    page = client.get(url(draft)).content.decode()
    assert 'data-testid="launch-problems"' in page
    assert 'data-testid="confirm-launch"' not in page


def test_launching_without_a_focus_area_is_refused(login, org, leader):
    empty = CampaignFactory(organiser=org.agency)
    client = login(org.alice)
    page = client.get(url(empty)).content.decode()
    assert "Add at least one focus area before launching the campaign." in page
    assert 'data-testid="confirm-launch"' not in page
    response = client.post(url(empty), follow=True)
    assert "Add at least one focus area before launching the campaign." in (
        response.content.decode()
    )
    assert state(empty) == (Campaign.Status.DRAFT, None)
    assert not Notification.objects.exists()


def test_staff_may_not_launch_a_draft_they_cannot_see(draft, login, org):
    client = login(org.bob)
    assert client.get(url(draft)).status_code == 404
    assert client.post(url(draft)).status_code == 404
    assert state(draft) == (Campaign.Status.DRAFT, None)
    assert not Notification.objects.exists()


def test_an_outsider_gets_404(draft, login, org):
    client = login(org.charlie)
    assert client.get(url(draft)).status_code == 404
    assert client.post(url(draft)).status_code == 404
    assert state(draft) == (Campaign.Status.DRAFT, None)


def test_an_officer_of_another_agency_gets_404(draft, client, org):
    from organizations import roles
    from tests.factories import PersonFactory, UserFactory

    user = UserFactory(username="oscar", roles=[roles.OFFICER, roles.STAFF])
    PersonFactory(code="OSCAR", unit=UnitFactory(code="OTHER-VP", parent=org.other), user=user)
    client.force_login(user)
    assert client.post(url(draft)).status_code == 404
    assert state(draft) == (Campaign.Status.DRAFT, None)
