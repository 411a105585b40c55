"""The registration pages: "My registration", a unit's list with its submission, and the
officer's queue and review. Outsiders get 404, those who may read but not act 403."""

import pytest
from django.urls import reverse
from django.utils import timezone

from awards.models import Award, Registration, RegistrationList
from awards.services import registrations as services
from organizations.models import Event, Notification
from tests.factories import UserFactory
from tests.pages import messages_of

pytestmark = pytest.mark.usefixtures("english")

MINE = reverse("awards:registration_mine")
QUEUE = reverse("awards:registration_queue")
YEAR = 2020


def unit_url(unit, year=YEAR, campaign="none"):
    return (
        f"{reverse('awards:registration_unit', args=[unit.code])}?year={year}&campaign={campaign}"
    )


def add_person_url(unit):
    return reverse("awards:registration_unit_add_person", args=[unit.code])


def add_collective_url(unit):
    return reverse("awards:registration_unit_add_collective", args=[unit.code])


def register(actor, code="LDTT", year=YEAR, **kwargs):
    return services.registration_add(
        actor=actor, award=Award.objects.get(code=code), year=year, **kwargs
    )


def snapshot():
    return (
        RegistrationList.objects.count(),
        Registration.objects.count(),
        Event.objects.count(),
        Notification.objects.count(),
        list(RegistrationList.objects.values_list("status", flat=True)),
    )


# My registration


def test_it_requires_sign_in(client, db):
    response = client.get(MINE)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_staff_registers_the_title_it_aims_for(org, login):
    client = login(org.bob)
    page = client.get(MINE, {"year": YEAR})
    assert page.status_code == 200
    assert "You have not registered for 2020 yet" in page.text
    # Only person titles are offered: no collective title, no form of commendation.
    offered = [code for code, _label in page.context["form"].fields["award"].widget.choices]
    assert offered == ["LDTT", "CSTDCS", "CSTD_TINH", "CSTD_TQ"]
    response = client.post(
        MINE, {"year": YEAR, "award": "CSTDCS", "campaign": "", "note": "Sáng kiến"}, follow=True
    )
    assert messages_of(response) == ["You registered for Grassroots emulation fighter in 2020."]
    registration = Registration.objects.get()
    assert (registration.person, registration.award.code, registration.year) == (
        org.bob.person,
        "CSTDCS",
        YEAR,
    )
    assert registration.note == "Sáng kiến"
    rows = response.context["entries"]
    assert [entry.award.code for entry in rows] == ["CSTDCS"]
    assert 'data-testid="remove-CSTDCS"' in response.text
    assert "Draft" in response.text


def test_the_years_regular_campaign_is_offered_first(org, login, campaign):
    page = login(org.bob).get(MINE, {"year": YEAR})
    form = page.context["form"]
    assert form.initial["campaign"] == str(campaign.code)
    login(org.bob).post(MINE, {"year": YEAR, "award": "LDTT", "campaign": str(campaign.code)})
    assert Registration.objects.get().registration_list.campaign == campaign


def test_registering_twice_says_so_and_changes_nothing(org, login):
    client = login(org.bob)
    client.post(MINE, {"year": YEAR, "award": "LDTT"})
    before = snapshot()
    response = client.post(MINE, {"year": YEAR, "award": "LDTT"})
    assert response.status_code == 200
    assert "Trần Văn Bob already registered for Advanced worker in 2020." in response.text
    assert snapshot() == before


@pytest.mark.parametrize(
    "code, message",
    [
        ("GIAY_KHEN", "is a form of commendation, not an emulation title"),
        ("BANG_KHEN_TINH", "is a form of commendation, not an emulation title"),
        ("TTLDTT", "is a title for a collective, not for a person."),
    ],
)
def test_what_is_not_a_person_title_is_refused_with_a_message(org, login, code, message):
    before = snapshot()
    response = login(org.bob).post(MINE, {"year": YEAR, "award": code})
    assert response.status_code == 200
    assert message in response.text
    assert snapshot() == before


def test_a_year_in_the_far_future_is_refused(org, login):
    before = snapshot()
    response = login(org.bob).post(MINE, {"year": 2999, "award": "LDTT"})
    assert "2999 is too far ahead" in response.text
    assert snapshot() == before


