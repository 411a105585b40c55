import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from organizations.models import Person
from organizations.vietnamese import fold, name_sort_key
from tests.factories import PersonFactory, RatingFactory

URL = reverse("organizations:person_list")


def names(response):
    return [person.full_name for person in response.context["page"].object_list]


def bulk_people(unit, count, start=0):
    """Create many people at once, filling the derived fields save() would fill."""
    given = ["An", "Bình", "Châu", "Dũng", "Đức", "Giang", "Hà", "Hùng", "Lan", "Mai"]
    people = []
    for i in range(start, start + count):
        full_name = f"Nguyễn Văn {given[i % len(given)]} {i}"
        people.append(
            Person(
                code=f"BULK{i:06d}",
                full_name=full_name,
                sort_key=name_sort_key(full_name),
                search_name=fold(full_name),
                gender=Person.Gender.MALE,
                employment_type=Person.EmploymentType.CIVIL_SERVANT,
                unit=unit,
                start_date=datetime.date(2015, 1, 1),
            )
        )
    Person.objects.bulk_create(people, batch_size=1000)


def test_it_requires_sign_in(client, org):
    assert client.get(URL).status_code == 302


def test_officer_sees_everyone_in_the_agency_but_no_outsider(org, login):
    response = login(org.alice).get(URL)
    assert response.status_code == 200
    assert set(names(response)) == {
        "Nguyễn Thị Alice",
        "Trần Văn Bob",
        "Lê Thị Carol",
        "Hoàng Văn Dave",
    }


def test_staff_sees_its_own_unit_only(org, login):
    response = login(org.bob).get(URL)
    assert set(names(response)) == {"Nguyễn Thị Alice", "Trần Văn Bob"}


def test_union_chair_sees_its_members_in_other_units(org, login):
    response = login(org.dave).get(URL)
    assert set(names(response)) == {"Lê Thị Carol", "Hoàng Văn Dave", "Trần Văn Bob"}


def test_it_orders_by_given_name_the_vietnamese_way(org, login):
    for code, full_name in [
        ("X1", "Đỗ Văn Đức"),
        ("X2", "Nguyễn Văn Dũng"),
        ("X3", "Trần Thị Ánh"),
        ("X4", "Lê Văn Anh"),
        ("X5", "Bùi Thị Ân"),
    ]:
        PersonFactory(code=code, full_name=full_name, unit=org.technical)
    response = login(org.carol).get(URL)
    assert names(response) == [
        "Lê Văn Anh",
        "Trần Thị Ánh",
        "Bùi Thị Ân",
        "Lê Thị Carol",
        "Hoàng Văn Dave",
        "Nguyễn Văn Dũng",
        "Đỗ Văn Đức",
    ]


@pytest.mark.parametrize("query", ["Trần Văn", "tran van", "TRAN VAN BOB", "văn bob", "BOB"])
def test_it_searches_names_with_or_without_diacritics(org, login, query):
    response = login(org.alice).get(URL, {"q": query})
    assert names(response) == ["Trần Văn Bob"]


def test_it_finds_a_person_by_staff_code(org, login):
    response = login(org.alice).get(URL, {"q": "carol"})
    assert names(response) == ["Lê Thị Carol"]


