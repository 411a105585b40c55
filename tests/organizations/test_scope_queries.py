"""Scope filters that plan well (issue "Province scale"): a prefix match on the joined unit path,
never a subquery of every person in scope inside an OR (PostgreSQL ran that row by row and, at
300,000 people, never finished the award history); the union chair's members by an EXISTS, for
union chairs only."""

from awards.models import AwardRecord, Initiative
from organizations.models import PendingReview, Person


def nested_selects(queryset) -> int:
    return str(queryset.query).upper().count("SELECT") - 1


def test_the_scope_of_people_and_their_records_is_a_join_for_all_but_union_chairs(org):
    for persona in (org.alice, org.bob, org.carol):
        user = persona.user
        assert nested_selects(Person.objects.visible_to(user)) == 0
        assert nested_selects(AwardRecord.objects.visible_to(user)) == 0
        assert nested_selects(PendingReview.objects.visible_to(user)) == 0
        # An initiative is seen by its unit or by one of its authors: one EXISTS, no IN.
        initiatives = str(Initiative.objects.visible_to(user).query).upper()
        assert initiatives.count("EXISTS") == 1 and " IN (SELECT" not in initiatives


def test_a_union_chair_also_sees_the_members_of_the_union_it_chairs(org):
    chair = org.dave.user
    sql = str(AwardRecord.objects.visible_to(chair).query).upper()
    assert sql.count("EXISTS") == 1 and " IN (SELECT" not in sql
    # Bob works in VP, outside the chair's unit, and is a member of the union it chairs.
    assert set(Person.objects.visible_to(chair).values_list("code", flat=True)) == {
        "BOB",
        "CAROL",
        "DAVE",
    }
