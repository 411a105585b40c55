"""Findings 4 and 5 of the security review: scope comes from the role, not from membership rows
alone; and leaving the agency ends the portal rights."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from awards.models import Registration
from organizations.models import Membership, Unit
from organizations.roles import role_names
from organizations.scope import scope_for
from tests.factories import MembershipFactory, PersonFactory, UnitFactory

pytestmark = pytest.mark.usefixtures("english")


def person_url(person):
    return reverse("organizations:person_detail", args=[person.code])


@pytest.fixture
def party_cell(org):
    """The agency's Party cell, with a member working in the technical division."""
    cell = UnitFactory(code="CB", name="Chi bộ", kind=Unit.Kind.PARTY_CELL, parent=org.agency)
    member = PersonFactory(unit=org.technical, full_name="Đảng viên Kỹ thuật")
    MembershipFactory(person=member, organisation=cell)
    return cell, member


def test_a_chair_recorded_without_the_role_sees_only_its_unit(org, login, party_cell):
    cell, member = party_cell
    # Bob (staff of the office) is recorded as the cell's secretary, but holds no chair's role.
    MembershipFactory(person=org.bob.person, organisation=cell, role=Membership.Role.CHAIR)
    assert scope_for(org.bob.user).paths == (org.office.path,)
    client = login(org.bob)
    assert client.get(person_url(member)).status_code == 404
    listed = client.get(reverse("organizations:person_list"))
    assert member.full_name not in listed.text


def test_a_union_chair_by_role_sees_its_members(org, login):
    member = PersonFactory(unit=org.office, full_name="Đoàn viên Văn phòng")
    MembershipFactory(person=member, organisation=org.union)
    Membership.objects.update_or_create(
        person=org.dave.person,
        organisation=org.union,
        defaults={"role": Membership.Role.CHAIR, "start_date": datetime.date(2018, 1, 1)},
    )
    assert org.union.path in scope_for(org.dave.user).paths
    assert login(org.dave).get(person_url(member)).status_code == 200


@pytest.fixture
def carol_left(org):
    """Carol, head of the technical division, left the agency yesterday."""
    person = org.carol.person
    person.end_date = timezone.localdate() - datetime.timedelta(days=1)
    person.save(update_fields=["end_date"])
    return person


def test_a_person_who_left_keeps_no_right(org, login, carol_left):
    user = type(org.carol.user).objects.get(pk=org.carol.user.pk)
    assert role_names(user) == set() and scope_for(user).paths == ()
    client = login(org.carol)
    colleague = PersonFactory(unit=org.technical)
    assert client.get(person_url(colleague)).status_code == 404
    before = Registration.objects.count()
    response = client.post(
        reverse("awards:registration_unit_add_person", args=[org.technical.code]),
        {"year": 2020, "member-person": colleague.pk, "member-award": "LDTT"},
    )
    assert response.status_code in (403, 404)
    assert Registration.objects.count() == before


def test_leaving_later_this_year_keeps_the_rights_until_then(org, carol_left):
    person = carol_left
    person.end_date = timezone.localdate()  # the last day at work is still a working day
    person.save(update_fields=["end_date"])
    user = type(org.carol.user).objects.get(pk=org.carol.user.pk)
    assert "unit_head" in role_names(user) and scope_for(user).paths == (org.technical.path,)