def test_a_year_that_is_not_a_number_is_refused(org, login):
    before = snapshot()
    response = login(org.bob).post(MINE, {"year": "abc", "award": "LDTT"})
    assert "“abc” is not a year." in response.text
    assert snapshot() == before


def test_a_far_year_shows_that_registrations_are_not_open(org, login):
    response = login(org.bob).get(MINE, {"year": timezone.localdate().year + 3})
    assert response.context["can_register"] is False
    assert 'data-testid="register-form"' not in response.text


def test_a_login_without_a_person_is_told_what_to_do(db, client):
    client.force_login(UserFactory(username="lonely"))
    response = client.get(MINE)
    assert response.status_code == 200
    assert "Your login is not linked to a person" in response.text
    assert client.post(MINE, {"year": YEAR, "award": "LDTT"}).status_code == 200
    assert not Registration.objects.exists()


def test_the_returned_comment_is_shown_to_the_person(org, login):
    register(org.dave.user, person=org.dave.person)
    registration_list = RegistrationList.objects.get()
    services.registration_list_submit(actor=org.carol.user, registration_list=registration_list)
    services.registration_list_return(
        actor=org.alice.user, registration_list=registration_list, comment="Ghi rõ sáng kiến"
    )
    response = login(org.dave).get(MINE, {"year": YEAR})
    assert 'data-testid="returned-comment"' in response.text
    assert "Ghi rõ sáng kiến" in response.text
    assert "Returned" in response.text


def test_a_person_removes_its_registration(org, login):
    registration = register(org.bob.user, person=org.bob.person)
    response = login(org.bob).post(
        reverse("awards:registration_remove", args=[registration.pk]),
        {"next": f"{MINE}?year={YEAR}"},
    )
    assert response.status_code == 302
    assert response["Location"] == f"{MINE}?year={YEAR}"
    assert not Registration.objects.exists()


def test_removing_goes_nowhere_outside_the_portal(org, login):
    registration = register(org.bob.user, person=org.bob.person)
    response = login(org.bob).post(
        reverse("awards:registration_remove", args=[registration.pk]),
        {"next": "https://evil.example/"},
    )
    assert response["Location"] == registration.registration_list.get_absolute_url()


def test_removing_needs_post(org, login):
    registration = register(org.bob.user, person=org.bob.person)
    url = reverse("awards:registration_remove", args=[registration.pk])
    assert login(org.bob).get(url).status_code == 405


def test_removing_someone_elses_registration_is_forbidden_or_not_found(org, login):
    registration = register(org.alice.user, person=org.alice.person)
    url = reverse("awards:registration_remove", args=[registration.pk])
    assert login(org.bob).post(url).status_code == 403
    assert login(org.charlie).post(url).status_code == 404
    assert Registration.objects.count() == 1


def test_removing_from_a_submitted_list_is_refused_with_a_message(org, login):
    registration = register(org.dave.user, person=org.dave.person)
    services.registration_list_submit(
        actor=org.carol.user, registration_list=registration.registration_list
    )
    response = login(org.dave).post(
        reverse("awards:registration_remove", args=[registration.pk]), follow=True
    )
    assert any("has been submitted for review" in m for m in messages_of(response))
    assert Registration.objects.count() == 1


# A unit's list


def test_the_unit_head_sees_its_list_and_who_has_not_registered(org, login):
    register(org.dave.user, person=org.dave.person)
    response = login(org.carol).get(unit_url(org.technical))
    assert response.status_code == 200
    assert [e.person for e in response.context["person_entries"]] == [org.dave.person]
    assert [p.full_name for p in response.context["not_registered"]] == ["Lê Thị Carol"]
    assert response.context["can_edit"] and response.context["can_submit"]
    assert 'data-testid="member-form"' in response.text
    assert 'data-testid="collective-form"' in response.text


def test_an_outsider_gets_404_on_a_units_list(org, login):
    assert login(org.charlie).get(unit_url(org.technical)).status_code == 404
    assert login(org.bob).get(unit_url(org.technical)).status_code == 404


