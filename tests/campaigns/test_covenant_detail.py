"""The covenant page, and the officer's steps that build a covenant: create, add parties, open."""

import datetime
import html
import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from campaigns import services
from campaigns.models import Commitment, Covenant, Party
from organizations import roles
from organizations.models import Event, Notification
from tests.factories import PersonFactory, UnitFactory, UserFactory
from tests.pages import html_of

pytestmark = pytest.mark.usefixtures("english")


def detail_url(covenant):
    return reverse("campaigns:covenant_detail", args=[covenant.code])


def page_text(response) -> str:
    return html.unescape(response.content.decode())


def count_testid(response, name) -> int:
    return response.content.decode().count(f'data-testid="{name}"')


@pytest.fixture
def draft(org, campaign):
    """A draft covenant with no party yet."""
    return services.covenant_create(
        actor=org.alice.user,
        campaign=campaign,
        title="Giao ước bổ sung",
        signing_date=datetime.date(2020, 1, 15),
        signing_place="Lạng Sơn",
    )


# The covenant page


def test_it_shows_the_covenant_its_parties_and_their_commitments(covenant, org, login):
    response = login(org.bob).get(detail_url(covenant))
    assert response.status_code == 200
    text = page_text(response)
    assert "Giao ước thi đua năm 2020" in text
    assert "Open for signature" in text
    assert "31/12/2019" in text and "Lạng Sơn" in text
    assert reverse("campaigns:campaign_detail", args=[covenant.campaign.code]) in text
    # Parties in their order, each with its representative and its commitments by focus area.
    positions = [text.index(name) for name in ("Lương Thị Lena", "Hoàng Văn Dave", "Lê Thị Carol")]
    assert positions == sorted(positions)
    assert text.count("1. Sáng kiến, ứng dụng KH&CN") == 3
    assert "100% hồ sơ công việc được xử lý trên phần mềm" in text
    assert "31/12/2020" in text
    assert count_testid(response, "unsigned") == 3
    assert "0 of 3 parties have signed" in text


def test_it_groups_a_partys_commitments_by_focus_area(covenant, campaign, org, login):
    kt = covenant.parties.get(unit=org.technical)
    services.commitment_save(
        actor=org.carol.user,
        commitment=Commitment(party=kt),
        focus_area=campaign.focus_areas.get(number=2),
        text="Không có công chức vi phạm kỷ luật",
        measure="yes_no",
        target=Decimal(1),
        due_date=datetime.date(2020, 12, 31),
    )
    response = login(org.carol).get(detail_url(covenant))
    block = page_text(response).split(f'id="party-{kt.pk}-commitments"')[1].split("</table>")[0]
    assert block.index("1. Sáng kiến") < block.index("2. Kỷ luật") < block.index("Không có công")


def test_staff_reads_but_gets_no_controls(covenant, org, login):
    response = login(org.bob).get(detail_url(covenant))
    for name in ("sign", "add-commitment", "edit-commitment", "add-party", "open-for-signature"):
        assert count_testid(response, name) == 0, name
    assert count_testid(response, "download-pdf") == 1
    assert count_testid(response, "download-excel") == 1


def test_only_the_representative_sees_the_sign_button(covenant, leader, login):
    response = login(leader).get(detail_url(covenant))
    board = covenant.parties.get(unit=leader.unit)
    assert count_testid(response, "sign") == 1
    assert reverse("campaigns:covenant_sign", args=[board.pk]) in response.content.decode()


def test_a_unit_head_edits_only_its_own_partys_commitments(covenant, org, login):
    response = login(org.carol).get(detail_url(covenant))
    kt = covenant.parties.get(unit=org.technical)
    assert count_testid(response, "add-commitment") == 1
    assert reverse("campaigns:commitment_add", args=[kt.pk]) in response.content.decode()
    assert count_testid(response, "edit-commitment") == 1


