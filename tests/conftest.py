"""Personas shared by every test, after healthchecks' alice/bob/charlie.

The agency `SKHCN` has two divisions, `VP` (office) and `KT` (technical), and a trade union `CD`.
- alice: emulation officer in VP; sees the whole agency and may write HR records.
- bob: staff in VP; sees VP only and may not write (the read-only user, 403 on writes).
- carol: unit head of KT.
- charlie: staff in another agency `OTHER`; sees nothing of SKHCN (the outsider, 404).
- dave: staff in KT who chairs the trade union.
"""

from types import SimpleNamespace

import pytest

from organizations import roles
from organizations.models import Membership, Unit
from tests.factories import MembershipFactory, PersonFactory, UnitFactory, UserFactory


@pytest.fixture
def org(db):
    agency = UnitFactory(code="SKHCN", name="Sở Khoa học và Công nghệ", kind=Unit.Kind.AGENCY)
    office = UnitFactory(code="VP", name="Văn phòng Sở", parent=agency)
    technical = UnitFactory(code="KT", name="Phòng Quản lý công nghệ", parent=agency)
    union = UnitFactory(
        code="CD", name="Công đoàn cơ sở", kind=Unit.Kind.TRADE_UNION, parent=agency
    )
    other = UnitFactory(code="OTHER", name="Sở Tài chính", kind=Unit.Kind.AGENCY)

    def persona(username, full_name, unit, role_names):
        user = UserFactory(username=username, roles=role_names)
        person = PersonFactory(code=username.upper(), full_name=full_name, unit=unit, user=user)
        return SimpleNamespace(user=user, person=person)

    alice = persona("alice", "Nguyễn Thị Alice", office, [roles.OFFICER, roles.STAFF])
    bob = persona("bob", "Trần Văn Bob", office, [roles.STAFF])
    carol = persona("carol", "Lê Thị Carol", technical, [roles.UNIT_HEAD, roles.STAFF])
    charlie = persona("charlie", "Phạm Văn Charlie", other, [roles.STAFF])
    dave = persona("dave", "Hoàng Văn Dave", technical, [roles.UNION_CHAIR, roles.STAFF])
    MembershipFactory(person=dave.person, organisation=union, role=Membership.Role.CHAIR)
    MembershipFactory(person=bob.person, organisation=union)
    return SimpleNamespace(
        agency=agency,
        office=office,
        technical=technical,
        union=union,
        other=other,
        alice=alice,
        bob=bob,
        carol=carol,
        charlie=charlie,
        dave=dave,
    )


@pytest.fixture
def login(client):
    """Sign a persona in and return the test client."""

    def _login(persona):
        client.force_login(persona.user)
        return client

    return _login
