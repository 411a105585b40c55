"""Finding 6 of the security review: ratings, discipline, pending reviews and leave are personal
data (Nghị định 13/2023/NĐ-CP; health data is sensitive). The person, the head of its unit, the
emulation officer and the leadership read them; colleagues and union chairs see the name, unit,
position, titles and awards. Checked by content: planted values must not appear."""

import pytest
from django.urls import reverse

from organizations.models import Membership
from tests.factories import (
    DisciplineFactory,
    LeaveFactory,
    PendingReviewFactory,
    PersonFactory,
    RatingFactory,
    UserFactory,
)

pytestmark = pytest.mark.usefixtures("english")

PLANTED = {
    "discipline": "Vi phạm quy chế PLANTED-DISCIPLINE",
    "review": "Đơn tố cáo PLANTED-REVIEW",
    "leave": "Nghỉ ốm PLANTED-LEAVE",
    "rating": "Ghi chú PLANTED-RATING",
}


@pytest.fixture
def colleague(org):
    """A member of the technical division and of the trade union, with a full HR record."""
    person = PersonFactory(
        unit=org.technical, full_name="Vũ Thị Đồng Nghiệp", position="Chuyên viên"
    )
    DisciplineFactory(person=person, reason=PLANTED["discipline"])
    PendingReviewFactory(person=person, reference=PLANTED["review"])
    LeaveFactory(person=person, kind="sick", note=PLANTED["leave"])
    RatingFactory(person=person, year=2020, note=PLANTED["rating"])
    Membership.objects.create(
        person=person, organisation=org.union, role=Membership.Role.MEMBER,
        start_date="2018-01-01",
    )  # fmt: skip
    Membership.objects.update_or_create(
        person=org.dave.person,
        organisation=org.union,
        defaults={"role": Membership.Role.CHAIR, "start_date": "2018-01-01"},
    )
    return person


def shown(client, person) -> set[str]:
    page = client.get(reverse("organizations:person_detail", args=[person.code]))
    assert page.status_code == 200
    return {key for key, value in PLANTED.items() if value in page.text}


def test_a_colleague_and_a_union_chair_see_no_personal_data(org, login, colleague):
    teammate = PersonFactory(unit=org.technical, user=UserFactory(username="teammate"))
    assert shown(login(teammate), colleague) == set()
    page = login(teammate).get(reverse("organizations:person_detail", args=[colleague.code]))
    assert "Vũ Thị Đồng Nghiệp" in page.text and "Chuyên viên" in page.text
    assert 'data-testid="personal-data-hidden"' in page.text
    assert 'data-testid="date-of-birth"' not in page.text
    # Dave chairs the union the colleague belongs to, and works in the same division.
    assert shown(login(org.dave), colleague) == set()


@pytest.mark.parametrize("who", ["self", "unit_head", "officer", "leadership"])
def test_those_who_need_it_read_it_all(org, leader, login, colleague, who):
    if who == "self":
        colleague.user = UserFactory(username="dongnghiep")
        colleague.save(update_fields=["user"])
    reader = {
        "self": colleague,
        "unit_head": org.carol,
        "officer": org.alice,
        "leadership": leader,
    }[who]
    assert shown(login(reader), colleague) == set(PLANTED)


def test_the_eligibility_page_of_someone_else_hides_the_hr_evidence(org, login, colleague):
    teammate = PersonFactory(unit=org.technical, user=UserFactory(username="teammate"))
    url = reverse("awards:person_eligibility", args=[colleague.code]) + "?year=2020"
    page = login(teammate).get(url)
    assert page.status_code == 200
    assert 'data-testid="outcome"' in page.text  # the verdict is shown
    assert 'data-testid="evidence-hidden"' in page.text
    assert "Khiển trách" not in page.text and "eprimand" not in page.text
    assert 'data-testid="check"' not in page.text and 'data-testid="batch"' not in page.text
    officer_page = login(org.alice).get(url)
    assert 'data-testid="evidence-hidden"' not in officer_page.text


def test_a_colleague_cannot_list_who_has_no_rating(org, login, colleague):
    PersonFactory(unit=org.technical, full_name="Chưa Xếp Loại")
    teammate = PersonFactory(unit=org.technical, user=UserFactory(username="teammate"))
    url = reverse("organizations:person_list")
    page = login(teammate).get(url, {"missing_rating": 2020})
    assert "Chưa Xếp Loại" in page.text and "Vũ Thị Đồng Nghiệp" in page.text  # not filtered
    head = login(org.carol).get(url, {"missing_rating": 2020})
    assert "Chưa Xếp Loại" in head.text and "Vũ Thị Đồng Nghiệp" not in head.text
