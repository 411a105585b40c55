"""Pages of registrations (đăng ký thi đua): a person's own, a unit's list with its submission,
the officer's queue and review, and the consolidated table with its Excel export."""

import datetime
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import F
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from awards import registration_documents
from awards.forms.registrations import (
    ApproveForm,
    CollectiveRegistrationForm,
    MemberRegistrationForm,
    ReturnForm,
    SelfRegistrationForm,
)
from awards.models import Registration, RegistrationList
from awards.selectors import campaigns_for_year, default_campaign, people_working_in
from awards.services import registrations as services
from campaigns.models import Campaign
from organizations.access import get_for_user, local_url, require
from organizations.downloads import pdf_attachment
from organizations.forms import add_service_errors
from organizations.models import FIRST_RECORD_YEAR, LAST_RECORD_YEAR, Event, Unit
from organizations.scope import person_of
from organizations.selectors import recent_events
from organizations.workflow import can

LISTS = RegistrationList.objects.select_related("unit", "campaign")

NO_CAMPAIGN = "none"


# --- helpers ---------------------------------------------------------------------------------


def _year_from(raw: str | None, default: int) -> int | None:
    """Return the year a request names, `default` when it names none, None when it is not one
    (not a number, or beyond the years a date can hold)."""
    if raw is None or raw.strip() == "":
        return default
    try:
        year = int(raw)
    except ValueError:
        return None
    # Beyond what a date holds, a year is no year: the service explains the years it refuses.
    return year if datetime.MINYEAR <= year <= datetime.MAXYEAR else None


def _years_of(rows) -> list[int]:
    """Return the years the rows (registrations, lists) were made for: a picker offers each of
    them however long ago, so a past year's registrations stay within reach."""
    return list(rows.order_by().values_list("year", flat=True).distinct())


def _year_choices(extra=()) -> list[int]:
    """Return the years offered by the year selectors: next year and the six before it, and
    `extra` (the years that hold the page's data)."""
    latest = services.latest_registration_year()
    return sorted(set(range(latest - 6, latest + 1)) | set(extra), reverse=True)


def _campaign_from(request, raw: str | None, year: int) -> Campaign | None:
    """Read the campaign of a list from a request value: a code, "none", or the year's default.

    A code the user cannot see is a 404, as any object outside the user's scope.
    """
    if raw is None or raw == "":
        return default_campaign(request.user, year)
    if raw == NO_CAMPAIGN:
        return None
    try:
        code = uuid.UUID(raw)
    except ValueError:
        raise Http404 from None
    return get_for_user(request, Campaign, code=code)


def _campaign_value(campaign: Campaign | None) -> str:
    return str(campaign.code) if campaign is not None else NO_CAMPAIGN


def _unit_page_url(unit: Unit, year: int, campaign: Campaign | None) -> str:
    url = reverse("awards:registration_unit", args=[unit.code])
    return f"{url}?{urlencode({'year': year, 'campaign': _campaign_value(campaign)})}"


def _list_history(registration_list: RegistrationList | None) -> list[tuple[Event, str]]:
    if registration_list is None:
        return []
    return recent_events(registration_list, limit=50)


