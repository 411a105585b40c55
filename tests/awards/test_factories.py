"""The awards factories build rows the models accept, and never add to the catalogue."""

from decimal import Decimal

import pytest

from awards.models import Award, AwardRecord, Initiative, RegistrationList
from tests.factories import (
    AwardFactory,
    AwardRecordFactory,
    InitiativeAuthorFactory,
    InitiativeFactory,
    PersonFactory,
    RegistrationFactory,
    RegistrationListFactory,
    UnitFactory,
)

pytestmark = pytest.mark.django_db


def test_the_award_factory_looks_the_catalogue_up_by_code():
    count = Award.objects.count()

    assert AwardFactory(code="CSTDCS") == Award.objects.get(code="CSTDCS")
    assert AwardFactory() == Award.objects.get(code="LDTT")
    assert Award.objects.count() == count


def test_the_award_factory_refuses_a_code_not_in_the_catalogue():
    with pytest.raises(Award.DoesNotExist):
        AwardFactory(code="NO_SUCH_AWARD")


def test_the_award_factory_refuses_to_change_the_catalogue():
    with pytest.raises(TypeError, match="name_vi"):
        AwardFactory(code="LDTT", name_vi="Lao động xuất sắc")


def test_an_award_record_for_a_person_is_valid():
    record = AwardRecordFactory(award__code="CSTDCS", year=2020)

    record.full_clean()
    assert record.award.code == "CSTDCS"
    assert record.person is not None and record.unit is None
    assert record.status == AwardRecord.Status.VALID


def test_an_award_record_for_a_collective_defaults_to_a_collective_title():
    record = AwardRecordFactory(unit=UnitFactory())

    record.full_clean()
    assert record.person is None
    assert record.award.code == "TTLDTT"


def test_a_revoked_award_record_is_valid():
    record = AwardRecordFactory(revoked=True)

    record.full_clean()
    assert record.status == AwardRecord.Status.REVOKED
    assert record.revocation_reason


def test_an_initiative_with_its_authors_is_valid():
    first, second = PersonFactory(), PersonFactory()
    initiative = InitiativeFactory(authors=[(first, 60), (second, 40)])

    initiative.full_clean()
    for author in initiative.authors.all():
        author.full_clean()
    assert {(a.person, a.share) for a in initiative.authors.all()} == {
        (first, Decimal(60)),
        (second, Decimal(40)),
    }
    assert not initiative.is_used


def test_an_initiative_of_one_author_credits_them_in_full():
    author = PersonFactory()
    initiative = InitiativeFactory(authors=[author])

    assert [(a.person, a.share) for a in initiative.authors.all()] == [(author, Decimal(100))]


def test_an_initiative_used_for_an_award_is_valid():
    initiative = InitiativeFactory(used_for="CSTDCS")

    initiative.full_clean()
    assert initiative.used_for_award.code == "CSTDCS"
    assert initiative.used_for_year == initiative.decision_date.year
    assert initiative.scope == Initiative.Scope.UNIT


def test_an_initiative_author_is_valid():
    author = InitiativeAuthorFactory()

    author.full_clean()
    author.initiative.full_clean()


def test_a_registration_list_is_a_valid_draft():
    registration_list = RegistrationListFactory()

    registration_list.full_clean()
    assert registration_list.status == RegistrationList.Status.DRAFT


def test_a_registration_is_valid_for_a_person_of_the_lists_unit():
    registration = RegistrationFactory()

    registration.full_clean()
    assert registration.award.code == "LDTT"
    assert registration.person.unit == registration.registration_list.unit
    assert registration.year == registration.registration_list.year


def test_a_registration_of_a_collective_is_valid():
    registration_list = RegistrationListFactory(year=2021)
    registration = RegistrationFactory(
        registration_list=registration_list, unit=registration_list.unit
    )

    registration.full_clean()
    assert registration.person is None
    assert registration.award.code == "TTLDTT"
    assert registration.year == 2021
