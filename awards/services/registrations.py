"""Registrations (đăng ký thi đua): each write atomic, locking the list whose state changes,
recorded as an event on the list and, where it concerns others, notified to them."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from awards.models import Award, Registration, RegistrationList
from campaigns.models import Campaign
from organizations import roles
from organizations.actors import user_or_none
from organizations.events import event_record
from organizations.models import FIRST_RECORD_YEAR, Person, Unit
from organizations.selectors import officers_of
from organizations.workflow import Notice, check, perform, workflow_for


def latest_registration_year() -> int:
    """Return the last year one may register for: registrations open in the year before."""
    return timezone.localdate().year + 1


def check_year(year: int) -> None:
    """Refuse a year before the records start or after next year."""
    latest = latest_registration_year()
    if year < FIRST_RECORD_YEAR:
        raise ValidationError(
            {
                "year": _("Registrations start in %(first)s; %(year)s is too early.")
                % {"first": FIRST_RECORD_YEAR, "year": year}
            }
        )
    if year > latest:
        raise ValidationError(
            {
                "year": _(
                    "%(year)s is too far ahead: registrations are open up to %(latest)s, next year."
                )
                % {"year": year, "latest": latest}
            }
        )


def check_campaign(*, actor, campaign: Campaign | None, year: int) -> None:
    """Refuse a campaign the actor cannot see, a closed one, or one that does not run that year."""
    if campaign is None:
        return
    if not Campaign.objects.visible_to(actor).filter(pk=campaign.pk).exists():
        raise ValidationError({"campaign": _("This campaign is not one of your agency's.")})
    if not campaign.start_date.year <= year <= campaign.end_date.year:
        raise ValidationError(
            {
                "campaign": _(
                    "The campaign “%(campaign)s” runs from %(start)s to %(end)s; "
                    "it does not cover %(year)s."
                )
                % {
                    "campaign": campaign.name,
                    "start": f"{campaign.start_date:%d/%m/%Y}",
                    "end": f"{campaign.end_date:%d/%m/%Y}",
                    "year": year,
                }
            }
        )
    if campaign.state.closed:
        raise ValidationError(
            {
                "campaign": _("The campaign “%(campaign)s” is closed; registrations are over.")
                % {"campaign": campaign.name}
            }
        )


def check_award(award: Award, *, for_person: bool) -> None:
    """Refuse a form of commendation, a title no longer in use, or one for the other subject."""
    problem = Registration.award_problem(award, for_person=for_person)
    if problem:
        raise ValidationError({"award": problem})
    if not award.is_active:
        raise ValidationError(
            {"award": _("%(award)s is no longer in use.") % {"award": award.name}}
        )


def _lock_list(registration_list: RegistrationList) -> RegistrationList:
    return (
        RegistrationList.objects.select_for_update(of=("self",))
        .select_related("unit", "campaign")
        .get(pk=registration_list.pk)
    )


def _list_for(*, unit: Unit, year: int, campaign: Campaign | None) -> RegistrationList:
    """Return the unit's list for the year and campaign, created on demand, locked."""
    found, _created = RegistrationList.objects.get_or_create(
        unit=unit, year=year, campaign=campaign
    )
    return _lock_list(found)


@transaction.atomic
def registration_add(
    *,
    actor,
    award: Award,
    year: int,
    person: Person | None = None,
    unit: Unit | None = None,
    campaign: Campaign | None = None,
    note: str = "",
) -> Registration:
    """Register a person (itself, or by its unit head or the officer) or a unit for a title.

    The entry goes on the list of the person's unit (or of the unit) for the year and campaign;
    the list is created on demand and must still be a draft or returned.
    """
    if (person is None) == (unit is None):
        raise ValidationError(_("Register either one person or one collective."))
    if person is not None:
        person = Person.objects.select_related("unit").get(pk=person.pk)
        if not actor.has_perm("awards.register_person", person):
            raise PermissionDenied(
                _(
                    "You may register yourself only; your unit head or the emulation officer "
                    "registers %(name)s."
                )
                % {"name": person.full_name}
            )
    elif not actor.has_perm("awards.register_unit", unit):
        raise PermissionDenied(
            _("Only the head of %(unit)s or the emulation officer registers its collective title.")
            % {"unit": unit}
        )
    check_year(year)
    check_campaign(actor=actor, campaign=campaign, year=year)
    check_award(award, for_person=person is not None)
    registration_list = _list_for(
        unit=person.unit if person is not None else unit, year=year, campaign=campaign
    )
    # The right was checked on the person or the unit; the list must still take entries.
    workflow_for(registration_list).check_state(registration_list, "change")
    name = person.full_name if person is not None else unit.name
    registration = Registration(
        registration_list=registration_list,
        year=year,
        award=award,
        person=person,
        unit=unit,
        registered_by=user_or_none(actor),
        note=(note or "").strip(),
    )
    # full_clean holds the title to the registrant and to "once per year" (Registration.clean).
    registration.full_clean()
    try:
        # Two lists of the same year (with and without a campaign) are locked apart: the
        # database's once-per-year constraint decides between two concurrent registrations.
        with transaction.atomic():
            registration.save()
    except IntegrityError:
        raise registration.already_registered_error() from None
    event_record(
        actor=actor,
        verb="registration_added",
        target=registration_list,
        summary=f"{name}: {award.code} {year}",
        data={
            "award": award.code,
            "award_vi": award.name_vi,
            "award_en": award.name_en,
            "year": year,
            "name": name,
            "person": person.code if person is not None else None,
            "unit": unit.code if unit is not None else None,
        },
    )
    return registration


