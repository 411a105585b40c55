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
from organizations.events import event_record
from organizations.models import FIRST_RECORD_YEAR, Person, Unit
from organizations.notifications import notify
from organizations.scope import agency_root_path

EDITABLE = (RegistrationList.Status.DRAFT, RegistrationList.Status.RETURNED)


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
    if campaign.status == Campaign.Status.CLOSED:
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


def _check_editable(registration_list: RegistrationList) -> None:
    if registration_list.status in EDITABLE:
        return
    if registration_list.status == RegistrationList.Status.APPROVED:
        message = _("The list of %(unit)s for %(year)s was approved; it can no longer be changed.")
    else:
        message = _(
            "The list of %(unit)s for %(year)s has been submitted for review; it can no longer "
            "be changed unless the emulation officer returns it."
        )
    raise ValidationError(
        message % {"unit": registration_list.unit, "year": registration_list.year}
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
    _check_editable(registration_list)
    name = person.full_name if person is not None else unit.name
    registration = Registration(
        registration_list=registration_list,
        year=year,
        award=award,
        person=person,
        unit=unit,
        registered_by=actor if actor is not None and actor.is_authenticated else None,
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
    if not actor.has_perm("awards.remove_registration", registration):
        raise PermissionDenied(
            _("Only the registrant, its unit head or the emulation officer removes it.")
        )
    _check_editable(registration_list)
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


def _officers_of(unit: Unit):
    """Return the active logins of the emulation officers of the unit's agency."""
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            groups__name=roles.OFFICER,
            person__unit__path__startswith=agency_root_path(unit.path),
        )
        .distinct()
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
    registration_list = _lock_list(registration_list)
    if not actor.has_perm("awards.submit_registration_list", registration_list):
        raise PermissionDenied(
            _("Only the head of %(unit)s or the emulation officer submits its list.")
            % {"unit": registration_list.unit}
        )
    if registration_list.status == RegistrationList.Status.SUBMITTED:
        raise ValidationError(_("This list has already been submitted; it awaits review."))
    _check_editable(registration_list)
    count = registration_list.entries.count()
    if not count:
        raise ValidationError(
            _("The list is empty: add at least one registration before submitting it.")
        )
    registration_list.status = RegistrationList.Status.SUBMITTED
    registration_list.submitted_by = actor
    registration_list.submitted_at = timezone.now()
    registration_list.save(update_fields=["status", "submitted_by", "submitted_at"])
    event_record(
        actor=actor,
        verb="registration_list_submitted",
        target=registration_list,
        summary=f"{registration_list}: {count}",
        data={"count": count},
    )
    notify(
        recipients=_officers_of(registration_list.unit),
        title=_("Registrations to review: %(unit)s, %(year)s")
        % {"unit": registration_list.unit, "year": registration_list.year},
        body=ngettext(
            "%(count)s registration submitted.", "%(count)s registrations submitted.", count
        )
        % {"count": count},
        url=registration_list.get_absolute_url(),
    )
    return registration_list


def _review(*, actor, registration_list, status, comment, verb) -> RegistrationList:
    registration_list = _lock_list(registration_list)
    if not actor.has_perm("awards.review_registration_list", registration_list):
        raise PermissionDenied(_("Only the emulation officer approves or returns a list."))
    if registration_list.status != RegistrationList.Status.SUBMITTED:
        raise ValidationError(
            _("Only a submitted list can be reviewed; this one is %(status)s.")
            % {"status": registration_list.get_status_display().lower()}
        )
    registration_list.status = status
    registration_list.reviewed_by = actor
    registration_list.reviewed_at = timezone.now()
    registration_list.review_comment = comment
    registration_list.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_comment"])
    event_record(
        actor=actor,
        verb=verb,
        target=registration_list,
        summary=f"{registration_list}: {comment}" if comment else str(registration_list),
        data={"comment": comment},
    )
    return registration_list


@transaction.atomic
def registration_list_approve(
    *, actor, registration_list: RegistrationList, comment: str = ""
) -> RegistrationList:
    """Approve a submitted list; the unit's heads and the people on it are told."""
    registration_list = _review(
        actor=actor,
        registration_list=registration_list,
        status=RegistrationList.Status.APPROVED,
        comment=(comment or "").strip(),
        verb="registration_list_approved",
    )
    notify(
        recipients=_concerned_by_review(registration_list),
        title=_("Registrations approved: %(unit)s, %(year)s")
        % {"unit": registration_list.unit, "year": registration_list.year},
        body=registration_list.review_comment,
        url=registration_list.get_absolute_url(),
    )
    return registration_list


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
    registration_list = _review(
        actor=actor,
        registration_list=registration_list,
        status=RegistrationList.Status.RETURNED,
        comment=comment,
        verb="registration_list_returned",
    )
    notify(
        recipients=_concerned_by_review(registration_list),
        title=_("Registrations returned: %(unit)s, %(year)s")
        % {"unit": registration_list.unit, "year": registration_list.year},
        body=comment,
        url=registration_list.get_absolute_url(),
    )
    return registration_list
