"""Unit choosers that search as you type (issue "Province scale"): a list's unit filter is a
search field whose options — at most 20 units of the user's scope — come from a small endpoint,
never a `<select>` of every unit."""

import pytest
from django.urls import reverse

from organizations.models import Unit
from tests.factories import UnitFactory

pytestmark = pytest.mark.usefixtures("english")

SUGGEST = reverse("organizations:unit_suggest")


def options(client, text, field="unit"):
    response = client.get(SUGGEST, {"field": field, field: text})
    assert response.status_code == 200
    body = response.content.decode()
    return [line.split('"')[1] for line in body.split("<option value=")[1:]]


def test_it_finds_units_by_name_without_diacritics_or_by_code_in_the_users_scope(org, login):
    client = login(org.alice)
    assert options(client, "phong quan ly") == ["KT"]
    assert options(client, "Phòng Quản") == ["KT"]
    assert options(client, "vp") == ["VP"]  # the start of a code
    # Another agency's units are never offered, even by their exact code.
    assert options(client, "OTHER") == []
    assert options(client, "Sở Tài chính") == []


def test_a_unit_is_found_by_the_words_of_its_name_the_last_one_begun(org, login):
    """The same on PostgreSQL (a phrase query on the words' index) and SQLite (`make run`)."""
    UnitFactory(code="QLKH", name="Phòng Quản lý khoa học", parent=org.agency)
    UnitFactory(code="TTKH", name="Trung tâm Thông tin khoa học, công nghệ", parent=org.agency)
    client = login(org.alice)
    assert options(client, "khoa h") == ["SKHCN", "QLKH", "TTKH"]  # Sở Khoa học…, then
    assert options(client, "quan ly khoa hoc") == ["QLKH"]
    assert options(client, "thong tin khoa") == ["TTKH"]
    # Words in their order, begun at their start: not in another order, not inside a word.
    assert options(client, "khoa quan") == []
    assert options(client, "oa ho") == []
    # What a text search would read as its operators is only text here: nothing found, no error.
    for typed in ("& !", "':*", "|", "(", "\\"):
        assert options(client, typed) == []


def test_a_staff_member_is_offered_only_the_units_of_its_scope(org, login):
    assert options(login(org.bob), "") == ["VP"]
    assert options(login(org.carol), "phong") == ["KT"]


def test_at_most_twenty_units_in_the_trees_order_at_a_constant_cost(
    org, login, django_assert_max_num_queries
):
    for number in range(30):
        UnitFactory(code=f"TO{number:02}", name=f"Tổ công tác số {number:02}", parent=org.office)
    client = login(org.alice)
    client.get(SUGGEST, {"field": "unit", "unit": "to cong tac"})  # the session, once
    with django_assert_max_num_queries(6):
        found = options(client, "to cong tac")
    assert found == [f"TO{number:02}" for number in range(20)]


@pytest.mark.parametrize(
    "url",
    [
        reverse("organizations:person_list"),
        reverse("awards:history_list"),
        reverse("awards:initiative_list"),
        reverse("awards:registration_table"),
        reverse("awards:nomination_desk"),
    ],
)
def test_list_pages_render_a_search_field_not_every_unit(org, login, url):
    for number in range(30):
        UnitFactory(code=f"TO{number:02}", name=f"Tổ công tác số {number:02}", parent=org.office)
    page = login(org.alice).get(url).content.decode()
    assert '<select name="unit"' not in page
    assert 'list="id_unit-options"' in page and f'hx-get="{SUGGEST}?field=unit"' in page
    assert "Tổ công tác số 29" not in page
    assert Unit.objects.count() > 30


def test_a_chosen_unit_filters_the_list_and_a_name_typed_without_choosing_says_what_to_do(
    org, login
):
    client = login(org.alice)
    page = client.get(reverse("organizations:person_list"), {"unit": "KT"})
    names = [person.full_name for person in page.context["page"].object_list]
    assert names and all(name in {"Lê Thị Carol", "Hoàng Văn Dave"} for name in names)
    body = page.content.decode()
    assert 'value="KT"' in body
    assert '<div class="form-text" data-testid="unit-chosen">Phòng Quản lý công nghệ</div>' in body
    # Another agency's code names nothing.
    other = client.get(reverse("organizations:person_list"), {"unit": "OTHER"}).content.decode()
    assert "Sở Tài chính" not in other and 'data-testid="unit-chosen"' not in other
    refused = client.get(reverse("organizations:person_list"), {"unit": "Phòng Quản lý"})
    assert "Pick a unit from the list: type part of its name or its code." in (
        refused.content.decode()
    )
