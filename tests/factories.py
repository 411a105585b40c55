"""Factories for test data: people, units and logins built the way the portal builds them."""

import datetime
from decimal import Decimal

import factory
from django.contrib.auth.models import Group, User

from awards.models import (
    Award,
    AwardRecord,
    Initiative,
    InitiativeAuthor,
    Nomination,
    NominationList,
    Registration,
    RegistrationList,
)
from organizations.models import (
    AnnualRating,
    DisciplineRecord,
    LeaveRecord,
    Membership,
    PendingReview,
    Person,
    Unit,
    UnitRating,
)


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"U{n:04d}")
    name = factory.Sequence(lambda n: f"Phòng số {n}")
    kind = Unit.Kind.DIVISION
    parent = None


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.PostGenerationMethodCall("set_password", "demo")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(*Group.objects.filter(name__in=extracted))
        if create:
            self.save()


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    code = factory.Sequence(lambda n: f"CB{n:05d}")
    full_name = factory.Iterator(
        ["Nguyễn Văn An", "Trần Thị Bình", "Lê Minh Châu", "Hoàng Thị Dung", "Phạm Quốc Đạt"]
    )
    gender = Person.Gender.MALE
    employment_type = Person.EmploymentType.CIVIL_SERVANT
    position = "Chuyên viên"
    unit = factory.SubFactory(UnitFactory)
    start_date = datetime.date(2015, 1, 1)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    person = factory.SubFactory(PersonFactory)
    organisation = factory.SubFactory(UnitFactory, kind=Unit.Kind.TRADE_UNION)
    role = Membership.Role.MEMBER
    start_date = datetime.date(2018, 1, 1)


class RatingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AnnualRating

    person = factory.SubFactory(PersonFactory)
    year = 2019
    level = AnnualRating.Level.GOOD


class DisciplineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DisciplineRecord

    person = factory.SubFactory(PersonFactory)
    form = DisciplineRecord.Form.REPRIMAND
    start_date = datetime.date(2019, 3, 1)
    end_date = datetime.date(2020, 2, 28)
    reason = "Vi phạm quy chế làm việc"


class PendingReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PendingReview

    person = factory.SubFactory(PersonFactory)
    kind = PendingReview.Kind.COMPLAINT
    opened_on = datetime.date(2020, 11, 2)
    closed_on = None
    reference = "Đơn tố cáo ngày 30/10/2020"


class LeaveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LeaveRecord

    person = factory.SubFactory(PersonFactory)
    kind = LeaveRecord.Kind.MATERNITY
    start_date = datetime.date(2020, 3, 1)
    end_date = datetime.date(2020, 8, 31)


class UnitRatingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UnitRating

    unit = factory.SubFactory(UnitFactory)
    year = 2020
    level = AnnualRating.Level.GOOD


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "campaigns.Campaign"

    name = factory.Sequence(lambda n: f"Phong trào thi đua năm 2020 (số {n})")
    kind = "regular"
    organiser = factory.SubFactory(UnitFactory, kind=Unit.Kind.AGENCY)
    start_date = datetime.date(2020, 1, 1)
    end_date = datetime.date(2020, 12, 31)
    objectives = "Hoàn thành thắng lợi nhiệm vụ chính trị năm 2020."


class FocusAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "campaigns.FocusArea"

    campaign = factory.SubFactory(CampaignFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Nội dung thi đua {n + 1}")
    text = "Đẩy mạnh ứng dụng khoa học và công nghệ."


# Awards. The catalogue (Award) and the rule sets come from data migrations: a factory looks a
# catalogue entry up by its code and never adds one. The rows below are built directly, for
# tests of what reads them (eligibility, pages); a test of a workflow drives the services.


class AwardFactory(factory.django.DjangoModelFactory):
    """Look up a catalogue entry by code (`award__code="CSTDCS"`); a missing code is an error."""

    class Meta:
        model = Award

    code = "LDTT"

    @classmethod
    def _create(cls, model_class, code, **kwargs):
        if kwargs:
            raise TypeError(f"The catalogue is data, not a factory's to change: {sorted(kwargs)}")
        return model_class.objects.get(code=code)

    _build = _create


def _award_code_for(nominee_field):
    """Default to LĐTT for a person and TTLĐTT for a collective."""
    return factory.LazyAttribute(
        lambda award: "TTLDTT" if getattr(award.factory_parent, nominee_field) else "LDTT"
    )


class AwardRecordFactory(factory.django.DjangoModelFactory):
    """A valid LĐTT for a new person in 2019; `unit=...` makes it a collective's TTLĐTT."""

    class Meta:
        model = AwardRecord

    class Params:
        # A decision of the provincial People's Committee's chairman rather than the department's.
        by_province = factory.Trait(
            decision_number=factory.LazyAttribute(lambda o: f"{o.year}/QĐ-UBND"),
            decision_date=factory.LazyAttribute(lambda o: datetime.date(o.year + 1, 1, 20)),
            issuer="Chủ tịch UBND tỉnh Lạng Sơn",
        )
        revoked = factory.Trait(
            status=AwardRecord.Status.REVOKED,
            revocation_reason="Khai man thành tích",
        )

    unit = None
    person = factory.Maybe(
        "unit", yes_declaration=None, no_declaration=factory.SubFactory(PersonFactory)
    )
    award = factory.SubFactory(AwardFactory, code=_award_code_for("unit"))
    year = 2019
    decision_number = factory.LazyAttribute(lambda o: f"{o.year}/QĐ-SKHCN")
    decision_date = factory.LazyAttribute(lambda o: datetime.date(o.year + 1, 1, 15))
    issuer = "Giám đốc Sở Khoa học và Công nghệ"
    source = AwardRecord.Source.ENTERED


class InitiativeFactory(factory.django.DjangoModelFactory):
    """A recognised initiative of unit scope; `authors=[person]` credits one author with 100 %,
    `authors=[(person, share), ...]` several; `used_for="CSTDCS"` marks it used that year."""

    class Meta:
        model = Initiative
        skip_postgeneration_save = True

    class Params:
        used_for = None

    title = factory.Sequence(lambda n: f"Sáng kiến số hoá hồ sơ số {n}")
    recognised_by = "Hội đồng sáng kiến cơ sở"
    decision_date = datetime.date(2019, 10, 1)
    decision_number = factory.LazyAttribute(lambda o: f"{o.decision_date.year}/QĐ-HĐSK")
    scope = Initiative.Scope.UNIT
    used_for_award = factory.LazyAttribute(
        lambda o: Award.objects.get(code=o.used_for) if o.used_for else None
    )
    used_for_year = factory.LazyAttribute(lambda o: o.decision_date.year if o.used_for else None)

    @factory.post_generation
    def authors(self, create, extracted, **kwargs):
        for author in extracted or []:
            person, share = author if isinstance(author, tuple) else (author, 100)
            InitiativeAuthorFactory(initiative=self, person=person, share=Decimal(share))


class InitiativeAuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InitiativeAuthor

    initiative = factory.SubFactory(InitiativeFactory)
    person = factory.SubFactory(PersonFactory)
    share = Decimal(100)


class RegistrationListFactory(factory.django.DjangoModelFactory):
    """A unit's draft list for 2020; submit, approve or return it through the services."""

    class Meta:
        model = RegistrationList

    unit = factory.SubFactory(UnitFactory)
    year = 2020
    campaign = None


class RegistrationFactory(factory.django.DjangoModelFactory):
    """A person of the list's unit registered for LĐTT; `unit=...` registers a collective."""

    class Meta:
        model = Registration

    registration_list = factory.SubFactory(RegistrationListFactory)
    year = factory.SelfAttribute("registration_list.year")
    unit = None
    person = factory.Maybe(
        "unit",
        yes_declaration=None,
        no_declaration=factory.SubFactory(
            PersonFactory, unit=factory.SelfAttribute("..registration_list.unit")
        ),
    )
    award = factory.SubFactory(AwardFactory, code=_award_code_for("unit"))


def registered(nominee, year, code=None):
    """Register a person (LĐTT) or a collective (TTLĐTT) for a year on its unit's list: under the
    2003 law registration is a basis of every emulation title (Điểm b Khoản 1 Điều 10)."""
    is_person = isinstance(nominee, Person)
    registration_list, _created = RegistrationList.objects.get_or_create(
        unit=nominee.unit if is_person else nominee, year=year, campaign=None
    )
    if is_person:
        return RegistrationFactory(
            registration_list=registration_list, person=nominee, award__code=code or "LDTT"
        )
    return RegistrationFactory(
        registration_list=registration_list, unit=nominee, award__code=code or "TTLDTT"
    )


def reprimanded(actor, person, start_date):
    """Record a reprimand through its service, as the officer would: an event the kept
    verdicts see."""
    from organizations.services import hr_records

    return hr_records.discipline_record(
        actor=actor,
        person=person,
        form=DisciplineRecord.Form.REPRIMAND,
        start_date=start_date,
        reason="Vi phạm quy chế làm việc",
    )


class NominationListFactory(factory.django.DjangoModelFactory):
    """A unit's nomination list for 2020, sent to the emulation office."""

    class Meta:
        model = NominationList

    unit = factory.SubFactory(UnitFactory)
    year = 2020
    campaign = None
    status = NominationList.Status.SUBMITTED


class NominationFactory(factory.django.DjangoModelFactory):
    """A person's dossier for LĐTT 2020, accepted by the office (ready for the council): the
    steps before it have their own tests, through the services."""

    class Meta:
        model = Nomination

    nomination_list = factory.SubFactory(NominationListFactory)
    year = factory.SelfAttribute("nomination_list.year")
    unit = None
    person = factory.Maybe(
        "unit",
        yes_declaration=None,
        no_declaration=factory.SubFactory(
            PersonFactory, unit=factory.SelfAttribute("..nomination_list.unit")
        ),
    )
    award = factory.SubFactory(AwardFactory, code=_award_code_for("unit"))
    achievement_report = "Báo cáo thành tích"
    status = Nomination.Status.ACCEPTED
    verdict = Nomination.Verdict.PASS


def accepted(nominee, code, year=2020):
    """Return an accepted dossier of a person or collective for an award (by its code)."""
    is_person = isinstance(nominee, Person)
    nomination_list, _created = NominationList.objects.get_or_create(
        unit=nominee.unit if is_person else nominee,
        year=year,
        campaign=None,
        defaults={"status": NominationList.Status.SUBMITTED},
    )
    award = Award.objects.get(code=code)
    if is_person:
        return NominationFactory(nomination_list=nomination_list, person=nominee, award=award)
    return NominationFactory(nomination_list=nomination_list, unit=nominee, award=award)


def passed(nominee, code="LDTT", year=2020):
    """Return a dossier the council passed, of a person or collective, for an award."""
    nomination = accepted(nominee, code, year)
    Nomination.objects.filter(pk=nomination.pk).update(status=Nomination.Status.PASSED)
    return Nomination.objects.get(pk=nomination.pk)


def council_counted(person, code, year, *, agree, members=6):
    """Return the council's counted item on a person's dossier for an award and year, as the
    count writes it (the count itself has its own tests, through the services)."""
    from django.utils import timezone

    from awards.models import Council, CouncilItem, CouncilSession
    from organizations.scope import agency_root_path

    agency = Unit.objects.get(path=agency_root_path(person.unit.path))
    council, _created = Council.objects.get_or_create(
        agency=agency, defaults={"name": "Hội đồng TĐKT", "term_start": datetime.date(year, 1, 1)}
    )
    session = CouncilSession.objects.create(
        council=council,
        year=year,
        starts_at=timezone.now(),
        place="Phòng họp",
        status=CouncilSession.Status.CONCLUDED,
    )
    nomination = accepted(person, code, year)
    passed = agree * 100 >= 90 * members
    Nomination.objects.filter(pk=nomination.pk).update(
        status=Nomination.Status.PASSED if passed else Nomination.Status.NOT_PASSED
    )
    return CouncilItem.objects.create(
        session=session,
        nomination=nomination,
        position=1,
        agree=agree,
        disagree=members - agree,
        not_returned=0,
        members=members,
        threshold=90,
        outcome=CouncilItem.Outcome.PASSED if passed else CouncilItem.Outcome.NOT_PASSED,
    )
