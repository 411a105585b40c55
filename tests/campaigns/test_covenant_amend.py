"""A covenant in force changes through an amendment; the earlier version stays readable."""

from decimal import Decimal

import pytest
from django.urls import reverse

from campaigns import services
from campaigns.models import Commitment, Covenant
from organizations.models import Event, Notification
from tests.pages import html_of

pytestmark = pytest.mark.usefixtures("english")


def amend_url(covenant):
    return reverse("campaigns:covenant_amend", args=[covenant.code])


def snapshot():
    return (
        list(Covenant.objects.order_by("pk").values_list("pk", "status", "version")),
        Commitment.objects.count(),
        Event.objects.count(),
    )


def test_the_officer_confirms_then_starts_an_amendment(covenant_in_force, org, login):
    client = login(org.alice)
    confirm = client.get(amend_url(covenant_in_force))
    assert confirm.status_code == 200
    assert "creates version 2" in html_of(confirm)
    assert Covenant.objects.count() == 1

    notices = Notification.objects.count()
    response = client.post(amend_url(covenant_in_force), follow=True)
    amendment = Covenant.objects.get(amends=covenant_in_force)
    assert response.redirect_chain[-1][0] == amendment.get_absolute_url()
    assert "Amendment 2 has been started and is open for signature" in html_of(response)
    assert amendment.version == 2
    assert amendment.status == Covenant.Status.OPEN
    assert amendment.parties.count() == 3
    assert Commitment.objects.filter(party__covenant=amendment).count() == 3
    covenant_in_force.refresh_from_db()
    assert covenant_in_force.status == Covenant.Status.IN_FORCE
    assert Notification.objects.count() == notices + 3  # each representative signs again


def test_both_versions_link_to_each_other(covenant_in_force, org, login):
    amendment = services.covenant_amend(actor=org.alice.user, covenant=covenant_in_force)
    client = login(org.bob)
    new = html_of(client.get(amendment.get_absolute_url()))
    assert "This version amends version 1." in new
    assert covenant_in_force.get_absolute_url() in new
    old = client.get(covenant_in_force.get_absolute_url())
    assert old.status_code == 200
    assert "Amendment 2 is being signed" in html_of(old)
    assert amendment.get_absolute_url() in html_of(old)


def test_the_amendment_is_edited_then_signed_and_supersedes_the_earlier_version(
    covenant_in_force, org, leader, login
):
    amendment = services.covenant_amend(actor=org.alice.user, covenant=covenant_in_force)
    kt = amendment.parties.get(unit=org.technical)
    commitment = kt.commitments.get()
    client = login(org.carol)
    response = client.post(
        reverse("campaigns:commitment_edit", args=[commitment.pk]),
        {
            "focus_area": commitment.focus_area_id,
            "text": commitment.text,
            "measure": "percentage",
            "baseline": "80",
            "target": "95",
            "due_date": "31/12/2020",
        },
    )
    assert response.status_code == 302
    for party, user in zip(
        amendment.parties.order_by("order"),
        [leader.user, org.dave.user, org.carol.user],
        strict=True,
    ):
        services.covenant_sign(actor=user, party=party)

    amendment.refresh_from_db()
    covenant_in_force.refresh_from_db()
    assert amendment.status == Covenant.Status.IN_FORCE
    assert covenant_in_force.status == Covenant.Status.AMENDED
    # The earlier version keeps its own commitments and signatures, readable as they were.
    old = client.get(covenant_in_force.get_absolute_url())
    assert old.status_code == 200
    assert "Superseded by an amendment" in html_of(old)
    assert "This version has been superseded by version 2" in html_of(old)
    old_target = Commitment.objects.get(
        party__covenant=covenant_in_force, party__unit=org.technical
    )
    assert old_target.target == Decimal(100)
    assert old.content.decode().count('data-testid="signed"') == 3


def test_an_open_covenant_cannot_be_amended(covenant, org, login):
    before = snapshot()
    response = login(org.alice).post(amend_url(covenant))
    assert response.status_code == 200
    assert "Only a covenant in force can be amended." in html_of(response)
    assert snapshot() == before


def test_a_second_amendment_waits_for_the_first(covenant_in_force, org, login):
    services.covenant_amend(actor=org.alice.user, covenant=covenant_in_force)
    before = snapshot()
    response = login(org.alice).post(amend_url(covenant_in_force))
    assert "An amendment of this covenant is already under way." in html_of(response)
    assert snapshot() == before


def test_staff_cannot_amend(covenant_in_force, org, login):
    before = snapshot()
    client = login(org.bob)
    assert client.get(amend_url(covenant_in_force)).status_code == 403
    assert client.post(amend_url(covenant_in_force)).status_code == 403
    assert snapshot() == before


def test_a_representative_cannot_amend(covenant_in_force, leader, login):
    assert login(leader).post(amend_url(covenant_in_force)).status_code == 403


def test_an_outsider_gets_404(covenant_in_force, org, login):
    before = snapshot()
    assert login(org.charlie).post(amend_url(covenant_in_force)).status_code == 404
    assert snapshot() == before