def test_staff_reads_its_units_list_without_forms(org, login):
    register(org.bob.user, person=org.bob.person)
    response = login(org.bob).get(unit_url(org.office))
    assert response.status_code == 200
    assert not response.context["can_edit"] and not response.context["can_submit"]
    assert 'data-testid="member-form"' not in response.text
    assert 'data-testid="open-submit"' not in response.text


def test_the_unit_head_registers_a_member_and_the_collective_title(org, login):
    client = login(org.carol)
    response = client.post(
        add_person_url(org.technical),
        {"year": YEAR, "campaign": "none", "member-person": "DAVE", "member-award": "LDTT"},
        follow=True,
    )
    assert messages_of(response) == ["Hoàng Văn Dave is registered for Advanced worker in 2020."]
    response = client.post(
        add_collective_url(org.technical),
        {"year": YEAR, "campaign": "none", "collective-award": "TTLDTT"},
        follow=True,
    )
    assert [e.unit for e in response.context["collective_entries"]] == [org.technical]
    assert response.context["registration_list"].unit == org.technical


def test_a_person_title_for_the_collective_is_refused_on_the_page(org, login):
    before = snapshot()
    response = login(org.carol).post(
        add_collective_url(org.technical),
        {"year": YEAR, "campaign": "none", "collective-award": "CSTDCS"},
    )
    assert response.status_code == 200
    assert "is a title for a person, not for a collective." in response.text
    assert snapshot() == before


