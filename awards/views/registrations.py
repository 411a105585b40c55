"""Pages of registrations (đăng ký thi đua): a person's own, a unit's list with its submission,
the officer's queue and review, and the consolidated table with its Excel export."""

import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, F, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from awards import registration_documents, registration_export
from awards.forms.registrations import (
    ApproveForm,
    CollectiveRegistrationForm,
    MemberRegistrationForm,
    RegistrationFilter,
    ReturnForm,
    SelfRegistrationForm,
    campaigns_for_year,
    default_campaign,
    people_working_in,
)
from awards.models import Registration, RegistrationList
from awards.services import registrations as services
from campaigns.models import Campaign
from organizations.events import describe
from organizations.forms import add_service_errors
from organizations.models import FIRST_RECORD_YEAR, LAST_RECORD_YEAR, Event, Person, Unit

NO_CAMPAIGN = "none"


# --- helpers ---------------------------------------------------------------------------------


def _year_from(raw: str | None, default: int) -> int | None:
    """Return the year a request names, `default` when it names none, None when it is not one."""
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        return None


def _year_choices(extra=()) -> list[int]:
    """Return the years offered by the year selectors: next year and the six before it."""
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
    return get_object_or_404(Campaign.objects.visible_to(request.user), code=code)


def _campaign_value(campaign: Campaign | None) -> str:
    return str(campaign.code) if campaign is not None else NO_CAMPAIGN


def _unit_page_url(unit: Unit, year: int, campaign: Campaign | None) -> str:
    url = reverse("awards:registration_unit", args=[unit.code])
    return f"{url}?{urlencode({'year': year, 'campaign': _campaign_value(campaign)})}"


def _get_unit_for_user(request, code) -> Unit:
    return get_object_or_404(Unit.objects.visible_to(request.user), code=code)


def _get_list_for_user(request, pk) -> RegistrationList:
    return get_object_or_404(
        RegistrationList.objects.visible_to(request.user).select_related("unit", "campaign"),
        pk=pk,
    )


def _require(request, permission: str, obj, message: str) -> None:
    if not request.user.has_perm(permission, obj):
        raise PermissionDenied(message)


def _list_history(registration_list: RegistrationList | None) -> list[tuple[Event, str]]:
    if registration_list is None:
        return []
    events = Event.objects.filter(
        target_type=ContentType.objects.get_for_model(RegistrationList),
        target_id=str(registration_list.pk),
    ).select_related("actor__person")[:50]
    return [(event, describe(event)) for event in events]


def _table_rows(user):
    """Return the registrations the user sees, in the order of the table and of its export."""
    return (
        Registration.objects.visible_to(user)
        .select_related(
            "award",
            "person",
            "unit",
            "registration_list__unit",
            "registration_list__campaign",
            "registered_by__person",
        )
        .order_by(
            "-year",
            "registration_list__unit__path",
            # The collective's own entry first, then its people in Vietnamese name order.
            F("person__sort_key").asc(nulls_first=True),
            "award__rank",
            "pk",
        )
    )


