from django.urls import reverse

from tests.factories import DisciplineFactory, RatingFactory


def url(code):
    return reverse("organizations:person_detail", args=[code])


def test_it_shows_ratings_and_discipline(org, login):
    RatingFactory(person=org.bob.person, year=2018, level="excellent")
    RatingFactory(person=org.bob.person, year=2019, level="good")
    DisciplineFactory(person=org.bob.person)
    response = login(org.alice).get(url("BOB"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Trần Văn Bob" in body
    assert [r.year for r in response.context["ratings"]] == [2019, 2018]
    assert "01/03/2019" in body  # discipline start, dd/mm/yyyy
    assert "28/02/2020" in body


def test_staff_sees_a_colleague_but_no_write_buttons(org, login):
    response = login(org.bob).get(url("ALICE"))
    assert response.status_code == 200
    assert response.context["can_manage"] is False
    assert reverse("organizations:rating_add", args=["ALICE"]) not in response.content.decode()


def test_officer_sees_write_buttons(org, login):
    response = login(org.alice).get(url("CAROL"))
    assert reverse("organizations:rating_add", args=["CAROL"]) in response.content.decode()


def test_it_is_404_outside_scope(org, login):
    assert login(org.charlie).get(url("BOB")).status_code == 404
    assert login(org.bob).get(url("CAROL")).status_code == 404


def test_union_chair_sees_a_member_from_another_unit(org, login):
    assert login(org.dave).get(url("BOB")).status_code == 200
    assert login(org.dave).get(url("ALICE")).status_code == 404


def test_it_requires_sign_in(client, org):
    assert client.get(url("BOB")).status_code == 302


def test_officer_reads_recent_changes_in_its_language(org, login):
    client = login(org.alice)
    client.post(
        reverse("organizations:rating_add", args=["BOB"]), {"year": 2019, "level": "excellent"}
    )
    response = client.get(url("BOB"))
    body = response.content.decode()
    assert "Ghi xếp loại năm 2019: Hoàn thành xuất sắc nhiệm vụ" in body
    assert "Nguyễn Thị Alice" in body


def test_a_change_made_by_a_system_job_reads_as_the_system(org, login):
    """A demo load or a command records events with no actor: the page still opens."""
    from organizations.events import event_record

    rating = RatingFactory(person=org.bob.person, year=2019, level="good")
    event_record(
        actor=None,
        verb="rating_recorded",
        target=org.bob.person,
        summary="2019",
        data={"year": 2019, "level": rating.level},
    )
    response = login(org.alice).get(url("BOB"))
    assert response.status_code == 200
    assert "Hệ thống: Ghi xếp loại năm 2019" in response.content.decode()


def test_a_union_is_linked_only_for_who_may_open_its_page(org, login):
    """Bob (staff in VP) belongs to the trade union, whose page lies outside his unit's scope:
    his profile names it without a link to a page he would find missing."""
    union_url = org.union.get_absolute_url()
    own = login(org.bob).get(url("BOB")).content.decode()
    assert org.union.name in own
    assert union_url not in own
    assert login(org.bob).get(union_url).status_code == 404
    # The officer, who may open it, gets the link.
    assert union_url in login(org.alice).get(url("BOB")).content.decode()