def test_the_search_is_one_condition_on_the_persons_own_columns(org, login):
    """Name or staff code, read from the person's row: the name's indexes and the index on the
    upper-cased code answer it together, where `id IN (subquery) OR …` made PostgreSQL test
    every person of the province (docs/performance.md)."""
    client = login(org.alice)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL, {"q": "le thi"})
    assert names(response) == ["Lê Thị Carol"]
    (keys,) = [q["sql"] for q in queries if "le thi%" in q["sql"] and "AS listed" in q["sql"]]
    assert keys.split(") AS listed")[0].count("SELECT") == 2  # the count, and no subquery


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("nguyen van", ["Nguyễn Văn An 0", "Nguyễn Văn An 10", "Nguyễn Văn Lan 8"]),
        ("Văn An", ["Nguyễn Văn An 0", "Nguyễn Văn An 10"]),
        ("an 1", ["Nguyễn Văn An 10"]),
        ("an", ["Nguyễn Văn An 0", "Nguyễn Văn An 10"]),
        ("lan", ["Nguyễn Văn Lan 8"]),
    ],
)
def test_a_name_is_found_by_the_start_of_any_of_its_words(org, login, text, found):
    """ "an" finds An (not Lan, nor the "an" inside "Nguyễn Văn" or "Hoàng"), "van an" finds
    Nguyễn Văn An: the search matches the start of a word, with or without diacritics."""
    bulk_people(org.technical, 11)
    Person.objects.filter(code__startswith="BULK").exclude(full_name__contains=" An ").exclude(
        full_name__contains=" Lan "
    ).delete()
    response = login(org.alice).get(URL, {"q": text})
    assert sorted(names(response)) == found


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's plans (CI runs it)")
def test_each_word_of_a_name_is_searched_through_its_own_index(org):
    """PostgreSQL answers each of the search's conditions from an ordered index of the name
    from that word (migration 0013): had a condition been written otherwise than its index,
    PostgreSQL would read every person (docs/performance.md, "Name search by the start of a
    word")."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = Person.objects.filter(search_name__wordstart="nguyen van").explain()
    used = {
        "person_search_name_prefix",
        *(f"person_search_name_word{n}" for n in (2, 3, 4, 5)),
        "person_search_name_last",
    }
    for index in used:
        assert f"Index Scan on {index}" in plan, plan
    assert "Seq Scan" not in plan


def test_it_filters_by_unit_including_units_below(org, login):
    response = login(org.alice).get(URL, {"unit": "KT"})
    assert set(names(response)) == {"Lê Thị Carol", "Hoàng Văn Dave"}
    response = login(org.alice).get(URL, {"unit": "SKHCN"})
    assert len(names(response)) == 4


def test_it_refuses_to_filter_by_a_unit_outside_scope(org, login):
    response = login(org.bob).get(URL, {"unit": "KT"})
    assert response.status_code == 200
    assert "unit" in response.context["filter"].form.errors
    assert "Lê Thị Carol" not in names(response)


def test_it_lists_people_missing_a_rating(org, login):
    RatingFactory(person=org.bob.person, year=2019)
    response = login(org.alice).get(URL, {"missing_rating": 2019})
    assert "Trần Văn Bob" not in names(response)
    assert "Lê Thị Carol" in names(response)


def test_it_separates_people_who_left(org, login):
    PersonFactory(
        code="LEFT",
        full_name="Vũ Thị Đã Nghỉ",
        unit=org.office,
        end_date=datetime.date(2019, 6, 30),
    )
    working = names(login(org.alice).get(URL, {"status": "active"}))
    former = names(login(org.alice).get(URL, {"status": "former"}))
    assert "Vũ Thị Đã Nghỉ" not in working
    assert former == ["Vũ Thị Đã Nghỉ"]


def test_it_paginates(org, login, settings):
    bulk_people(org.office, 60)
    response = login(org.alice).get(URL, {"page": 3})
    assert response.context["page"].number == 3
    assert len(names(response)) == 64 - 2 * settings.PAGE_SIZE


def test_an_empty_result_tells_what_to_do(org, login):
    response = login(org.alice).get(URL, {"q": "không ai tên này"})
    assert 'data-testid="empty-state"' in response.content.decode()


def count_queries(client, params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL, params)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("params", [{}, {"q": "nguyen van", "unit": "VP", "status": "active"}])
def test_query_count_does_not_grow_from_60_to_6000_people(org, login, params):
    client = login(org.alice)
    bulk_people(org.office, 60)
    client.get(URL, params)  # warm the session and content types
    with_60 = count_queries(client, params)
    bulk_people(org.office, 5940, start=60)
    with_6000 = count_queries(client, params)
    assert Person.objects.count() >= 6000
    assert with_6000 == with_60


def test_past_the_count_limit_the_list_says_more_than_and_counts_no_further(org, login, settings):
    settings.PAGE_SIZE = 10
    settings.LIST_COUNT_LIMIT = 30
    bulk_people(org.office, 60)
    client = login(org.alice)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL)
    page = response.context["page"]
    assert page.paginator.count == 30 and page.paginator.is_capped
    assert page.paginator.num_pages == 3
    body = response.content.decode()
    assert "Hiển thị 1–10 trong hơn 30" in body
    # The count reads the keys up to the limit in no order, then sorts those only.
    (count,) = [q["sql"] for q in queries if "LIMIT 31" in q["sql"]]
    counted, sorted_after = count.split(") AS listed")
    assert count.startswith('SELECT "_listed_key" FROM')  # the keys only come back
    assert "ORDER BY" not in counted
    assert 'SELECT "organizations_person"."id" AS "_listed_key"' in counted
    assert "ORDER BY" in sorted_after

    # Narrowed below the limit, the exact number again, and the page read by those keys.
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL, {"q": "Bob"})
    assert response.context["page"].paginator.count == 1
    assert not response.context["page"].paginator.is_capped
    assert names(response) == ["Trần Văn Bob"]
    keyed = (
        f'"organizations_person"."id" {"= ANY(" if connection.vendor == "postgresql" else "IN ("}'
    )
    (listed,) = [
        q["sql"]
        for q in queries
        if keyed in q["sql"] and q["sql"].startswith('SELECT "organizations_person"."id", ')
    ]
    # By its keys alone: the search that found them is not run again.
    assert "bob%" not in listed


def test_each_page_shows_its_rows_in_the_lists_order(org, login, settings):
    """Below the limit the keys are sorted once and each page reads its own: page 2 holds the
    11th to the 20th person in the list's order (given name first), the last page the rest."""
    settings.PAGE_SIZE = 10
    bulk_people(org.office, 25)
    client = login(org.alice)
    everyone = list(
        Person.objects.filter(code__startswith="BULK").values_list("full_name", flat=True)
    )
    assert len(everyone) == 25
    shown = []
    for number in (1, 2, 3):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(URL, {"q": "nguyen van", "page": number})
        assert response.context["page"].paginator.count == 25
        shown += names(response)
        keyed = '"organizations_person"."id" ' + (
            "= ANY(" if connection.vendor == "postgresql" else "IN ("
        )
        (listed,) = [
            q["sql"]
            for q in queries
            if q["sql"].startswith('SELECT "organizations_person"."id", ') and keyed in q["sql"]
        ]
        assert "LIMIT" not in listed  # the page's own keys, not a slice of all the rows
        assert "nguyen van%" not in listed  # nor the search run again
    assert shown == everyone  # Person's order: given name, then the family and middle names
