"""The officer's queue of registration lists and the consolidated table with its Excel export."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, F, Q
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from awards import registration_export
from awards.forms.registrations import RegistrationFilter
from awards.models import Registration, RegistrationList
from organizations.access import require
from organizations.downloads import xlsx_attachment
from organizations.listing import filtered_page, filtered_rows


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


# --- the officer's queue -------------------------------------------------------------------------


@login_required
@require_GET
def registration_queue(request):
    require(
        request,
        "awards.review_registrations",
        denied=_("Only the emulation officer reviews registration lists."),
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
    require(
        request,
        "awards.view_registration_table",
        denied=_(
            "The emulation officer, the leadership and unit heads see the consolidated table."
        ),
    )
    registration_filter = RegistrationFilter(
        request.GET or None, queryset=_table_rows(request.user), user=request.user
    )
    return registration_filter, filtered_rows(registration_filter)


@login_required
@require_GET
def registration_table(request):
    registration_filter, rows = _filtered_rows(request)
    return render(
        request, "awards/registration_table.html", filtered_page(request, registration_filter, rows)
    )


@login_required
@require_GET
def registration_export_view(request):
    _registration_filter, rows = _filtered_rows(request)
    content = registration_export.build_workbook(rows.iterator(chunk_size=2000))
    return xlsx_attachment(content, f"dang-ky-thi-dua-{timezone.localdate():%Y%m%d}.xlsx")
