"""Commitments added, edited and removed inline (htmx) or on their own page, while editable."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from campaigns import services
from campaigns.models import Commitment, Party
from organizations.models import Event
from tests.pages import html_of

pytestmark = pytest.mark.usefixtures("english")

HTMX = {"HX-Request": "true"}


@pytest.fixture
def kt(covenant, org):
    """The technical division's party, for which carol speaks."""
    return Party.objects.get(covenant=covenant, unit=org.technical)


@pytest.fixture
def kt_commitment(kt):
    return kt.commitments.get()


def add_url(party):
    return reverse("campaigns:commitment_add", args=[party.pk])


def edit_url(commitment):
    return reverse("campaigns:commitment_edit", args=[commitment.pk])


def delete_url(commitment):
    return reverse("campaigns:commitment_delete", args=[commitment.pk])


def data(campaign, **changes):
    values = {
        "focus_area": campaign.focus_areas.get(number=2).pk,
        "text": "Ứng dụng chữ ký số cho 100% văn bản đi",
        "measure": "percentage",
        "unit_label": "%",
        "baseline": "60",
        "target": "95,5",
        "due_date": "30/09/2020",
    }
    values.update(changes)
    return values


def snapshot():
    """Return everything a commitment write may change, to compare before and after."""
    return (
        list(
            Commitment.objects.order_by("pk").values_list(
                "party_id", "focus_area_id", "text", "measure", "baseline", "target", "due_date"
            )
        ),
        Event.objects.count(),
    )


# Adding


def test_a_unit_head_adds_a_commitment_on_its_own_page(kt, campaign, org, login):
    client = login(org.carol)
    form = client.get(add_url(kt))
    assert form.status_code == 200
    assert "<html" in form.content.decode()  # a full page without htmx
    assert form.context["campaign"] == campaign
    response = client.post(add_url(kt), data(campaign))
    assert response.status_code == 302
    assert response["Location"].endswith(f"#party-{kt.pk}")
    added = kt.commitments.get(text="Ứng dụng chữ ký số cho 100% văn bản đi")
    assert added.target == Decimal("95.5")
    assert added.baseline == Decimal(60)
    assert added.due_date == datetime.date(2020, 9, 30)
    assert added.focus_area.number == 2
    assert Event.objects.filter(verb="commitment_added").count() == 4  # 3 from the fixture


def test_htmx_gets_the_form_as_a_row_and_saving_returns_the_partys_table(kt, campaign, org, login):
    client = login(org.carol)
    form = client.get(add_url(kt), headers=HTMX)
    body = form.content.decode()
    assert "<html" not in body
    assert body.lstrip().startswith("<tr")
    assert f'hx-post="{add_url(kt)}"' in body
    assert f'hx-target="#party-{kt.pk}-commitments"' in body

    response = client.post(add_url(kt), data(campaign), headers=HTMX)
    body = html_of(response)
    assert response.status_code == 200
    assert body.lstrip().startswith(f'<div id="party-{kt.pk}-commitments"')
    assert "Ứng dụng chữ ký số cho 100% văn bản đi" in body
    assert "2. Kỷ luật, kỷ cương hành chính" in body
    assert 'data-testid="commitment-form-row"' not in body
    assert kt.commitments.count() == 2


def test_htmx_errors_come_back_in_the_form_row(kt, campaign, org, login):
    before = snapshot()
    response = login(org.carol).post(add_url(kt), data(campaign, target="101"), headers=HTMX)
    body = html_of(response)
    assert response.status_code == 200
    assert 'data-testid="commitment-form-row"' in body
    assert "A percentage target cannot be above 100." in body
    assert snapshot() == before


def test_a_yes_no_commitment_is_done_when_met(kt, campaign, org, login):
    login(org.carol).post(add_url(kt), data(campaign, measure="yes_no", target="", baseline=""))
    added = kt.commitments.get(measure="yes_no")
    assert added.target == 1


