"""The council's pages: who sees them, the session run through the browser's forms, the minutes,
and a constant number of SQL queries as the agenda and the council grow (issue 9)."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from awards.models import Ballot, BallotParticipation, Council, CouncilMember, CouncilSession
from awards.services import council as services
from organizations import roles
from tests.factories import PersonFactory, UserFactory, accepted
from tests.uploads import pdf_text

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def council(org, leader):
    alice = org.alice.user
    council = services.council_create(
        actor=alice,
        agency=org.agency,
        name="Hội đồng Thi đua - Khen thưởng Sở",
        term_start=datetime.date(2020, 1, 1),
    )
    for person, role in [
        (leader.person, CouncilMember.Role.CHAIR),
        (org.bob.person, CouncilMember.Role.SECRETARY),
        (org.carol.person, CouncilMember.Role.MEMBER),
    ]:
        services.council_member_add(actor=alice, council=council, person=person, role=role)
    return council


def add_member(council, actor, number):
    user = UserFactory(username=f"member{number}", roles=[roles.COUNCIL_MEMBER, roles.STAFF])
    person = PersonFactory(code=f"M{number}", full_name=f"Thành viên {number}", user=user)
    return services.council_member_add(actor=actor, council=council, person=person)


@pytest.fixture
def session(org, council):
    return services.session_create(
        actor=org.alice.user,
        council=council,
        year=2020,
        starts_at=timezone.make_aware(datetime.datetime(2020, 12, 18, 8, 0)),
        place="Phòng họp tầng 2",
    )


def test_the_officer_sets_up_a_council_and_seats_members_on_its_page(org, login, leader):
    client = login(org.alice)
    response = client.post(
        reverse("awards:council_create"),
        {"name": "Hội đồng TĐKT", "decision": "QĐ 12/QĐ-SKHCN", "term_start": "2021-01-01"},
    )
    council = Council.objects.get()
    assert response.url == council.get_absolute_url()
    response = client.post(
        reverse("awards:council_member_add", args=[council.pk]),
        {"person": leader.person.code.lower(), "role": "chair"},
    )
    assert response.status_code == 302
    page = client.get(council.get_absolute_url()).content.decode()
    assert "Lương Thị Lena" in page and "Chair" in page
    # An unknown code is refused on the form, nothing written.
    response = client.post(
        reverse("awards:council_member_add", args=[council.pk]), {"person": "NOBODY", "role": "x"}
    )
    assert response.status_code == 400
    assert "No person with the code NOBODY" in response.content.decode()
    assert council.members.count() == 1


def test_a_second_chair_is_refused_with_a_message(org, login, council):
    response = login(org.alice).post(
        reverse("awards:council_member_add", args=[council.pk]),
        {"person": org.dave.person.code, "role": "chair"},
    )
    assert response.status_code == 400
    assert "chairs the council already" in response.content.decode()
    assert not council.members.filter(person=org.dave.person).exists()


def test_who_sees_the_council(org, login, council, session, leader):
    url = session.get_absolute_url()
    assert login(org.alice).get(url).status_code == 200
    assert login(leader).get(url).status_code == 200
    assert login(org.carol).get(url).status_code == 200  # a member
    assert login(org.dave).get(url).status_code == 404  # staff outside the council
    assert login(org.charlie).get(url).status_code == 404  # another agency
    assert login(org.dave).get(reverse("awards:council_list")).status_code == 403
    # Only the officer keeps the members: a member reading the page cannot seat anyone.
    response = login(org.carol).post(
        reverse("awards:council_member_add", args=[council.pk]),
        {"person": org.dave.person.code, "role": "member"},
    )
    assert response.status_code == 403


def test_a_session_is_played_through_its_page(org, login, council, session, leader):
    nomination = accepted(PersonFactory(unit=org.technical, full_name="Vũ Thị Hoa"), "CSTD_TINH")
    officer = login(org.alice)
    officer.post(
        reverse("awards:session_items_add", args=[session.pk]), {"nomination": nomination.code}
    )
    item = session.items.get()
    # carol is absent; her written vote comes on paper.
    present = [m.pk for m in council.members.exclude(person=org.carol.person)]
    officer.post(reverse("awards:session_attendance", args=[session.pk]), {"present": present})
    officer.post(reverse("awards:session_open", args=[session.pk]))
    page = login(leader).get(session.get_absolute_url()).content.decode()
    assert 'data-action="council_session.vote"' in page
    assert "at least 90 %" in page and "Khoản 8 Điều 45, Nghị định 91/2017/NĐ-CP" in page
    # A ballot left unmarked is refused, the choices kept on the form.
    response = login(leader).post(reverse("awards:ballot_cast", args=[session.pk]), {})
    assert response.status_code == 400
    assert "item 1 is not marked" in response.content.decode()
    login(leader).post(
        reverse("awards:ballot_cast", args=[session.pk]), {f"ballot-item_{item.pk}": "agree"}
    )
    login(org.bob).post(
        reverse("awards:ballot_cast", args=[session.pk]), {f"ballot-item_{item.pk}": "agree"}
    )
    carol_seat = council.members.get(person=org.carol.person)
    secretary = login(org.bob)
    page = secretary.get(session.get_absolute_url()).content.decode()
    assert "Enter an absent member" in page and "2 of 3 members accounted for" in page
    # The secretary, a staff member of another office, reads the agenda but not the dossier
    # (its ratings and discipline are for the unit's heads, the officer and the leadership).
    assert "Vũ Thị Hoa" in page and nomination.get_absolute_url() not in page
    assert secretary.get(nomination.get_absolute_url()).status_code == 404
    officer_page = login(org.alice).get(session.get_absolute_url()).content.decode()
    assert nomination.get_absolute_url() in officer_page
    secretary = login(org.bob)
    secretary.post(
        reverse("awards:written_ballot_enter", args=[session.pk]),
        {"written-member": carol_seat.pk, f"written-item_{item.pk}": "disagree"},
    )
    secretary.post(reverse("awards:session_close", args=[session.pk]))
    session.refresh_from_db()
    assert session.state.concluded
    page = officer.get(session.get_absolute_url()).content.decode()
    assert 'data-outcome="not_passed"' in page and "66.7 %" in page
    assert "Written vote entered" in page and "Voted at the session" in page
    # The dossier's own page tells its unit the result.
    dossier = login(org.carol).get(nomination.get_absolute_url()).content.decode()
    assert 'data-testid="council-result"' in dossier
    assert "2 of 3 members agreed (66.7 %)" in dossier and "Not passed" in dossier
    count = officer.get(
        reverse("awards:session_minutes_pdf", args=[session.pk, "bien-ban-kiem-phieu"])
    )
    text = pdf_text(count.content)
    assert "BIÊN BẢN KIỂM PHIẾU" in text and "Vũ Thị Hoa" in text
    assert "Không đạt" in text and "Khoản 8 Điều 45" in text
    minutes = pdf_text(
        officer.get(
            reverse("awards:session_minutes_pdf", args=[session.pk, "bien-ban-hop"])
        ).content
    )
    assert "BIÊN BẢN HỌP" in minutes and "Lương Thị Lena" in minutes and "Vắng mặt" in minutes
    assert (
        officer.get(reverse("awards:session_minutes_pdf", args=[session.pk, "khac"])).status_code
        == 404
    )


def test_the_kept_agenda_shows_a_change_at_once_and_removes_through_the_pages_form(
    org, login, session
):
    nomination = accepted(PersonFactory(unit=org.technical, full_name="Vũ Thị Hoa"), "CSTD_TINH")
    officer = login(org.alice)
    officer.post(
        reverse("awards:session_items_add", args=[session.pk]), {"nomination": nomination.code}
    )
    url = session.get_absolute_url()
    assert 'data-nominee="Vũ Thị Hoa"' in officer.get(url).content.decode()
    # A name corrected in the register (here outside the services) shows on the next view.
    person = nomination.person
    person.full_name = "Vũ Thị Hoà"
    person.save()
    page = officer.get(url).content.decode()
    assert 'data-nominee="Vũ Thị Hoà"' in page and "Vũ Thị Hoa<" not in page
    # The kept rows hold no one's token: "Remove" posts the page's one form to the item.
    item = session.items.get()
    remove = reverse("awards:session_item_remove", args=[session.pk, item.pk])
    assert re.search(
        r'<form id="agenda-remove" method="post"><input type="hidden" '
        r'name="csrfmiddlewaretoken"',
        page,
    )
    assert f'form="agenda-remove" formaction="{remove}"' in page
    officer.post(remove)
    assert not session.items.exists()
    assert "Nothing on the agenda yet" in officer.get(url).content.decode()


def test_the_dossiers_to_place_come_a_page_at_a_time_and_are_found_by_name(
    org, login, session, settings
):
    """A province's council has thousands of accepted dossiers: the session page lists a page
    of them, finds them by name, unit or award, and comes back to the same search once the
    ticked ones are placed."""
    settings.PAGE_SIZE = 3
    for number in range(5):
        accepted(PersonFactory(unit=org.technical, full_name=f"Trần Văn Số {number}"), "LDTT")
    hoa = accepted(PersonFactory(unit=org.office, full_name="Vũ Thị Hoa"), "CSTD_TINH")
    officer = login(org.alice)
    url = session.get_absolute_url()
    page = officer.get(url)
    assert len(page.context["placing"]["page"].object_list) == 3
    html = page.content.decode()
    assert html.count('data-testid="eligible-row"') == 3
    assert "Showing 1–3 of 6" in html and 'page=2#eligible-heading"' in html
    assert "Only the ticked dossiers of this page are placed" in html
    assert officer.get(url + "?page=2").content.decode().count('data-testid="eligible-row"') == 3

    found = officer.get(url + "?q=vu+thi").content.decode()  # without diacritics
    assert found.count('data-testid="eligible-row"') == 1 and 'data-nominee="Vũ Thị Hoa"' in found
    by_unit = officer.get(url + f"?unit={org.office.code}").content.decode()
    assert by_unit.count('data-testid="eligible-row"') == 1
    by_award = officer.get(url + "?award=LDTT").content.decode()
    assert by_award.count('data-testid="eligible-row"') == 3 and "Showing 1–3 of 5" in by_award
    none = officer.get(url + "?q=khong+co+ai").content.decode()
    assert 'data-testid="eligible-none"' in none and "clear the filters" in none

    response = officer.post(
        reverse("awards:session_items_add", args=[session.pk]),
        {"nomination": [hoa.code], "query": "q=vu+thi&page=2"},
    )
    assert response.url == f"{url}?q=vu+thi#eligible-heading"
    assert list(session.items.values_list("nomination", flat=True)) == [hoa.pk]
    left = officer.get(url + "?q=vu+thi").content.decode()
    assert 'data-testid="eligible-none"' in left


def test_the_minutes_wait_for_the_count(org, login, session):
    response = login(org.alice).get(
        reverse("awards:session_minutes_pdf", args=[session.pk, "bien-ban-hop"])
    )
    assert response.status_code == 302


def test_a_written_vote_for_a_present_member_is_refused_on_the_form(org, login, council, session):
    nomination = accepted(PersonFactory(unit=org.technical), "LDTT")
    services.session_items_add(actor=org.alice.user, session=session, nominations=[nomination])
    services.session_open(actor=org.alice.user, session=session)
    item = session.items.get()
    response = login(org.alice).post(
        reverse("awards:written_ballot_enter", args=[session.pk]),
        {"written-member": council.members.first().pk, f"written-item_{item.pk}": "agree"},
    )
    # Everyone is present: the form offers no member, and the post changes nothing.
    assert response.status_code in (400, 200)
    assert BallotParticipation.objects.count() == 0 and Ballot.objects.count() == 0


@pytest.mark.parametrize("stage", ["preparing", "voting", "concluded"])
def test_the_session_page_costs_the_same_queries_for_a_small_or_large_agenda(
    org, login, council, stage
):
    def build(size):
        session = services.session_create(
            actor=org.alice.user,
            council=council,
            year=2020,
            starts_at=timezone.now(),
            place="Phòng họp",
        )
        for _number in range(size):
            accepted_one = accepted(PersonFactory(unit=org.technical), "LDTT")
            services.session_items_add(
                actor=org.alice.user, session=session, nominations=[accepted_one]
            )
        if stage != "preparing":
            services.session_open(actor=org.alice.user, session=session)
        if stage == "concluded":
            for member in council.members.select_related("person__user"):
                services.ballot_cast(
                    actor=member.person.user,
                    session=session,
                    choices={item.pk: "agree" for item in session.items.all()},
                )
            services.session_close(actor=org.alice.user, session=session)
        # One more waiting dossier, so the preparing page lists some.
        accepted(PersonFactory(unit=org.technical), "LDTT")
        return session

    client = login(org.alice)
    small = build(1)
    with CaptureQueriesContext(connection) as few:
        assert client.get(small.get_absolute_url()).status_code == 200
    for number in range(3):
        add_member(council, org.alice.user, number)
    large = build(6)
    with CaptureQueriesContext(connection) as many:
        response = client.get(large.get_absolute_url())
    assert response.status_code == 200
    assert len(response.context["items"]) == 6 and len(response.context["roll"]) == 6
    assert len(many) == len(few)
    # Every agenda row names the rule its vote is counted against, drawn once for all six.
    page = response.content.decode()
    assert page.count('data-testid="citation"') == 6
    rule = services.vote_rule(response.context["rule_set"], response.context["items"][0].award_code)
    assert page.count(str(rule.rule.citation)) >= 6


def test_the_council_pages_cost_the_same_queries_as_the_council_grows(org, login, council):
    client = login(org.alice)
    with CaptureQueriesContext(connection) as few:
        assert client.get(council.get_absolute_url()).status_code == 200
        assert client.get(reverse("awards:council_list")).status_code == 200
    for number in range(5):
        add_member(council, org.alice.user, number)
        services.session_create(
            actor=org.alice.user,
            council=council,
            year=2020,
            starts_at=timezone.now(),
            place="Phòng họp",
        )
    with CaptureQueriesContext(connection) as many:
        assert client.get(council.get_absolute_url()).status_code == 200
        assert client.get(reverse("awards:council_list")).status_code == 200
    assert len(many) == len(few)
    assert CouncilSession.objects.count() == 5