def test_a_unit_head_cannot_pick_someone_of_another_unit(org, login):
    before = snapshot()
    response = login(org.carol).post(
        add_person_url(org.technical),
        {"year": YEAR, "campaign": "none", "member-person": "BOB", "member-award": "LDTT"},
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.text
    assert snapshot() == before


def test_staff_registering_someone_else_on_the_unit_page_is_forbidden(org, login):
    data = {"year": YEAR, "campaign": "none", "member-person": "ALICE", "member-award": "LDTT"}
    assert login(org.bob).post(add_person_url(org.office), data).status_code == 403
    assert login(org.charlie).post(add_person_url(org.office), data).status_code == 404
    assert login(org.carol).post(add_person_url(org.office), data).status_code == 404
    assert not Registration.objects.exists()


def test_a_campaign_code_from_elsewhere_is_404(org, login):
    from tests.factories import CampaignFactory

    foreign = CampaignFactory(organiser=org.other)
    assert login(org.carol).get(unit_url(org.technical, campaign=foreign.code)).status_code == 404
    assert login(org.carol).get(unit_url(org.technical, campaign="x")).status_code == 404


def test_the_unit_page_defaults_to_the_years_regular_campaign(org, login, campaign):
    register(org.dave.user, person=org.dave.person, campaign=campaign)
    url = reverse("awards:registration_unit", args=[org.technical.code])
    response = login(org.carol).get(url, {"year": YEAR})
    assert response.context["campaign"] == campaign
    assert len(response.context["person_entries"]) == 1
    # The list without a campaign is another list, still empty.
    response = login(org.carol).get(unit_url(org.technical))
    assert response.context["registration_list"] is None
    assert [other.campaign for other in response.context["other_lists"]] == [campaign]


def test_the_unit_head_submits_with_confirmation(org, login):
    register(org.dave.user, person=org.dave.person)
    registration_list = RegistrationList.objects.get()
    client = login(org.carol)
    page = client.get(unit_url(org.technical))
    assert 'data-bs-target="#submit-dialog"' in page.text
    assert 'data-testid="confirm-submit"' in page.text
    submit = reverse("awards:registration_list_submit", args=[registration_list.pk])
    assert client.get(submit).status_code == 405
    response = client.post(submit, follow=True)
    assert messages_of(response) == [
        "The list was sent to the emulation office; you will be told when it is reviewed."
    ]
    registration_list.refresh_from_db()
    assert registration_list.status == RegistrationList.Status.SUBMITTED
    assert not response.context["can_edit"]
    assert "awaits the emulation office's review" in response.text
    assert 'data-testid="submission"' in response.text


def test_submitting_an_empty_list_says_so(org, login):
    registration = register(org.dave.user, person=org.dave.person)
    services.registration_remove(actor=org.dave.user, registration=registration)
    registration_list = RegistrationList.objects.get()
    before = snapshot()
    response = login(org.carol).post(
        reverse("awards:registration_list_submit", args=[registration_list.pk]), follow=True
    )
    assert messages_of(response) == [
        "The list is empty: add at least one registration before submitting it."
    ]
    assert snapshot() == before


def test_a_unit_head_submitting_another_units_list_gets_404_or_403(org, login, leader):
    registration_list = register(org.bob.user, person=org.bob.person).registration_list
    submit = reverse("awards:registration_list_submit", args=[registration_list.pk])
    # Carol heads KT and cannot see VP: 404. Bob sees VP but is not its head: 403.
    assert login(org.carol).post(submit).status_code == 404
    assert login(org.bob).post(submit).status_code == 403
    assert login(org.charlie).post(submit).status_code == 404
    # The leadership sees every unit but does not submit for one.
    from django.test import Client

    lena = Client()
    lena.force_login(leader.user)
    assert lena.post(submit).status_code == 403
    registration_list.refresh_from_db()
    assert registration_list.status == RegistrationList.Status.DRAFT


def test_adding_to_a_submitted_list_on_the_page_is_refused(org, login):
    register(org.dave.user, person=org.dave.person)
    registration_list = RegistrationList.objects.get()
    services.registration_list_submit(actor=org.carol.user, registration_list=registration_list)
    before = snapshot()
    response = login(org.alice).post(
        add_collective_url(org.technical),
        {"year": YEAR, "campaign": "none", "collective-award": "TTLDTT"},
    )
    assert response.status_code == 200
    assert "has been submitted for review; it can no longer be changed" in response.text
    assert snapshot() == before


# The officer's queue and review


@pytest.fixture
def submitted(org):
    register(org.dave.user, person=org.dave.person)
    register(org.carol.user, "TTLDTT", unit=org.technical)
    registration_list = RegistrationList.objects.get()
    return services.registration_list_submit(
        actor=org.carol.user, registration_list=registration_list
    )


def test_the_queue_lists_submitted_lists_for_the_officer(org, login, submitted):
    response = login(org.alice).get(QUEUE)
    assert response.status_code == 200
    rows = list(response.context["page"].object_list)
    assert [(r.unit.code, r.person_count, r.collective_count) for r in rows] == [("KT", 1, 1)]
    assert submitted.get_absolute_url().replace("&", "&amp;") in response.text


def test_the_queue_is_for_officers_only(org, login, submitted):
    assert login(org.carol).get(QUEUE).status_code == 403
    assert login(org.bob).get(QUEUE).status_code == 403


def test_the_queue_is_empty_with_a_hint(org, login):
    response = login(org.alice).get(QUEUE)
    assert "No list is waiting for review" in response.text


def test_the_officer_approves_with_confirmation(org, login, submitted):
    client = login(org.alice)
    page = client.get(submitted.get_absolute_url())
    assert page.context["can_review"]
    assert 'data-bs-target="#approve-dialog"' in page.text
    response = client.post(
        reverse("awards:registration_list_approve", args=[submitted.pk]),
        {"approve-comment": ""},
        follow=True,
    )
    assert messages_of(response) == [
        "The list of Phòng Quản lý công nghệ is approved; the unit has been told."
    ]
    submitted.refresh_from_db()
    assert submitted.status == RegistrationList.Status.APPROVED
    assert Notification.objects.filter(recipient=org.carol.user).exists()


def test_returning_without_a_comment_says_why_and_changes_nothing(org, login, submitted):
    before = snapshot()
    response = login(org.alice).post(
        reverse("awards:registration_list_return", args=[submitted.pk]), {"return-comment": ""}
    )
    assert response.status_code == 200
    assert "Say why the list is returned, so the unit knows what to change." in response.text
    assert snapshot() == before


def test_the_officer_returns_with_a_comment(org, login, submitted):
    response = login(org.alice).post(
        reverse("awards:registration_list_return", args=[submitted.pk]),
        {"return-comment": "Thiếu đăng ký của đồng chí Carol"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == QUEUE
    submitted.refresh_from_db()
    assert submitted.status == RegistrationList.Status.RETURNED
    page = login(org.carol).get(submitted.get_absolute_url())
    assert "Thiếu đăng ký của đồng chí Carol" in page.text
    assert page.context["can_edit"] and page.context["can_submit"]
    history = [text for _event, text in page.context["events"]]
    assert history[0] == "Returned the list: Thiếu đăng ký của đồng chí Carol"
    assert "Submitted the list with 2 registrations" in history


def test_only_the_officer_reviews_on_the_page(org, login, submitted):
    approve = reverse("awards:registration_list_approve", args=[submitted.pk])
    assert login(org.carol).post(approve).status_code == 403
    assert login(org.charlie).post(approve).status_code == 404
    page = login(org.carol).get(submitted.get_absolute_url())
    assert not page.context["can_review"]
    assert 'data-testid="approve-form"' not in page.text
    submitted.refresh_from_db()
    assert submitted.status == RegistrationList.Status.SUBMITTED


def test_the_history_reads_in_the_readers_language(org, login, submitted):
    page = login(org.carol).get(submitted.get_absolute_url())
    history = [text for _event, text in page.context["events"]]
    assert "Registered Hoàng Văn Dave for Advanced worker" in history
    assert "Registered Phòng Quản lý công nghệ for Advanced labour collective" in history


def test_a_second_review_says_the_list_is_no_longer_submitted(org, login, submitted):
    services.registration_list_approve(actor=org.alice.user, registration_list=submitted)
    before = snapshot()
    response = login(org.alice).post(
        reverse("awards:registration_list_return", args=[submitted.pk]),
        {"return-comment": "Muộn"},
    )
    assert response.status_code == 200
    assert "Only a submitted list can be reviewed; this one is approved." in response.text
    assert 'data-testid="errors"' in response.text
    assert snapshot() == before


# Constant query counts as the lists grow


def _count_queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_the_unit_page_costs_the_same_however_many_people_registered(org, login):
    from tests.factories import PersonFactory

    register(org.carol.user, person=org.dave.person)
    client = login(org.carol)
    small = _count_queries(client, unit_url(org.technical))
    for index in range(8):
        person = PersonFactory(
            code=f"KT{index}", full_name=f"Lý Thị Số {index}", unit=org.technical
        )
        register(org.carol.user, person=person)
        register(org.carol.user, "CSTDCS", person=person)
    register(org.carol.user, "TTLDTT", unit=org.technical)
    assert _count_queries(client, unit_url(org.technical)) == small


def test_the_queue_costs_the_same_however_many_lists_wait(org, login, submitted):
    from tests.factories import PersonFactory, UnitFactory

    client = login(org.alice)
    small = _count_queries(client, QUEUE)
    for index in range(4):
        unit = UnitFactory(code=f"T{index}", name=f"Tổ {index}", parent=org.agency)
        person = PersonFactory(code=f"T{index}P", unit=unit)
        registration_list = register(org.alice.user, person=person).registration_list
        services.registration_list_submit(actor=org.alice.user, registration_list=registration_list)
    assert _count_queries(client, QUEUE) == small


# The way in: the home page


def test_home_links_each_role_to_its_registration_pages(org, login, leader):
    from django.test import Client

    mine, queue, table = MINE, QUEUE, reverse("awards:registration_table")
    unit = reverse("awards:registration_unit", args=["KT"])
    bob = login(org.bob).get(reverse("home")).text
    assert mine in bob and queue not in bob and table not in bob
    carol = login(org.carol).get(reverse("home")).text
    assert mine in carol and unit in carol and table in carol and queue not in carol
    alice = login(org.alice).get(reverse("home")).text
    assert queue in alice and table in alice
    lena = Client()
    lena.force_login(leader.user)
    lena_home = lena.get(reverse("home")).text
    assert table in lena_home and queue not in lena_home


def test_the_year_pickers_offer_every_year_that_holds_registrations(org, login):
    """The demo's 2020 registrations stay within reach however many years have gone by."""
    from tests.factories import RegistrationFactory, RegistrationListFactory

    old = RegistrationListFactory(unit=org.technical, year=2009)
    RegistrationFactory(registration_list=old, person=org.carol.person)
    client = login(org.carol)
    for url in (MINE, unit_url(org.technical, year=timezone.localdate().year)):
        years = client.get(url).context["years"]
        assert 2009 in years, url
        assert timezone.localdate().year in years