def test_a_target_is_required_for_numbers(kt, campaign, org, login):
    before = snapshot()
    response = login(org.carol).post(add_url(kt), data(campaign, measure="number", target=""))
    assert response.status_code == 200
    assert "Enter the target." in html_of(response)
    assert snapshot() == before


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"target": "101"}, "A percentage target cannot be above 100."),
        ({"measure": "number", "target": "-3"}, "A target cannot be negative."),
        ({"baseline": "-1"}, "A baseline cannot be negative."),
        (
            {"due_date": "15/01/2021"},
            "The due date must fall within the campaign (01/01/2020 – 31/12/2020).",
        ),
        ({"due_date": "31/02/2020"}, "Enter a valid date."),
    ],
    ids=["percentage-over-100", "negative-target", "negative-baseline", "due-late", "bad-date"],
)
def test_bad_input_is_explained_and_changes_nothing(kt, campaign, org, login, changes, message):
    before = snapshot()
    response = login(org.carol).post(add_url(kt), data(campaign, **changes))
    assert response.status_code == 200
    assert message in html_of(response)
    assert snapshot() == before


def test_a_focus_area_of_another_campaign_is_refused(kt, campaign, org, login):
    from tests.factories import FocusAreaFactory

    elsewhere = FocusAreaFactory(number=9)
    before = snapshot()
    response = login(org.carol).post(add_url(kt), data(campaign, focus_area=elsewhere.pk))
    assert response.status_code == 200
    assert "Select a valid choice" in html_of(response)
    assert snapshot() == before


def test_staff_cannot_add_a_commitment(kt, campaign, org, login):
    before = snapshot()
    client = login(org.bob)
    assert client.get(add_url(kt)).status_code == 403
    assert client.post(add_url(kt), data(campaign)).status_code == 403
    assert snapshot() == before


def test_a_unit_head_cannot_add_to_another_party(covenant, campaign, org, login):
    union = covenant.parties.get(unit=org.union)
    before = snapshot()
    assert login(org.carol).post(add_url(union), data(campaign)).status_code == 403
    assert snapshot() == before


def test_the_union_chair_adds_for_the_union(covenant, campaign, org, login):
    union = covenant.parties.get(unit=org.union)
    response = login(org.dave).post(add_url(union), data(campaign))
    assert response.status_code == 302
    assert union.commitments.count() == 2


def test_an_outsider_gets_404(kt, campaign, org, login):
    client = login(org.charlie)
    assert client.get(add_url(kt)).status_code == 404
    assert client.post(add_url(kt), data(campaign)).status_code == 404


# Editing


def test_htmx_swaps_the_row_for_the_form_and_back(kt_commitment, campaign, org, login):
    client = login(org.carol)
    form = client.get(edit_url(kt_commitment), headers=HTMX)
    body = html_of(form)
    assert body.lstrip().startswith(f'<tr id="commitment-{kt_commitment.pk}"')
    assert 'hx-target="closest tr"' in body
    assert 'value="100"' in body and 'value="80"' in body  # shown without trailing zeros

    response = client.post(
        edit_url(kt_commitment), data(campaign, target="98", text="Hồ sơ điện tử 98%"), headers=HTMX
    )
    body = html_of(response)
    assert body.lstrip().startswith(f'<tr id="commitment-{kt_commitment.pk}"')
    assert "Hồ sơ điện tử 98%" in body
    assert 'data-testid="edit-commitment"' in body
    kt_commitment.refresh_from_db()
    assert kt_commitment.target == 98
    assert kt_commitment.text == "Hồ sơ điện tử 98%"


def test_editing_without_htmx_is_a_page_and_a_redirect(kt_commitment, campaign, org, login):
    client = login(org.alice)
    form = client.get(edit_url(kt_commitment))
    assert "<html" in form.content.decode()
    assert "Edit the commitment" in html_of(form)
    response = client.post(edit_url(kt_commitment), data(campaign, target="90"))
    assert response.status_code == 302
    kt_commitment.refresh_from_db()
    assert kt_commitment.target == 90