@transaction.atomic
def registration_remove(*, actor, registration: Registration) -> None:
    """Take a registration off its list while the list is a draft or returned."""
    registration_list = _lock_list(registration.registration_list)
    registration = Registration.objects.select_related("award", "person", "unit").get(
        pk=registration.pk
    )
    registration.registration_list = registration_list
    check(actor, registration, "remove")
    name, award = registration.registrant_name, registration.award
    registration.delete()
    event_record(
        actor=actor,
        verb="registration_removed",
        target=registration_list,
        summary=f"{name}: {award.code} {registration_list.year} removed",
        data={
            "award": award.code,
            "award_vi": award.name_vi,
            "award_en": award.name_en,
            "year": registration_list.year,
            "name": name,
        },
    )


def _concerned_by_review(registration_list: RegistrationList):
    """Return the unit's heads, the submitter and the people on the list who have a login."""
    users = get_user_model().objects.filter(is_active=True)
    heads = users.filter(groups__name=roles.UNIT_HEAD, person__unit=registration_list.unit)
    listed = users.filter(person__registrations__registration_list=registration_list)
    found = list(heads.distinct()) + list(listed.distinct())
    if registration_list.submitted_by is not None:
        found.append(registration_list.submitted_by)
    return found


@transaction.atomic
def registration_list_submit(*, actor, registration_list: RegistrationList) -> RegistrationList:
    """Send a unit's list to the emulation office for review; an empty list is refused."""
    counted = []

    def apply(registration_list):
        counted.append(registration_list.entries.count())
        if not counted[0]:
            raise ValidationError(
                _("The list is empty: add at least one registration before submitting it.")
            )

    def notice(registration_list):
        return Notice(
            recipients=officers_of(registration_list.unit),
            title=_("Registrations to review: %(unit)s, %(year)s")
            % {"unit": registration_list.unit, "year": registration_list.year},
            body=ngettext(
                "%(count)s registration submitted.",
                "%(count)s registrations submitted.",
                counted[0],
            )
            % {"count": counted[0]},
            url=registration_list.get_absolute_url(),
        )

    return perform(
        actor=actor,
        obj=registration_list,
        action="submit",
        apply=apply,
        changes={"submitted_by": user_or_none(actor), "submitted_at": timezone.now()},
        summary=lambda registration_list: f"{registration_list}: {counted[0]}",
        data=lambda registration_list: {"count": counted[0]},
        notice=notice,
    )


def _review(*, actor, registration_list, action, comment, title) -> RegistrationList:
    def notice(registration_list):
        return Notice(
            recipients=_concerned_by_review(registration_list),
            title=title % {"unit": registration_list.unit, "year": registration_list.year},
            body=comment,
            url=registration_list.get_absolute_url(),
        )

    return perform(
        actor=actor,
        obj=registration_list,
        action=action,
        changes={
            "reviewed_by": user_or_none(actor),
            "reviewed_at": timezone.now(),
            "review_comment": comment,
        },
        summary=lambda registration_list: (
            f"{registration_list}: {comment}" if comment else str(registration_list)
        ),
        data={"comment": comment},
        notice=notice,
    )


@transaction.atomic
def registration_list_approve(
    *, actor, registration_list: RegistrationList, comment: str = ""
) -> RegistrationList:
    """Approve a submitted list; the unit's heads and the people on it are told."""
    return _review(
        actor=actor,
        registration_list=registration_list,
        action="approve",
        comment=(comment or "").strip(),
        title=_("Registrations approved: %(unit)s, %(year)s"),
    )


@transaction.atomic
def registration_list_return(
    *, actor, registration_list: RegistrationList, comment: str
) -> RegistrationList:
    """Return a submitted list with a comment saying what to change; it becomes editable."""
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError(
            {"comment": _("Say why the list is returned, so the unit knows what to change.")}
        )
    return _review(
        actor=actor,
        registration_list=registration_list,
        action="return",
        comment=comment,
        title=_("Registrations returned: %(unit)s, %(year)s"),
    )
