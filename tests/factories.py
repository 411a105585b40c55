"""Factories for test data: people, units and logins built the way the portal builds them."""

import datetime

import factory
from django.contrib.auth.models import Group, User

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
