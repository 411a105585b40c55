"""Registrations (đăng ký thi đua) through their services: who may register whom, for what and
when; the list's workflow draft → submitted → approved | returned; each refusal says why and
changes nothing."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from awards.models import Award, Registration, RegistrationList
from awards.services import registrations as services
from organizations.models import Event, Notification
from tests.factories import CampaignFactory, PersonFactory, UnitFactory

pytestmark = pytest.mark.usefixtures("english")

YEAR = 2020


def award(code):
    return Award.objects.get(code=code)


def register(actor, code="LDTT", year=YEAR, **kwargs):
    return services.registration_add(actor=actor, award=award(code), year=year, **kwargs)


def counts():
    return (
        RegistrationList.objects.count(),
        Registration.objects.count(),
        Event.objects.filter(verb__startswith="registration").count(),
        Notification.objects.count(),
    )


def refused(exc_type, call, *args, **kwargs) -> str:
    """Run a service call that must be refused; return its message and check nothing changed."""
    before = counts()
    with pytest.raises(exc_type) as info:
        call(*args, **kwargs)
    assert counts() == before
    exc = info.value
    return " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)


# Registering


def test_a_person_registers_itself_and_its_units_list_is_created_on_demand(org):
    registration = register(org.bob.user, person=org.bob.person)
    registration_list = registration.registration_list
    assert (registration_list.unit, registration_list.year) == (org.office, YEAR)
    assert registration_list.campaign is None
    assert registration_list.status == RegistrationList.Status.DRAFT
    assert registration.registered_by == org.bob.user
    event = Event.objects.get(verb="registration_added")
    assert event.target == registration_list
    assert event.data["person"] == "BOB"
    # A second title goes on the same list.
    cstdcs = register(org.bob.user, "CSTDCS", person=org.bob.person)
    assert cstdcs.registration_list == registration_list


def test_a_unit_head_registers_its_people_and_its_collective_title(org):
    member = register(org.carol.user, person=org.dave.person, note="Phấn đấu đạt LĐTT")
    collective = register(org.carol.user, "TTLDTT", unit=org.technical)
    assert member.registration_list == collective.registration_list
    assert member.registered_by == org.carol.user
    assert collective.registrant == org.technical


def test_the_officer_registers_anyone_in_its_scope(org):
    register(org.alice.user, person=org.dave.person)
    register(org.alice.user, "TTLDXS", unit=org.technical)
    assert Registration.objects.count() == 2


def test_a_list_per_campaign_and_one_without(org, campaign):
    with_campaign = register(org.bob.user, person=org.bob.person, campaign=campaign)
    without = register(org.bob.user, "CSTDCS", person=org.bob.person)
    assert with_campaign.registration_list.campaign == campaign
    assert without.registration_list.campaign is None
    assert with_campaign.registration_list != without.registration_list


def test_registering_twice_for_the_same_year_and_title_is_refused(org):
    register(org.bob.user, person=org.bob.person)
    message = refused(ValidationError, register, org.bob.user, person=org.bob.person)
    assert message == "Trần Văn Bob already registered for Advanced worker in 2020."


def test_registering_twice_under_another_campaign_is_refused_too(org, campaign):
    register(org.bob.user, person=org.bob.person)
    message = refused(
        ValidationError, register, org.bob.user, person=org.bob.person, campaign=campaign
    )
    assert "already registered for Advanced worker in 2020" in message


def test_a_unit_registers_a_collective_title_once_a_year(org):
    register(org.carol.user, "TTLDTT", unit=org.technical)
    message = refused(ValidationError, register, org.carol.user, "TTLDTT", unit=org.technical)
    assert message == (
        "Phòng Quản lý công nghệ already registered for Advanced labour collective in 2020."
    )


def test_the_same_title_another_year_is_fine(org):
    register(org.bob.user, person=org.bob.person, year=2020)
    register(org.bob.user, person=org.bob.person, year=2021)
    assert Registration.objects.filter(person=org.bob.person).count() == 2


@pytest.mark.parametrize("code", ["GIAY_KHEN", "BANG_KHEN_TINH"])
def test_a_form_of_commendation_is_not_registered_as_a_title(org, code):
    message = refused(ValidationError, register, org.bob.user, code, person=org.bob.person)
    assert "is a form of commendation, not an emulation title" in message
    assert award(code).name_en in message


def test_a_collective_form_of_commendation_is_refused_for_a_unit(org):
    message = refused(
        ValidationError, register, org.carol.user, "BANG_KHEN_TINH_TT", unit=org.technical
    )
    assert "is a form of commendation, not an emulation title" in message


def test_a_collective_title_for_a_person_is_refused(org):
    message = refused(ValidationError, register, org.bob.user, "TTLDTT", person=org.bob.person)
    assert message == "Advanced labour collective is a title for a collective, not for a person."


def test_a_person_title_for_a_unit_is_refused(org):
    message = refused(ValidationError, register, org.carol.user, "CSTDCS", unit=org.technical)
    assert message == "Grassroots emulation fighter is a title for a person, not for a collective."


def test_a_title_no_longer_in_use_is_refused(org):
    Award.objects.filter(code="CSTDCS").update(is_active=False)
    message = refused(ValidationError, register, org.bob.user, "CSTDCS", person=org.bob.person)
    assert message == "Grassroots emulation fighter is no longer in use."


def test_next_year_is_open_but_a_year_in_the_far_future_is_refused(org):
    next_year = timezone.localdate().year + 1
    register(org.bob.user, person=org.bob.person, year=next_year)
    message = refused(
        ValidationError, register, org.bob.user, "CSTDCS", person=org.bob.person, year=2999
    )
    assert message == (
        f"2999 is too far ahead: registrations are open up to {next_year}, next year."
    )
    assert refused(
        ValidationError, register, org.bob.user, person=org.bob.person, year=next_year + 1
    )


def test_a_year_before_the_records_start_is_refused(org):
    message = refused(ValidationError, register, org.bob.user, person=org.bob.person, year=1900)
    assert message == "Registrations start in 1975; 1900 is too early."


def test_a_campaign_that_does_not_cover_the_year_is_refused(org, campaign):
    message = refused(
        ValidationError, register, org.bob.user, person=org.bob.person, year=2021, campaign=campaign
    )
    assert "runs from 01/01/2020 to 31/12/2020; it does not cover 2021" in message


def test_a_campaign_of_another_agency_is_refused(org):
    foreign = CampaignFactory(organiser=org.other)
    message = refused(
        ValidationError, register, org.bob.user, person=org.bob.person, campaign=foreign
    )
    assert message == "This campaign is not one of your agency's."


def test_a_closed_campaign_takes_no_more_registrations(org, campaign):
    type(campaign).objects.filter(pk=campaign.pk).update(status="closed")
    campaign.refresh_from_db()
    message = refused(
        ValidationError, register, org.bob.user, person=org.bob.person, campaign=campaign
    )
    assert "is closed; registrations are over" in message


def test_staff_cannot_register_someone_else(org):
    message = refused(PermissionDenied, register, org.bob.user, person=org.alice.person)
    assert message == (
        "You may register yourself only; your unit head or the emulation officer registers "
        "Nguyễn Thị Alice."
    )


def test_staff_cannot_register_its_unit(org):
    message = refused(PermissionDenied, register, org.bob.user, "TTLDTT", unit=org.office)
    assert "Only the head of Văn phòng Sở or the emulation officer" in message


def test_a_unit_head_cannot_register_people_of_another_unit(org):
    refused(PermissionDenied, register, org.carol.user, person=org.bob.person)
    refused(PermissionDenied, register, org.carol.user, "TTLDTT", unit=org.office)


def test_a_unit_head_registers_the_people_of_the_units_below_its_own(org):
    lab = UnitFactory(code="KT-LAB", name="Tổ thử nghiệm", parent=org.technical)
    worker = PersonFactory(full_name="Vi Văn Tú", unit=lab)
    registration = register(org.carol.user, person=worker)
    assert registration.registration_list.unit == lab


def test_an_officer_of_another_agency_cannot_register_our_people(org):
    from organizations import roles
    from tests.factories import UserFactory

    user = UserFactory(username="olga", roles=[roles.OFFICER])
    PersonFactory(full_name="Olga", unit=org.other, user=user)
    refused(PermissionDenied, register, user, person=org.bob.person)


# Removing


def test_a_person_removes_its_registration_while_the_list_is_a_draft(org):
    registration = register(org.bob.user, person=org.bob.person)
    services.registration_remove(actor=org.bob.user, registration=registration)
    assert not Registration.objects.exists()
    assert Event.objects.filter(verb="registration_removed").count() == 1


def test_staff_cannot_remove_someone_elses_registration(org):
    registration = register(org.alice.user, person=org.alice.person)
    refused(
        PermissionDenied,
        services.registration_remove,
        actor=org.bob.user,
        registration=registration,
    )


# Submitting


def test_the_unit_head_submits_the_list_and_the_officers_are_told(org):
    register(org.dave.user, person=org.dave.person)
    registration_list = register(org.carol.user, "TTLDTT", unit=org.technical).registration_list
    submitted = services.registration_list_submit(
        actor=org.carol.user, registration_list=registration_list
    )
    assert submitted.status == RegistrationList.Status.SUBMITTED
    assert submitted.submitted_by == org.carol.user
    assert submitted.submitted_at is not None
    notice = Notification.objects.get()
    assert notice.recipient == org.alice.user
    assert notice.title == "Registrations to review: Phòng Quản lý công nghệ, 2020"
    assert notice.url == registration_list.get_absolute_url()
    assert Event.objects.get(verb="registration_list_submitted").data == {"count": 2}


def test_submitting_an_empty_list_is_refused(org):
    registration = register(org.dave.user, person=org.dave.person)
    services.registration_remove(actor=org.dave.user, registration=registration)
    registration_list = RegistrationList.objects.get()
    message = refused(
        ValidationError,
        services.registration_list_submit,
        actor=org.carol.user,
        registration_list=registration_list,
    )
    assert message == "The list is empty: add at least one registration before submitting it."
    registration_list.refresh_from_db()
    assert registration_list.status == RegistrationList.Status.DRAFT


def test_a_unit_head_cannot_submit_another_units_list(org):
    registration_list = register(org.bob.user, person=org.bob.person).registration_list
    message = refused(
        PermissionDenied,
        services.registration_list_submit,
        actor=org.carol.user,
        registration_list=registration_list,
    )
    assert message == "Only the head of Văn phòng Sở or the emulation officer submits its list."


def test_staff_cannot_submit_its_units_list(org):
    registration_list = register(org.dave.user, person=org.dave.person).registration_list
    refused(
        PermissionDenied,
        services.registration_list_submit,
        actor=org.dave.user,
        registration_list=registration_list,
    )


def submitted_list(org):
    register(org.dave.user, person=org.dave.person)
    registration_list = register(org.carol.user, "TTLDTT", unit=org.technical).registration_list
    return services.registration_list_submit(
        actor=org.carol.user, registration_list=registration_list
    )


def test_a_submitted_list_cannot_be_changed(org):
    registration_list = submitted_list(org)
    message = refused(ValidationError, register, org.carol.user, "CSTDCS", person=org.dave.person)
    assert message == (
        "The list of Phòng Quản lý công nghệ for 2020 has been submitted for review; it can no "
        "longer be changed unless the emulation officer returns it."
    )
    entry = registration_list.entries.first()
    refused(ValidationError, services.registration_remove, actor=org.carol.user, registration=entry)
    message = refused(
        ValidationError,
        services.registration_list_submit,
        actor=org.carol.user,
        registration_list=registration_list,
    )
    assert message == "This list has already been submitted; it awaits review."


def test_an_approved_list_cannot_be_changed(org):
    registration_list = services.registration_list_approve(
        actor=org.alice.user, registration_list=submitted_list(org)
    )
    message = refused(ValidationError, register, org.dave.user, "CSTDCS", person=org.dave.person)
    assert message == (
        "The list of Phòng Quản lý công nghệ for 2020 was approved; it can no longer be changed."
    )
    refused(
        ValidationError,
        services.registration_list_submit,
        actor=org.carol.user,
        registration_list=registration_list,
    )


# Reviewing


def test_the_officer_approves_and_the_unit_head_and_the_people_listed_are_told(org):
    registration_list = submitted_list(org)
    Notification.objects.all().delete()
    approved = services.registration_list_approve(
        actor=org.alice.user, registration_list=registration_list, comment="Đồng ý"
    )
    assert approved.status == RegistrationList.Status.APPROVED
    assert (approved.reviewed_by, approved.review_comment) == (org.alice.user, "Đồng ý")
    assert set(Notification.objects.values_list("recipient__username", flat=True)) == {
        "carol",
        "dave",
    }
    assert Event.objects.filter(verb="registration_list_approved").count() == 1


def test_returning_needs_a_comment(org):
    registration_list = submitted_list(org)
    message = refused(
        ValidationError,
        services.registration_list_return,
        actor=org.alice.user,
        registration_list=registration_list,
        comment="   ",
    )
    assert message == "Say why the list is returned, so the unit knows what to change."
    registration_list.refresh_from_db()
    assert registration_list.status == RegistrationList.Status.SUBMITTED


def test_a_returned_list_is_edited_and_submitted_again(org):
    registration_list = submitted_list(org)
    Notification.objects.all().delete()
    services.registration_list_return(
        actor=org.alice.user,
        registration_list=registration_list,
        comment="Bổ sung đăng ký Chiến sĩ thi đua cơ sở",
    )
    assert Notification.objects.filter(body="Bổ sung đăng ký Chiến sĩ thi đua cơ sở").count() == 2
    register(org.carol.user, "CSTDCS", person=org.dave.person)
    again = services.registration_list_submit(
        actor=org.carol.user, registration_list=registration_list
    )
    assert again.status == RegistrationList.Status.SUBMITTED
    verbs = list(
        Event.objects.filter(target_id=str(registration_list.pk))
        .order_by("created_at", "id")
        .values_list("verb", flat=True)
    )
    assert verbs[-3:] == [
        "registration_list_returned",
        "registration_added",
        "registration_list_submitted",
    ]


def test_only_the_officer_reviews(org):
    registration_list = submitted_list(org)
    for write in (services.registration_list_approve, services.registration_list_return):
        message = refused(
            PermissionDenied,
            write,
            actor=org.carol.user,
            registration_list=registration_list,
            comment="x",
        )
        assert message == "Only the emulation officer approves or returns a list."


def test_a_draft_cannot_be_approved(org):
    registration_list = register(org.dave.user, person=org.dave.person).registration_list
    message = refused(
        ValidationError,
        services.registration_list_approve,
        actor=org.alice.user,
        registration_list=registration_list,
    )
    assert message == "Only a submitted list can be reviewed; this one is draft."


# The model and the database hold the rules too (the admin writes without the services).


def test_the_model_says_a_form_of_commendation_is_not_a_title(org):
    registration_list = RegistrationList.objects.create(unit=org.office, year=YEAR)
    registration = Registration(
        registration_list=registration_list,
        year=YEAR,
        award=award("GIAY_KHEN"),
        person=org.bob.person,
    )
    with pytest.raises(ValidationError) as info:
        registration.full_clean()
    assert "is a form of commendation" in str(info.value)


def test_the_database_refuses_a_second_registration_for_a_title_and_year(org):
    first = RegistrationList.objects.create(unit=org.office, year=YEAR)
    Registration.objects.create(
        registration_list=first, year=YEAR, award=award("LDTT"), person=org.bob.person
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.create(
            registration_list=first, year=YEAR, award=award("LDTT"), person=org.bob.person
        )


def test_the_database_refuses_a_second_list_for_a_unit_and_year_without_campaign(org):
    RegistrationList.objects.create(unit=org.office, year=YEAR)
    with pytest.raises(IntegrityError), transaction.atomic():
        RegistrationList.objects.create(unit=org.office, year=YEAR)


def test_the_database_refuses_a_registration_for_nobody_or_for_two(org):
    registration_list = RegistrationList.objects.create(unit=org.office, year=YEAR)
    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.create(
            registration_list=registration_list,
            year=YEAR,
            award=award("LDTT"),
            person=org.bob.person,
            unit=org.office,
        )