# --- a person's own registration ---------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def registration_mine(request):
    """Show the titles the signed-in person registered for a year, and register another."""
    person = person_of(request.user)
    this_year = timezone.localdate().year
    raw = request.POST.get("year") if request.method == "POST" else request.GET.get("year")
    year = _year_from(raw, this_year)
    if request.method == "GET" and (
        year is None or not FIRST_RECORD_YEAR <= year <= LAST_RECORD_YEAR
    ):
        year = this_year
    form = None
    if person is not None:
        form = SelfRegistrationForm(request.POST or None, user=request.user, year=year or this_year)
        if request.method == "POST" and year is None:
            form.is_valid()
            form.add_error(None, _("“%(value)s” is not a year.") % {"value": raw})
        elif request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                services.registration_add(
                    actor=request.user,
                    person=person,
                    award=data["award"],
                    year=year,
                    campaign=data["campaign"],
                    note=data["note"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("You registered for %(award)s in %(year)s.")
                    % {"award": data["award"].name, "year": year},
                )
                return redirect(f"{reverse('awards:registration_mine')}?year={year}")
    year = year or this_year
    entries = []
    if person is not None:
        entries = list(
            person.registrations.filter(year=year)
            .select_related(
                "award",
                "registration_list__unit",
                "registration_list__campaign",
                "registered_by__person",
            )
            .order_by("award__rank", "pk")
        )
        for entry in entries:
            entry.can_remove = can(request.user, entry, "remove")
    return render(
        request,
        "awards/registration_mine.html",
        {
            "person": person,
            "year": year,
            "years": _year_choices([year, *(_years_of(person.registrations) if person else [])]),
            "entries": entries,
            "lists": list({e.registration_list_id: e.registration_list for e in entries}.values()),
            "form": form,
            "can_register": person is not None and year <= services.latest_registration_year(),
        },
    )


# --- a unit's list -------------------------------------------------------------------------------


def _render_unit_page(request, unit, year, campaign, *, forms=None, errors=None):
    user = request.user
    registration_list = (
        RegistrationList.objects.filter(unit=unit, year=year, campaign=campaign)
        .select_related("unit", "campaign", "submitted_by__person", "reviewed_by__person")
        .first()
    )
    entries = []
    if registration_list is not None:
        entries = list(
            registration_list.entries.select_related(
                "award", "person", "unit", "registered_by__person"
            ).order_by(F("person__sort_key").asc(nulls_first=True), "award__rank", "pk")
        )
    if registration_list is None:
        # No list yet: the first registration starts one.
        can_edit = user.has_perm("awards.register_unit", unit)
    else:
        can_edit = can(user, registration_list, "change")
    for entry in entries:
        entry.registration_list = registration_list
        entry.can_remove = can(user, entry, "remove")
    forms = forms or {}
    errors = list(errors or [])
    if not can_edit:
        # A form posted to a list that has just been submitted is not shown again: say why.
        for key in ("member_form", "collective_form"):
            form = forms.pop(key, None)
            if form is not None:
                errors += [message for found in form.errors.values() for message in found]
    if can_edit:
        forms.setdefault(
            "member_form", MemberRegistrationForm(unit=unit, year=year, prefix="member")
        )
        forms.setdefault("collective_form", CollectiveRegistrationForm(prefix="collective"))
    can_submit = can(user, registration_list, "submit")
    can_review = can(user, registration_list, "approve")
    if not can_review:
        for key in ("approve_form", "return_form"):
            form = forms.pop(key, None)
            if form is not None:
                errors += [message for found in form.errors.values() for message in found]
    if can_review:
        forms.setdefault("approve_form", ApproveForm(prefix="approve"))
        forms.setdefault("return_form", ReturnForm(prefix="return"))
    other_lists = RegistrationList.objects.filter(unit=unit, year=year).select_related("campaign")
    if registration_list is not None:
        other_lists = other_lists.exclude(pk=registration_list.pk)
    elif campaign is not None:
        other_lists = other_lists.exclude(campaign=campaign)
    else:
        other_lists = other_lists.exclude(campaign__isnull=True)
    campaigns = list(campaigns_for_year(user, year))
    if campaign is not None and campaign not in campaigns:
        campaigns.insert(0, campaign)
    not_registered = (
        people_working_in(unit, year).exclude(registrations__year=year).order_by("sort_key", "id")
    )
    return render(
        request,
        "awards/registration_unit.html",
        {
            "unit": unit,
            "year": year,
            "years": _year_choices([year, *_years_of(RegistrationList.objects.filter(unit=unit))]),
            "campaign": campaign,
            "campaign_value": _campaign_value(campaign),
            "campaigns": campaigns,
            "registration_list": registration_list,
            "person_entries": [entry for entry in entries if entry.person_id],
            "collective_entries": [entry for entry in entries if entry.unit_id],
            "not_registered": not_registered,
            "other_lists": other_lists,
            "can_edit": can_edit,
            "can_submit": can_submit,
            "can_review": can_review,
            "events": _list_history(registration_list),
            "errors": errors,
            **forms,
        },
    )


@login_required
@require_GET
def registration_unit(request, code):
    unit = get_for_user(request, Unit, code=code)
    year = _year_from(request.GET.get("year"), timezone.localdate().year)
    if year is None or not FIRST_RECORD_YEAR <= year <= LAST_RECORD_YEAR:
        year = timezone.localdate().year
    campaign = _campaign_from(request, request.GET.get("campaign"), year)
    if campaign is not None and not campaign.start_date.year <= year <= campaign.end_date.year:
        # The year changed while the campaign chosen for another year stayed in the selector.
        campaign = default_campaign(request.user, year)
    return _render_unit_page(request, unit, year, campaign)


def _unit_add(request, code, *, collective: bool):
    unit = get_for_user(request, Unit, code=code)
    year = _year_from(request.POST.get("year"), timezone.localdate().year)
    if year is None:
        raise Http404
    campaign = _campaign_from(request, request.POST.get("campaign") or NO_CAMPAIGN, year)
    require(
        request,
        "awards.register_unit",
        unit,
        _("Only the head of %(unit)s or the emulation officer registers its people and titles.")
        % {"unit": unit},
    )
    if collective:
        form, key = CollectiveRegistrationForm(request.POST, prefix="collective"), "collective"
    else:
        form, key = (
            MemberRegistrationForm(request.POST, unit=unit, year=year, prefix="member"),
            "member",
        )
    if form.is_valid():
        data = form.cleaned_data
        try:
            registration = services.registration_add(
                actor=request.user,
                person=None if collective else data["person"],
                unit=unit if collective else None,
                award=data["award"],
                year=year,
                campaign=campaign,
                note=data["note"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(name)s is registered for %(award)s in %(year)s.")
                % {
                    "name": registration.registrant_name,
                    "award": data["award"].name,
                    "year": year,
                },
            )
            return redirect(_unit_page_url(unit, year, campaign))
    return _render_unit_page(request, unit, year, campaign, forms={f"{key}_form": form})


@login_required
@require_POST
def registration_unit_add_person(request, code):
    return _unit_add(request, code, collective=False)


@login_required
@require_POST
def registration_unit_add_collective(request, code):
    return _unit_add(request, code, collective=True)


@login_required
@require_POST
def registration_remove(request, pk):
    registration = get_for_user(
        request,
        Registration.objects.select_related(
            "award", "person", "unit", "registration_list__unit", "registration_list__campaign"
        ),
        action="remove",
        pk=pk,
    )
    registration_list = registration.registration_list
    try:
        services.registration_remove(actor=request.user, registration=registration)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("The registration of %(name)s for %(award)s was removed.")
            % {"name": registration.registrant_name, "award": registration.award.name},
        )
    target = local_url(request, request.POST.get("next"))
    return HttpResponseRedirect(target or registration_list.get_absolute_url())


@login_required
@require_POST
def registration_list_submit(request, pk):
    registration_list = get_for_user(request, LISTS, action="submit", pk=pk)
    try:
        services.registration_list_submit(actor=request.user, registration_list=registration_list)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("The list was sent to the emulation office; you will be told when it is reviewed."),
        )
    return redirect(registration_list.get_absolute_url())