def test_the_officer_edits_every_party_and_adds_parties(covenant, org, login):
    response = login(org.alice).get(detail_url(covenant))
    assert count_testid(response, "add-commitment") == 3
    assert count_testid(response, "add-party") == 1
    assert count_testid(response, "open-for-signature") == 0  # already open
    assert count_testid(response, "amend") == 0


def test_in_force_it_shows_who_signed_and_when_and_locks_commitments(covenant_in_force, org, login):
    response = login(org.alice).get(detail_url(covenant_in_force))
    text = page_text(response)
    assert "In force" in text
    assert count_testid(response, "signed") == 3
    signature = Party.objects.get(covenant=covenant_in_force, unit=org.technical).signature
    assert re.search(r"Signed by Lê Thị Carol on \d\d/\d\d/\d{4} \d\d:\d\d", text)
    local = signature.signed_at.astimezone(datetime.timezone(datetime.timedelta(hours=7)))
    assert f"{local:%d/%m/%Y %H:%M}" in text
    assert count_testid(response, "add-commitment") == 0
    assert count_testid(response, "edit-commitment") == 0
    assert count_testid(response, "add-party") == 0
    assert count_testid(response, "amend") == 1
    for party in covenant_in_force.parties.all():
        assert reverse("campaigns:party_progress", args=[party.pk]) in text


def test_an_outsider_gets_404(covenant, org, login):
    assert login(org.charlie).get(detail_url(covenant)).status_code == 404


def test_it_requires_sign_in(client, covenant):
    assert client.get(detail_url(covenant)).status_code == 302


def add_parties(covenant, count, officer):
    """Add `count` divisions with a representative, a signature-ready commitment each."""
    area = covenant.campaign.focus_areas.get(number=1)
    start = covenant.parties.count()
    for i in range(start, start + count):
        unit = UnitFactory(
            code=f"P{i:03d}", name=f"Phòng số {i}", parent=covenant.campaign.organiser
        )
        user = UserFactory(username=f"head{i}", roles=[roles.UNIT_HEAD])
        person = PersonFactory(code=f"HEAD{i:03d}", unit=unit, user=user)
        party = services.party_add(
            actor=officer, covenant=covenant, unit=unit, representative=person
        )
        for n in range(2):
            services.commitment_save(
                actor=officer,
                commitment=Commitment(party=party),
                focus_area=area,
                text=f"Chỉ tiêu {n} của phòng {i}",
                measure="number",
                target=Decimal(5),
                due_date=datetime.date(2020, 12, 31),
            )
        services.covenant_sign(actor=user, party=party)


def test_the_number_of_queries_does_not_grow_with_parties(covenant, org, login):
    client = login(org.alice)
    add_parties(covenant, 1, org.alice.user)
    client.get(detail_url(covenant))  # warm caches unrelated to the data (content types, session)
    cache.clear()  # the first view after a change, as every view below follows one: all drawn
    with CaptureQueriesContext(connection) as few:
        assert client.get(detail_url(covenant)).status_code == 200
    add_parties(covenant, 9, org.alice.user)
    assert covenant.parties.count() == 13
    with CaptureQueriesContext(connection) as many:
        response = client.get(detail_url(covenant))
    assert count_testid(response, "party") == 13
    assert count_testid(response, "commitment") == 2 * 10 + 3
    assert len(many) == len(few)
    with CaptureQueriesContext(connection) as kept:
        again = client.get(detail_url(covenant))
    # Kept: the commitments and their focus areas are not read again, nor the audit trail.
    assert len(kept) <= len(few) - 2
    assert count_testid(again, "commitment") == 2 * 10 + 3
    assert "Chỉ tiêu 1 của phòng 12" in page_text(again)


