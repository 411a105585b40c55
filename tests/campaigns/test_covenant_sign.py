"""A representative signs for its party after a confirmation; the last one puts it in force."""

import datetime

import pytest
from django.urls import reverse

from campaigns import services
from campaigns.models import Covenant, Party, Signature
from organizations.models import Event
from tests.pages import html_of

pytestmark = pytest.mark.usefixtures("english")


# The signer types its password again (every test user's is "demo").
SIGNED = {"password": "demo"}


def sign_url(party):
    return reverse("campaigns:covenant_sign", args=[party.pk])


def snapshot(covenant):
    covenant.refresh_from_db()
    return (
        covenant.status,
        list(Signature.objects.order_by("pk").values_list("party_id", "signed_by_id")),
        Event.objects.count(),
    )


@pytest.fixture
def board(covenant, leader):
    return Party.objects.get(covenant=covenant, unit=leader.unit)


def test_the_representative_confirms_then_signs(covenant, board, leader, login):
    client = login(leader)
    confirm = client.get(sign_url(board))
    assert confirm.status_code == 200
    text = html_of(confirm)
    assert "Sign the covenant for Ban lãnh đạo Sở" in text
    assert "100% hồ sơ công việc được xử lý trên phần mềm" in text
    assert not Signature.objects.exists()

    response = client.post(sign_url(board), SIGNED, follow=True)
    assert response.redirect_chain[-1][0] == covenant.get_absolute_url()
    assert "You have signed the covenant for Ban lãnh đạo Sở." in html_of(response)
    signature = Signature.objects.get(party=board)
    assert signature.signed_by == leader.user
    assert signature.signer_name == "Lương Thị Lena"
    covenant.refresh_from_db()
    assert covenant.status == Covenant.Status.OPEN
    assert "Signed by Lương Thị Lena on" in html_of(response)


def test_the_last_signature_puts_the_covenant_in_force(covenant, leader, org, login):
    parties = {party.unit.code: party for party in covenant.parties.select_related("unit")}
    services.covenant_sign(actor=leader.user, party=parties["BLD"])
    services.covenant_sign(actor=org.dave.user, party=parties["CD"])
    response = login(org.carol).post(sign_url(parties["KT"]), SIGNED, follow=True)
    assert "Every party has signed: the covenant is now in force." in html_of(response)
    covenant.refresh_from_db()
    assert covenant.status == Covenant.Status.IN_FORCE
    assert covenant.in_force_at is not None
    assert Event.objects.filter(verb="covenant_in_force").count() == 1


def test_signing_twice_is_refused(covenant, board, leader, login):
    client = login(leader)
    client.post(sign_url(board), SIGNED)
    before = snapshot(covenant)
    response = client.post(sign_url(board), SIGNED)
    assert response.status_code == 200
    assert "Ban lãnh đạo Sở has already signed." in html_of(response)
    assert snapshot(covenant) == before


def test_the_confirmation_says_when_the_party_has_signed(covenant, board, leader, login):
    services.covenant_sign(actor=leader.user, party=board)
    response = login(leader).get(sign_url(board))
    assert "Ban lãnh đạo Sở has already signed." in html_of(response)
    assert 'data-testid="confirm-sign"' not in response.content.decode()


def test_a_draft_covenant_cannot_be_signed(campaign, org, leader, login):
    draft = services.covenant_create(
        actor=org.alice.user,
        campaign=campaign,
        title="Dự thảo",
        signing_date=datetime.date(2020, 1, 2),
        signing_place="Lạng Sơn",
    )
    party = services.party_add(
        actor=org.alice.user, covenant=draft, unit=leader.unit, representative=leader.person
    )
    before = snapshot(draft)
    response = login(leader).post(sign_url(party), SIGNED)
    assert response.status_code == 200
    assert "This covenant is not open for signature." in html_of(response)
    assert snapshot(draft) == before


def test_a_covenant_in_force_cannot_be_signed_again(covenant_in_force, leader, login):
    board = covenant_in_force.parties.get(unit=leader.unit)
    before = snapshot(covenant_in_force)
    response = login(leader).post(sign_url(board), SIGNED)
    assert "This covenant is not open for signature." in html_of(response)
    assert snapshot(covenant_in_force) == before


def test_a_party_without_commitments_cannot_sign(covenant, board, leader, org, login):
    services.commitment_delete(actor=org.alice.user, commitment=board.commitments.get())
    before = snapshot(covenant)
    response = login(leader).post(sign_url(board), SIGNED)
    assert response.status_code == 200
    assert "Ban lãnh đạo Sở has no commitments yet; add them before signing." in html_of(response)
    assert snapshot(covenant) == before


def test_nobody_signs_for_a_party_that_is_not_theirs(covenant, board, org, login):
    before = snapshot(covenant)
    for persona in (org.carol, org.alice, org.bob, org.dave):
        client = login(persona)
        assert client.get(sign_url(board)).status_code == 403
        assert client.post(sign_url(board), SIGNED).status_code == 403
    assert snapshot(covenant) == before


def test_an_outsider_gets_404(covenant, board, org, login):
    client = login(org.charlie)
    assert client.get(sign_url(board)).status_code == 404
    assert client.post(sign_url(board), SIGNED).status_code == 404
    assert not Signature.objects.exists()


def test_it_requires_sign_in(client, board):
    assert client.post(sign_url(board), SIGNED).status_code == 302
    assert not Signature.objects.exists()


def test_signing_answers_the_request_to_sign_in_the_bell(covenant, board, leader, org, login):
    """The "open for your signature" notice is read once signed: the bell no longer asks for a
    signature given (the demo's did, for a covenant every party had signed)."""
    from organizations.models import Notification

    asks = Notification.objects.filter(recipient=leader.user, url=covenant.get_absolute_url())
    assert asks.unread().count() == 1
    others = Notification.objects.filter(recipient=org.carol.user).unread().count()
    login(leader).post(sign_url(board), SIGNED)
    assert asks.unread().count() == 0
    # Only the signer's: the others still have theirs to answer.
    assert Notification.objects.filter(recipient=org.carol.user).unread().count() == others


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("", "This field is required."),
        ("wrong-password", "This is not your password; nothing was signed."),
    ],
)
def test_signing_asks_the_signer_s_password_again(
    covenant, board, leader, login, password, message
):
    """A session left open on a desk signs nothing: a wrong or missing password is refused with
    a message and changes nothing."""
    client = login(leader)
    assert 'type="password"' in html_of(client.get(sign_url(board)))
    before = snapshot(covenant)
    response = client.post(sign_url(board), {"password": password})
    assert response.status_code == 200
    page = html_of(response)
    assert message in page
    assert snapshot(covenant) == before


def test_the_signature_s_event_records_the_password_typed_again(covenant, board, leader, login):
    login(leader).post(sign_url(board), SIGNED)
    event = Event.objects.get(verb="covenant_signed")
    assert event.data["reauthenticated"] is True