def _review(request, pk, *, approve: bool):
    registration_list = get_for_user(
        request, LISTS, action="approve" if approve else "return", pk=pk
    )
    form_class, prefix = (ApproveForm, "approve") if approve else (ReturnForm, "return")
    form = form_class(request.POST, prefix=prefix)
    if form.is_valid():
        write = services.registration_list_approve if approve else services.registration_list_return
        try:
            write(
                actor=request.user,
                registration_list=registration_list,
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if approve:
                text = _("The list of %(unit)s is approved; the unit has been told.")
            else:
                text = _("The list of %(unit)s is returned; the unit has been told what to change.")
            messages.success(request, text % {"unit": registration_list.unit})
            return redirect("awards:registration_queue")
    return _render_unit_page(
        request,
        registration_list.unit,
        registration_list.year,
        registration_list.campaign,
        forms={f"{prefix}_form": form},
    )


@login_required
@require_POST
def registration_list_approve(request, pk):
    return _review(request, pk, approve=True)


@login_required
@require_POST
def registration_list_return(request, pk):
    return _review(request, pk, approve=False)


@login_required
@require_GET
def registration_list_pdf(request, pk):
    """Download a unit's list as the document its head signs and sends (Bản đăng ký thi đua)."""
    registration_list = get_for_user(request, LISTS, pk=pk)
    content = registration_documents.registration_list_pdf(
        registration_list, base_url=request.build_absolute_uri(reverse("home"))
    )
    filename = registration_documents.registration_list_filename(registration_list)
    return pdf_attachment(content, filename)
