"""Scope filters that plan well (issue "Province scale"): a prefix match on the joined unit path,
never a subquery of every person in scope inside an OR (PostgreSQL ran that row by row and, at
300,000 people, never finished the award history); the union chair's members by an EXISTS, for
union chairs only. A unit's award records, few, are found from its people and units by their
indexes (a UNION of two indexed lookups); an agency's, most of the table, by the joins."""

from awards.models import AwardRecord, Initiative
from organizations.models import PendingReview, Person


def nested_selects(queryset) -> int:
    return str(queryset.query).upper().count("SELECT") - 1


def test_the_scope_of_people_and_their_records_is_a_join_for_all_but_union_chairs(org):
    for persona in (org.alice, org.bob, org.carol):
        user = persona.user
        assert nested_selects(Person.objects.visible_to(user)) == 0
        assert nested_selects(PendingReview.objects.visible_to(user)) == 0
        # An initiative is seen by its unit or by one of its authors: one EXISTS, no IN.
        initiatives = str(Initiative.objects.visible_to(user).query).upper()
        assert initiatives.count("EXISTS") == 1 and " IN (SELECT" not in initiatives


def records_sql(user) -> str:
    return str(AwardRecord.objects.visible_to(user).query).upper()


def test_the_agencys_award_records_are_a_join_and_a_units_a_union_of_indexed_lookups(org):
    # The officer sees the agency: joins, so a page is the list's index read in order.
    assert nested_selects(AwardRecord.objects.visible_to(org.alice.user)) == 0
    for persona in (org.bob, org.carol):
        sql = records_sql(persona.user)
        # The records of the unit's people UNION those of its units, then the page by key.
        assert sql.count("UNION") == 1
        outer_where = sql.split(" WHERE ", 1)[1]
        assert outer_where.startswith('"AWARDS_AWARDRECORD"."ID" IN (')
        assert " OR " not in sql.split("UNION")[0].split("WHERE")[-1]


def test_a_union_chair_also_sees_the_members_of_the_union_it_chairs(org):
    chair = org.dave.user
    sql = records_sql(chair)
    assert sql.count("EXISTS") == 1 and sql.count("UNION") == 1
    # Bob works in VP, outside the chair's unit, and is a member of the union it chairs.
    assert set(Person.objects.visible_to(chair).values_list("code", flat=True)) == {
        "BOB",
        "CAROL",
        "DAVE",
    }


def test_only_the_administrator_or_the_officer_of_the_only_agency_holds_every_unit(org):
    from organizations.scope import holds_every_unit
    from tests.factories import UserFactory

    assert holds_every_unit(UserFactory(username="root", is_superuser=True))
    # Another agency is there: the officer's agency is not all.
    assert not holds_every_unit(org.alice.user)
    assert not holds_every_unit(org.bob.user)
    org.charlie.person.delete()
    org.other.delete()
    alice = type(org.alice.user).objects.get(pk=org.alice.user.pk)  # a new request's user
    assert holds_every_unit(alice)
    assert not holds_every_unit(type(alice).objects.get(pk=org.bob.user.pk))
