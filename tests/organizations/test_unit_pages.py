from django.urls import reverse


def codes_in(response):
    return {unit.code for unit in response.context["units"]}


def test_it_requires_sign_in(client, org):
    response = client.get(reverse("organizations:unit_tree"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_officer_sees_the_whole_agency_tree(org, login):
    response = login(org.alice).get(reverse("organizations:unit_tree"))
    assert response.status_code == 200
    assert codes_in(response) == {"SKHCN", "VP", "KT", "CD"}


def test_staff_sees_only_its_own_unit(org, login):
    response = login(org.bob).get(reverse("organizations:unit_tree"))
    assert codes_in(response) == {"VP"}


def test_outsider_sees_only_its_own_agency(org, login):
    response = login(org.charlie).get(reverse("organizations:unit_tree"))
    assert codes_in(response) == {"OTHER"}


def test_union_chair_sees_its_union_too(org, login):
    response = login(org.dave).get(reverse("organizations:unit_tree"))
    assert codes_in(response) == {"KT", "CD"}


def test_tree_shows_headcount_without_a_query_per_unit(org, login):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import UnitFactory

    client = login(org.alice)
    client.get(reverse("organizations:unit_tree"))
    with CaptureQueriesContext(connection) as few:
        response = client.get(reverse("organizations:unit_tree"))
    by_code = {unit.code: unit.headcount for unit in response.context["units"]}
    assert by_code["VP"] == 2  # alice and bob
    assert by_code["KT"] == 2  # carol and dave
    for n in range(8):
        UnitFactory(code=f"P{n}", name=f"Phòng {n}", parent=org.agency)
    with CaptureQueriesContext(connection) as more:
        response = client.get(reverse("organizations:unit_tree"))
    assert len(response.context["units"]) == 4 + 8
    assert len(more) == len(few)


def test_a_long_list_of_units_below_one_shows_a_page_then_the_next_on_demand(org, login, settings):
    """A province with hundreds of departments right under it: the tree shows the first page
    of them and a row that fetches the next page in its place; only the page is counted."""
    from organizations import selectors
    from tests.factories import UnitFactory

    settings.LANGUAGE_CODE = "vi"
    page_size = selectors.TREE_PAGE
    for n in range(page_size + 3):
        UnitFactory(code=f"P{n:03}", name=f"Phòng {n:03}", parent=org.agency)
    client = login(org.alice)
    response = client.get(reverse("organizations:unit_tree"))
    shown = [unit.code for unit in response.context["units"]]
    assert len(shown) == 1 + page_size  # the agency and its first page
    assert "P052" not in shown and "CD" not in shown  # the unions come after the divisions
    html = response.content.decode()
    more = reverse("organizations:unit_children", args=["SKHCN"]) + f"?from={page_size}"
    assert f'hx-get="{more}"' in html
    assert "Xem thêm 6 đơn vị trực thuộc Sở Khoa học và Công nghệ" in html

    rest = client.get(more, HTTP_HX_REQUEST="true")
    codes = [unit.code for unit in rest.context["units"]]
    assert len(codes) == 6 and codes[-1] == "CD"
    assert not set(codes) & set(shown)
    assert "hx-swap-oob" not in rest.content.decode()  # it replaces the row it came from
    assert "Xem thêm" not in rest.content.decode()

    page = client.get(reverse("organizations:unit_detail", args=["SKHCN"]))
    assert len(page.context["children"]) == page_size
    assert "Còn 6 đơn vị trực thuộc" in page.content.decode()


def test_unit_page_lists_its_people(org, login):
    response = login(org.alice).get(reverse("organizations:unit_detail", args=["VP"]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Trần Văn Bob" in body
    assert "Lê Thị Carol" not in body


def test_unit_page_links_its_commitments_for_those_who_read_its_dashboard(org, login):
    url = reverse("organizations:unit_detail", args=["KT"])
    link = f'href="{reverse("dashboards:unit", args=["KT"])}" data-testid="commitments-link"'
    assert link in login(org.carol).get(url).content.decode()  # its head
    assert link in login(org.alice).get(url).content.decode()  # the officer
    # Staff read the unit's page, not its dashboard: no link to a 403.
    bob_url = reverse("organizations:unit_detail", args=["VP"])
    assert 'data-testid="commitments-link"' not in login(org.bob).get(bob_url).content.decode()


def test_unit_page_of_a_union_lists_its_members(org, login):
    response = login(org.dave).get(reverse("organizations:unit_detail", args=["CD"]))
    assert response.status_code == 200
    members = {m.person.full_name for m in response.context["members"]}
    assert members == {"Hoàng Văn Dave", "Trần Văn Bob"}


def test_unit_page_is_404_outside_scope(org, login):
    assert (
        login(org.charlie).get(reverse("organizations:unit_detail", args=["VP"])).status_code == 404
    )
    assert login(org.bob).get(reverse("organizations:unit_detail", args=["KT"])).status_code == 404


def test_unit_page_is_404_for_unknown_code(org, login):
    response = login(org.alice).get(reverse("organizations:unit_detail", args=["NOPE"]))
    assert response.status_code == 404


def test_tree_lists_each_unit_under_its_parent_board_and_divisions_before_unions(org, login):
    from tests.factories import UnitFactory

    UnitFactory(code="BLD", name="Ban lãnh đạo Sở", kind="leadership_board", parent=org.agency)
    UnitFactory(code="AA", name="Ánh sáng (phòng)", parent=org.technical)
    client = login(org.alice)
    response = client.get(reverse("organizations:unit_tree"))
    # Two levels: the agency and the units right below it; KT's own units open on demand.
    assert [unit.code for unit in response.context["units"]] == [
        "SKHCN",
        "BLD",
        "KT",  # Phòng Quản lý công nghệ
        "VP",  # Văn phòng Sở
        "CD",
    ]
    page = response.content.decode()
    opener = reverse("organizations:unit_children", args=["KT"])
    assert f'hx-get="{opener}"' in page
    assert 'data-testid="open-VP"' not in page  # nothing below VP
    assert 'data-testid="open-SKHCN"' not in page  # its units are shown already

    below = client.get(opener, HTTP_HX_REQUEST="true")
    assert below.status_code == 200
    assert [unit.code for unit in below.context["units"]] == ["AA"]
    html = below.content.decode()
    assert "Ánh sáng (phòng)" in html and "depth-2" in html
    assert 'id="open-KT" hx-swap-oob="delete"' in html  # the button it came from goes


def test_the_tree_renders_two_levels_whatever_the_depth_below(org, login):
    from tests.factories import UnitFactory

    parent = org.technical
    for level in range(5):
        parent = UnitFactory(code=f"L{level}", name=f"Tổ {level}", parent=parent)
    response = login(org.alice).get(reverse("organizations:unit_tree"))
    assert {unit.code for unit in response.context["units"]} == {"SKHCN", "VP", "KT", "CD"}
    assert "Tổ 0" not in response.content.decode()


def test_the_units_below_are_404_outside_the_scope(org, login):
    assert (
        login(org.bob).get(reverse("organizations:unit_children", args=["KT"])).status_code == 404
    )
    assert (
        login(org.charlie).get(reverse("organizations:unit_children", args=["SKHCN"])).status_code
        == 404
    )
