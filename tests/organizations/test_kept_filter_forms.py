"""A list's filter form is drawn once for each query, set of choices and language, then kept
(organizations.listing.form_version): its choices, values, errors and a chosen unit's name
show as they are now, whatever was kept before."""

import pytest
from django.conf import settings
from django.urls import reverse

from campaigns import services as campaign_services
from organizations.models import Unit

pytestmark = pytest.mark.usefixtures("english")

FIELD_TEMPLATE = "bootstrap5/field.html"


def drawn(response) -> bool:
    """Whether the filter form's fields were drawn for this response (crispy's field template)."""
    return FIELD_TEMPLATE in {template.name for template in response.templates}


def test_each_query_gets_its_own_values_and_errors_and_is_drawn_once(org, login, campaign):
    client = login(org.alice)
    url = reverse("awards:registration_table")
    first = client.get(url, {"q": "Nguyễn"})
    assert drawn(first) and 'value="Nguyễn"' in first.content.decode()
    again = client.get(url, {"q": "Nguyễn"})
    assert not drawn(again)
    assert 'value="Nguyễn"' in again.content.decode()
    other = client.get(url, {"q": "Trần"}).content.decode()
    assert 'value="Trần"' in other and 'value="Nguyễn"' not in other
    # A value the filter refuses says so on its field; the same field valid again does not.
    invalid = '<select name="campaign" class="select form-select is-invalid"'
    assert invalid in client.get(url, {"campaign": "not-a-campaign"}).content.decode()
    assert invalid not in client.get(url).content.decode()


def test_a_campaign_renamed_shows_in_the_filter_at_once(org, login, campaign):
    client = login(org.alice)
    url = reverse("awards:registration_table")
    old_name = campaign.name
    assert old_name in client.get(url).content.decode()
    campaign_services.campaign_save(
        actor=org.alice.user, campaign=campaign, name="Phong trào thi đua đổi tên"
    )
    page = client.get(url).content.decode()
    assert "Phong trào thi đua đổi tên" in page and old_name not in page


def test_a_unit_renamed_shows_under_the_chooser_at_once(org, login):
    client = login(org.alice)
    url = reverse("organizations:person_list")
    assert "Phòng Quản lý công nghệ</div>" in client.get(url, {"unit": "KT"}).content.decode()
    Unit.objects.filter(code="KT").update(name="Phòng Công nghệ số")
    page = client.get(url, {"unit": "KT"}).content.decode()
    assert '<div class="form-text" data-testid="unit-chosen">Phòng Công nghệ số</div>' in page


def test_the_filter_follows_the_readers_language(org, login, campaign):
    client = login(org.alice)
    url = reverse("awards:registration_table")
    assert "All campaigns" in client.get(url).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    page = client.get(url).content.decode()
    assert "Tất cả phong trào" in page and "All campaigns" not in page