# --- a person's own registration ---------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def registration_mine(request):
    """Show the titles the signed-in person registered for a year, and register another."""
    person = Person.objects.filter(user=request.user).select_related("unit").first()
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
            entry.can_remove = entry.registration_list.is_editable and request.user.has_perm(
                "awards.remove_registration", entry
            )
    return render(
        request,
        "awards/registration_mine.html",
        {
            "person": person,
            "year": year,
            "years": _year_choices([year]),
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
    editable = registration_list is None or registration_list.is_editable
    can_edit = editable and user.has_perm("awards.register_unit", unit)
    for entry in entries:
        entry.registration_list = registration_list
        entry.can_remove = editable and user.has_perm("awards.remove_registration", entry)
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
    can_submit = (
        registration_list is not None
        and registration_list.is_editable
        and user.has_perm("awards.submit_registration_list", registration_list)
    )
    can_review = (
        registration_list is not None
        and registration_list.status == RegistrationList.Status.SUBMITTED
        and user.has_perm("awards.review_registration_list", registration_list)
    )
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
            "years": _year_choices([year]),
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
    unit = _get_unit_for_user(request, code)
    year = _year_from(request.GET.get("year"), timezone.localdate().year)
    if year is None or not FIRST_RECORD_YEAR <= year <= LAST_RECORD_YEAR:
        year = timezone.localdate().year
    campaign = _campaign_from(request, request.GET.get("campaign"), year)
    if campaign is not None and not campaign.start_date.year <= year <= campaign.end_date.year:
        # The year changed while the campaign chosen for another year stayed in the selector.
        campaign = default_campaign(request.user, year)
    return _render_unit_page(request, unit, year, campaign)


def _unit_add(request, code, *, collective: bool):
    unit = _get_unit_for_user(request, code)
    year = _year_from(request.POST.get("year"), timezone.localdate().year)
    if year is None:
        raise Http404
    campaign = _campaign_from(request, request.POST.get("campaign") or NO_CAMPAIGN, year)
    _require(
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
    registration = get_object_or_404(
        Registration.objects.visible_to(request.user).select_related(
            "award", "person", "unit", "registration_list__unit", "registration_list__campaign"
        ),
        pk=pk,
    )
    registration_list = registration.registration_list
    _require(
        request,
        "awards.remove_registration",
        registration,
        _("Only the registrant, its unit head or the emulation officer removes a registration."),
    )
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
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = registration_list.get_absolute_url()
    return redirect(target)


@login_required
@require_POST
def registration_list_submit(request, pk):
    registration_list = _get_list_for_user(request, pk)
    _require(
        request,
        "awards.submit_registration_list",
        registration_list,
        _("Only the head of %(unit)s or the emulation officer submits its list.")
        % {"unit": registration_list.unit},
    )
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
    registration_list = _get_list_for_user(request, pk)
    _require(
        request,
        "awards.review_registration_list",
        registration_list,
        _("Only the emulation officer approves or returns a list."),
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
    registration_list = _get_list_for_user(request, pk)
    content = registration_documents.registration_list_pdf(
        registration_list, base_url=request.build_absolute_uri(reverse("home"))
    )
    response = HttpResponse(content, content_type="application/pdf")
    filename = registration_documents.registration_list_filename(registration_list)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- the officer's queue -------------------------------------------------------------------------


@login_required
@require_GET
def registration_queue(request):
    _require(
        request,
        "awards.review_registrations",
        None,
        _("Only the emulation officer reviews registration lists."),
    )
    lists = (
        RegistrationList.objects.visible_to(request.user)
        .select_related("unit", "campaign", "submitted_by__person", "reviewed_by__person")
        .annotate(
            person_count=Count("entries", filter=Q(entries__person__isnull=False)),
            collective_count=Count("entries", filter=Q(entries__unit__isnull=False)),
        )
    )
    submitted = lists.filter(status=RegistrationList.Status.SUBMITTED).order_by(
        "submitted_at", "unit__path"
    )
    page = Paginator(submitted, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    returned = lists.filter(status=RegistrationList.Status.RETURNED).order_by(
        "-reviewed_at", "unit__path"
    )[: settings.PAGE_SIZE]
    return render(
        request,
        "awards/registration_queue.html",
        {"page": page, "returned": returned, "query": ""},
    )


# --- the consolidated table and its export -------------------------------------------------------


def _filtered_rows(request):
    _require(
        request,
        "awards.view_registration_table",
        None,
        _("The emulation officer, the leadership and unit heads see the consolidated table."),
    )
    registration_filter = RegistrationFilter(
        request.GET or None, queryset=_table_rows(request.user), user=request.user
    )
    rows = registration_filter.qs if registration_filter.is_bound else registration_filter.queryset
    return registration_filter, rows


@login_required
@require_GET
def registration_table(request):
    registration_filter, rows = _filtered_rows(request)
    page = Paginator(rows, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "awards/registration_table.html",
        {
            "filter": registration_filter,
            "page": page,
            "query": query.urlencode(),
            "is_filtered": any(v for k, v in request.GET.items() if k != "page"),
        },
    )


@login_required
@require_GET
def registration_export_view(request):
    _registration_filter, rows = _filtered_rows(request)
    content = registration_export.build_workbook(rows.iterator(chunk_size=2000))
    response = HttpResponse(content, content_type=registration_export.XLSX_CONTENT_TYPE)
    filename = f"dang-ky-thi-dua-{timezone.localdate():%Y%m%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


urlpatterns = [
    path("dang-ky/", registration_mine, name="registration_mine"),
    path("dang-ky/<int:pk>/xoa/", registration_remove, name="registration_remove"),
    path("dang-ky/don-vi/<str:code>/", registration_unit, name="registration_unit"),
    path(
        "dang-ky/don-vi/<str:code>/them-ca-nhan/",
        registration_unit_add_person,
        name="registration_unit_add_person",
    ),
    path(
        "dang-ky/don-vi/<str:code>/them-tap-the/",
        registration_unit_add_collective,
        name="registration_unit_add_collective",
    ),
    path(
        "dang-ky/danh-sach/<int:pk>/gui/",
        registration_list_submit,
        name="registration_list_submit",
    ),
    path(
        "dang-ky/danh-sach/<int:pk>/duyet/",
        registration_list_approve,
        name="registration_list_approve",
    ),
    path(
        "dang-ky/danh-sach/<int:pk>/tra-lai/",
        registration_list_return,
        name="registration_list_return",
    ),
    path(
        "dang-ky/danh-sach/<int:pk>/in.pdf",
        registration_list_pdf,
        name="registration_list_pdf",
    ),
    path("dang-ky/cho-duyet/", registration_queue, name="registration_queue"),
    path("dang-ky/tong-hop/", registration_table, name="registration_table"),
    path(
        "dang-ky/tong-hop/xuat-excel.xlsx",
        registration_export_view,
        name="registration_export",
    ),
]