def test_the_commitment_tables_are_kept_until_the_covenant_changes(covenant, org, login):
    response = login(org.carol).get(detail_url(covenant))
    assert count_testid(response, "edit-commitment") == 1
    commitment = Commitment.objects.filter(party__covenant=covenant, party__unit=org.technical)[0]
    before = commitment.text
    assert before in page_text(response)
    # Another reader, who may edit nothing, gets the tables without Carol's edit links.
    response = login(org.bob).get(detail_url(covenant))
    assert count_testid(response, "edit-commitment") == 0
    assert before in page_text(response)
    # A change through the services records an event about the covenant: it shows at once.
    services.commitment_save(
        actor=org.carol.user, commitment=commitment, text="Chỉ tiêu vừa sửa", target=Decimal(7)
    )
    for persona, links in ((org.bob, 0), (org.carol, 1)):
        response = login(persona).get(detail_url(covenant))
        text = page_text(response)
        assert "Chỉ tiêu vừa sửa" in text and before not in text
        assert count_testid(response, "edit-commitment") == links


def test_the_kept_tables_follow_the_readers_language(covenant, org, login):
    client = login(org.bob)
    assert "Commitment" in page_text(client.get(detail_url(covenant)))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    text = page_text(client.get(detail_url(covenant)))
    assert "Chỉ tiêu" in text and "Hạn hoàn thành" in text and ">Commitment<" not in text


# Creating a covenant


def create_url(campaign):
    return reverse("campaigns:covenant_create", args=[campaign.code])


def test_the_officer_creates_a_covenant(campaign, org, login):
    client = login(org.alice)
    form = client.get(create_url(campaign))
    assert form.status_code == 200
    assert "Emulation covenant 2020" in page_text(form)
    response = client.post(
        create_url(campaign),
        {
            "title": "Giao ước khối văn phòng",
            "signing_date": "05/01/2020",
            "signing_place": "Lạng Sơn",
        },
    )
    covenant = Covenant.objects.get(title="Giao ước khối văn phòng")
    assert response.status_code == 302
    assert response["Location"] == detail_url(covenant)
    assert covenant.status == Covenant.Status.DRAFT
    assert covenant.signing_date == datetime.date(2020, 1, 5)
    assert Event.objects.filter(verb="covenant_created").count() == 1


def test_a_bad_signing_date_is_refused(campaign, org, login):
    response = login(org.alice).post(
        create_url(campaign), {"title": "X", "signing_date": "2020-31-01", "signing_place": "LS"}
    )
    assert response.status_code == 200
    assert "Enter a valid date." in page_text(response)
    assert not Covenant.objects.exists()


def test_staff_cannot_create_a_covenant(campaign, org, login):
    client = login(org.bob)
    assert client.get(create_url(campaign)).status_code == 403
    data = {"title": "X", "signing_date": "05/01/2020", "signing_place": "Lạng Sơn"}
    assert client.post(create_url(campaign), data).status_code == 403
    assert not Covenant.objects.exists()


def test_an_outsider_cannot_create_a_covenant(campaign, org, login):
    assert login(org.charlie).get(create_url(campaign)).status_code == 404


# Adding parties


def party_url(covenant):
    return reverse("campaigns:party_add", args=[covenant.code])


def test_the_officer_adds_a_division_and_its_head_signs_by_default(draft, org, login):
    response = login(org.alice).post(party_url(draft), {"unit": org.technical.code})
    party = Party.objects.get(covenant=draft)
    assert response.status_code == 302
    assert response["Location"] == f"{detail_url(draft)}#party-{party.pk}"
    assert party.unit == org.technical
    assert party.representative == org.carol.person
    assert party.order == 1


def test_the_default_signer_of_a_union_is_its_chair(draft, org, login):
    login(org.alice).post(party_url(draft), {"unit": org.union.code})
    assert Party.objects.get(covenant=draft).representative == org.dave.person


def test_the_default_signer_of_the_board_is_its_leader_not_a_deputy(draft, org, leader, login):
    deputy_user = UserFactory(username="deputy", roles=[roles.LEADERSHIP])
    PersonFactory(
        code="DEPUTY",
        full_name="An Văn Deputy",
        position="Phó Giám đốc",
        unit=leader.unit,
        user=deputy_user,
    )
    login(org.alice).post(party_url(draft), {"unit": leader.unit.code})
    assert Party.objects.get(covenant=draft).representative == leader.person


