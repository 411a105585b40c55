"""Initiatives and the award history: every service checks `awards.manage_award_history` itself.

A staff member is refused; an emulation officer of another agency (oscar, in `OTHER`) is refused
for the people and units of SKHCN and allowed for its own; the system may do anything and is
recorded as no user.
"""

import datetime
from contextlib import contextmanager
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied

from awards import importer, services
from awards.models import Award, AwardRecord, Initiative, InitiativeAuthor
from organizations import roles
from organizations.actors import SYSTEM
from organizations.models import Event
from tests.factories import PersonFactory, UserFactory

pytestmark = pytest.mark.usefixtures("english")

D = datetime.date


@pytest.fixture
def oscar(org):
    """An emulation officer of the other agency: an officer, but not of SKHCN."""
    user = UserFactory(username="oscar", roles=[roles.OFFICER, roles.STAFF])
    PersonFactory(code="OSCAR", full_name="Đỗ Văn Oscar", unit=org.other, user=user)
    return user


def fresh(persona_or_user):
    """Return the login as a new request would: no roles or scope cached on the object."""
    user = getattr(persona_or_user, "user", persona_or_user)
    return User.objects.get(pk=user.pk)


def snapshot():
    return (
        Initiative.objects.count(),
        InitiativeAuthor.objects.count(),
        list(Initiative.objects.values_list("used_for_award_id", "used_for_year")),
        AwardRecord.objects.count(),
        list(AwardRecord.objects.values_list("status", flat=True)),
        Event.objects.count(),
    )


@contextmanager
def refused():
    before = snapshot()
    with pytest.raises(PermissionDenied) as denied:
        yield denied
    assert snapshot() == before


def initiative(actor, *, unit, author):
    return services.initiative_record(
        actor=actor,
        title="Số hoá hồ sơ thẩm định công nghệ",
        summary="",
        unit=unit,
        recognised_by="Hội đồng sáng kiến cấp cơ sở",
        decision_number="12/QĐ-SKHCN",
        decision_date=D(2020, 10, 15),
        scope=Initiative.Scope.UNIT,
        authors=[(author, Decimal(100))],
    )


def award_add(actor, **nominee):
    return services.award_record_add(
        actor=actor,
        award=Award.objects.get(code="LDTT" if "person" in nominee else "TTLDTT"),
        year=2019,
        decision_number="1/QĐ",
        decision_date=D(2020, 1, 5),
        issuer="Giám đốc Sở",
        source=AwardRecord.Source.ENTERED,
        source_document="Bản sao 1/QĐ",
        **nominee,
    )


def test_recording_an_initiative_needs_the_officer_of_its_unit_and_authors(org, oscar):
    with refused() as denied:
        initiative(fresh(org.bob), unit=org.technical, author=org.carol.person)
    assert str(denied.value) == "Only the emulation officer records initiatives."
    with refused():
        initiative(fresh(oscar), unit=org.technical, author=org.carol.person)
    # Its own unit, but an author of SKHCN; no unit, an author of SKHCN.
    with refused():
        initiative(fresh(oscar), unit=org.other, author=org.carol.person)
    with refused():
        initiative(fresh(oscar), unit=None, author=org.carol.person)
    initiative(fresh(oscar), unit=org.other, author=org.charlie.person)
    initiative(fresh(org.alice), unit=None, author=org.carol.person)
    assert Initiative.objects.count() == 2


def test_using_an_initiative_needs_the_officer_of_its_agency(org, oscar):
    recorded = initiative(SYSTEM, unit=org.technical, author=org.carol.person)
    award = Award.objects.get(code="CSTDCS")
    for actor in (org.bob, oscar):
        with refused():
            services.initiative_use(actor=fresh(actor), initiative=recorded, award=award, year=2020)
    services.initiative_use(actor=fresh(org.alice), initiative=recorded, award=award, year=2020)
    recorded.refresh_from_db()
    assert recorded.is_used


def test_an_initiative_without_a_unit_is_in_the_scope_of_its_authors(org, oscar):
    recorded = initiative(SYSTEM, unit=None, author=org.carol.person)
    award = Award.objects.get(code="CSTDCS")
    with refused():
        services.initiative_use(actor=fresh(oscar), initiative=recorded, award=award, year=2020)
    services.initiative_use(actor=fresh(org.alice), initiative=recorded, award=award, year=2020)


def test_adding_to_the_history_needs_the_officer_of_the_nominee(org, oscar):
    for actor in (org.bob, org.carol, oscar):
        with refused():
            award_add(fresh(actor), person=org.carol.person)
        with refused():
            award_add(fresh(actor), unit=org.technical)
    award_add(fresh(oscar), person=org.charlie.person)
    award_add(fresh(org.alice), unit=org.technical)
    assert AwardRecord.objects.count() == 2


def test_revoking_needs_the_officer_of_the_nominee(org, oscar):
    record = award_add(SYSTEM, person=org.carol.person)
    for actor in (org.bob, oscar):
        with refused():
            services.award_record_revoke(
                actor=fresh(actor), record=record, reason="Sai", revoking_decision="9/QĐ"
            )
    services.award_record_revoke(
        actor=fresh(org.alice), record=record, reason="Sai", revoking_decision="9/QĐ"
    )
    record.refresh_from_db()
    assert record.status == AwardRecord.Status.REVOKED


def one_row(person_code):
    """Return a read workbook of one valid row: LĐTT 2019 for the person."""
    return importer.AwardWorkbook(
        rows=[
            importer.AwardRow(
                row=2,
                person_code=person_code,
                unit_code="",
                award_code="LDTT",
                year=2019,
                decision_number="12/QĐ-SKHCN",
                decision_date=D(2020, 1, 15),
                issuer="Giám đốc Sở",
                source_document="Sổ theo dõi khen thưởng",
            )
        ]
    )


def test_importing_the_history_needs_the_officer(org):
    workbook = one_row("CAROL")
    for actor in (fresh(org.bob), None):
        with refused() as denied:
            services.award_history_import(actor=actor, workbook=workbook)
        assert str(denied.value) == "Only the emulation officer imports the award history."


def test_the_system_is_recorded_as_no_user(org):
    record = award_add(SYSTEM, person=org.carol.person)
    services.award_record_revoke(actor=SYSTEM, record=record, reason="Sai", revoking_decision="9")
    # The system's scope is everything: the other agency's people too.
    assert services.award_history_import(actor=SYSTEM, workbook=one_row("CHARLIE")).ok
    actors = set(Event.objects.values_list("actor", flat=True))
    assert actors == {None}


def test_the_permission_has_its_own_name(org, oscar):
    alice = fresh(org.alice)
    assert alice.has_perm("awards.manage_award_history")
    assert alice.has_perm("awards.manage_award_history", org.carol.person)
    assert not fresh(oscar).has_perm("awards.manage_award_history", org.carol.person)
    assert not fresh(org.bob).has_perm("awards.manage_award_history")