def test_an_edit_with_a_bad_target_changes_nothing(kt_commitment, campaign, org, login):
    before = snapshot()
    response = login(org.carol).post(
        edit_url(kt_commitment), data(campaign, target="150"), headers=HTMX
    )
    assert "A percentage target cannot be above 100." in html_of(response)
    assert snapshot() == before


def test_a_commitment_in_force_cannot_be_edited(covenant_in_force, campaign, org, login):
    commitment = Commitment.objects.get(
        party__covenant=covenant_in_force, party__unit=org.technical
    )
    before = snapshot()
    client = login(org.carol)
    form = client.get(edit_url(commitment))
    assert form.status_code == 200
    locked = "The covenant is in force; its commitments are locked. Propose an amendment."
    assert locked in html_of(form)
    response = client.post(edit_url(commitment), data(campaign, target="50"))
    assert response.status_code == 200
    assert locked in html_of(response)
    assert snapshot() == before


def test_staff_cannot_edit(kt_commitment, campaign, org, login):
    before = snapshot()
    client = login(org.bob)
    assert client.get(edit_url(kt_commitment)).status_code == 403
    assert client.post(edit_url(kt_commitment), data(campaign)).status_code == 403
    assert snapshot() == before


def test_a_unit_head_cannot_edit_another_partys_commitment(covenant, campaign, org, login):
    board = Commitment.objects.get(party__covenant=covenant, party__unit__code="BLD")
    assert login(org.carol).post(edit_url(board), data(campaign)).status_code == 403


def test_an_outsider_cannot_edit(kt_commitment, org, login):
    assert login(org.charlie).get(edit_url(kt_commitment)).status_code == 404


# Removing


def test_removal_asks_for_confirmation_then_removes(kt, kt_commitment, org, login):
    client = login(org.carol)
    confirm = client.get(delete_url(kt_commitment), headers=HTMX)
    body = html_of(confirm)
    assert body.lstrip().startswith(f'<tr id="commitment-{kt_commitment.pk}"')
    assert "Remove this commitment?" in body
    assert Commitment.objects.filter(pk=kt_commitment.pk).exists()

    response = client.post(delete_url(kt_commitment), headers=HTMX)
    assert response.status_code == 200
    assert html_of(response).lstrip().startswith(f'<div id="party-{kt.pk}-commitments"')
    assert "No commitment yet." in html_of(response)
    assert not Commitment.objects.filter(pk=kt_commitment.pk).exists()
    assert Event.objects.filter(verb="commitment_removed").count() == 1


def test_removal_without_htmx_is_a_confirmation_page_and_a_redirect(kt, kt_commitment, org, login):
    client = login(org.carol)
    confirm = client.get(delete_url(kt_commitment))
    assert "<html" in confirm.content.decode()
    response = client.post(delete_url(kt_commitment))
    assert response.status_code == 302
    assert not kt.commitments.exists()


def test_a_commitment_in_force_cannot_be_removed(covenant_in_force, org, login):
    commitment = Commitment.objects.get(
        party__covenant=covenant_in_force, party__unit=org.technical
    )
    before = snapshot()
    response = login(org.carol).post(delete_url(commitment))
    assert response.status_code == 200
    assert "its commitments are locked" in html_of(response)
    assert snapshot() == before


def test_staff_cannot_remove(kt_commitment, org, login):
    before = snapshot()
    assert login(org.bob).post(delete_url(kt_commitment)).status_code == 403
    assert snapshot() == before


def test_an_outsider_cannot_remove(kt_commitment, org, login):
    assert login(org.charlie).post(delete_url(kt_commitment)).status_code == 404
    assert Commitment.objects.filter(pk=kt_commitment.pk).exists()


def test_the_services_refuse_a_user_who_does_not_speak_for_the_party(kt_commitment, org):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.commitment_delete(actor=org.bob.user, commitment=kt_commitment)