def test_the_unit_is_found_by_typing_never_from_a_list_of_every_unit(draft, org, login):
    """An agency of hundreds of units: the unit field searches as you type (the chooser of the
    lists), and choosing one refreshes the representative through the form's htmx attributes."""
    page = login(org.alice).get(party_url(draft)).content.decode()
    assert 'select name="unit"' not in page
    assert 'type="search" name="unit"' in page
    assert 'hx-trigger="change from:#id_unit"' in page
    # Proposed by the swap, the unit is shown by its code and named under it.
    chosen = login(org.alice).get(party_url(draft), {"unit": org.union.code})
    assert f'value="{org.union.code}"' in chosen.content.decode()
    assert org.union.name in page_text(chosen)


def test_choosing_a_unit_proposes_its_signer(draft, org, login):
    response = login(org.alice).get(
        party_url(draft), {"unit": org.union.code}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert response.context["form"].initial["representative"] == org.dave.person.pk
    assert 'id="div_id_representative"' in response.content.decode()


def test_the_officer_may_choose_another_representative(draft, org, login):
    login(org.alice).post(
        party_url(draft), {"unit": org.technical.code, "representative": org.dave.person.pk}
    )
    assert Party.objects.get(covenant=draft).representative == org.dave.person


def test_the_representative_is_chosen_among_the_unit_s_people(draft, org, login):
    """Not among the whole agency's: a division's own people, a union's members."""
    client = login(org.alice)
    offered = client.get(party_url(draft), {"unit": org.technical.code}).context["form"]
    assert set(offered.fields["representative"].queryset) == {org.carol.person, org.dave.person}
    offered = client.get(party_url(draft), {"unit": org.union.code}).context["form"]
    assert set(offered.fields["representative"].queryset) == {org.dave.person, org.bob.person}
    # No unit yet: nobody, and the field says to choose the unit first.
    offered = client.get(party_url(draft)).context["form"]
    assert not offered.fields["representative"].queryset.exists()
    # Someone outside the unit posted by hand is refused, and nothing is added.
    response = client.post(
        party_url(draft), {"unit": org.technical.code, "representative": org.bob.person.pk}
    )
    assert response.status_code == 200
    assert not Party.objects.filter(covenant=draft).exists()


def test_a_unit_without_a_head_needs_a_representative(draft, org, login):
    lab = UnitFactory(code="LAB", name="Trung tâm Thông tin", parent=org.agency)
    response = login(org.alice).post(party_url(draft), {"unit": lab.code})
    assert response.status_code == 200
    assert (
        "No one was found to sign for Trung tâm Thông tin; choose the representative."
        in page_text(response)
    )
    assert not Party.objects.exists()


def test_a_unit_already_party_is_not_offered(covenant, org, login):
    response = login(org.alice).post(party_url(covenant), {"unit": org.technical.code})
    assert response.status_code == 200
    assert "Pick a unit of the agency that is not a party yet" in page_text(response)
    assert covenant.parties.count() == 3


def test_a_unit_of_another_agency_is_refused(draft, org, login):
    response = login(org.alice).post(
        party_url(draft), {"unit": org.other.code, "representative": org.carol.person.pk}
    )
    assert response.status_code == 200
    assert not Party.objects.exists()


def test_a_party_added_to_an_open_covenant_is_asked_to_sign(covenant, org, login):
    head = UserFactory(username="vphead", roles=[roles.UNIT_HEAD])
    person = PersonFactory(code="VPHEAD", unit=org.office, user=head)
    login(org.alice).post(party_url(covenant), {"unit": org.office.code})
    assert covenant.parties.get(unit=org.office).representative == person
    assert Notification.objects.filter(recipient=head, url=detail_url(covenant)).count() == 1


def test_staff_cannot_add_a_party(draft, org, login):
    client = login(org.bob)
    assert client.get(party_url(draft)).status_code == 403
    assert client.post(party_url(draft), {"unit": org.technical.code}).status_code == 403
    assert not Party.objects.exists()


def test_an_outsider_cannot_add_a_party(draft, org, login):
    assert login(org.charlie).get(party_url(draft)).status_code == 404


# Opening for signature


def open_url(covenant):
    return reverse("campaigns:covenant_open", args=[covenant.code])


def add_party(covenant, unit, person, officer):
    return services.party_add(actor=officer, covenant=covenant, unit=unit, representative=person)


def test_the_officer_opens_the_covenant_and_the_representatives_are_told(draft, org, leader, login):
    add_party(draft, leader.unit, leader.person, org.alice.user)
    add_party(draft, org.union, org.dave.person, org.alice.user)
    client = login(org.alice)
    confirm = client.get(open_url(draft))
    assert confirm.status_code == 200
    assert "Lương Thị Lena" in page_text(confirm)
    notices = Notification.objects.count()
    response = client.post(open_url(draft), follow=True)
    assert response.redirect_chain[-1][0] == detail_url(draft)
    assert "The covenant is open for signature; its 2 representatives have been told." in (
        page_text(response)
    )
    draft.refresh_from_db()
    assert draft.status == Covenant.Status.OPEN
    assert Notification.objects.count() == notices + 2
    told = Notification.objects.filter(title__startswith="Covenant open for your signature")
    assert set(told.values_list("recipient__username", flat=True)) == {
        "lena",
        "dave",
    }


def test_a_covenant_needs_two_parties_to_open(draft, org, leader, login):
    add_party(draft, leader.unit, leader.person, org.alice.user)
    events, notices = Event.objects.count(), Notification.objects.count()
    response = login(org.alice).post(open_url(draft))
    assert response.status_code == 200
    assert "A covenant needs at least two parties." in page_text(response)
    draft.refresh_from_db()
    assert draft.status == Covenant.Status.DRAFT
    assert Event.objects.count() == events
    assert Notification.objects.count() == notices


def test_an_open_covenant_cannot_be_opened_again(covenant, org, login):
    response = login(org.alice).post(open_url(covenant))
    assert "Only a draft covenant can be opened for signature." in page_text(response)


def test_staff_cannot_open_a_covenant(draft, org, leader, login):
    add_party(draft, leader.unit, leader.person, org.alice.user)
    add_party(draft, org.union, org.dave.person, org.alice.user)
    client = login(org.bob)
    assert client.get(open_url(draft)).status_code == 403
    assert client.post(open_url(draft)).status_code == 403
    draft.refresh_from_db()
    assert draft.status == Covenant.Status.DRAFT


def test_an_outsider_cannot_open_a_covenant(draft, org, login):
    assert login(org.charlie).post(open_url(draft)).status_code == 404


def test_the_draft_page_offers_the_officer_to_open_it(draft, org, login):
    response = login(org.alice).get(detail_url(draft))
    assert count_testid(response, "open-for-signature") == 1
    assert count_testid(response, "empty-state") == 1


def test_a_party_s_representative_and_its_unit_s_head_jump_to_their_party(covenant, org, login):
    """An eleven-party covenant is a long page: its readers' own party is a click away."""
    technical = covenant.parties.get(unit=org.technical)
    union = covenant.parties.get(unit=org.union)
    page = html_of(login(org.carol).get(detail_url(covenant)))
    assert f'href="#party-{technical.pk}" data-testid="jump-to-my-party"' in page
    assert f'href="#party-{union.pk}" data-testid="jump-to-my-party"' not in page
    page = html_of(login(org.dave).get(detail_url(covenant)))
    assert f'href="#party-{union.pk}" data-testid="jump-to-my-party"' in page
    assert 'data-testid="jump-to-my-party"' not in html_of(login(org.bob).get(detail_url(covenant)))
