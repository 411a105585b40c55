"""The officer's queue of registration lists and the consolidated table with its Excel export."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from awards.forms.registrations import TABLE_READERS, registration_table_filter
from awards.models import RegistrationList
from organizations.access import require
from organizations.listing import filtered_page, filtered_rows
from organizations.views.jobs import start_export

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
    require(request, "awards.view_registration_table", denied=TABLE_READERS)
    registration_filter = registration_table_filter(request.user, request.GET)
    return registration_filter, filtered_rows(registration_filter)


@login_required
@require_GET
def registration_table(request):
    registration_filter, rows = _filtered_rows(request)
    return render(
        request, "awards/registration_table.html", filtered_page(request, registration_filter, rows)
    )


@login_required
@require_POST
def registration_export_view(request):
    """Start the export of the table as it is filtered (the query in `query`) as a job."""
    require(request, "awards.view_registration_table", denied=TABLE_READERS)
    return start_export(
        request, kind="awards.registration_export", list_url=reverse("awards:registration_table")
    )
