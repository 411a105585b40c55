"""Excel in and out: import units and staff (as a job), download the import template, export
people."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from organizations import importer
from organizations.access import require
from organizations.downloads import xlsx_attachment
from organizations.exports import EXPORTERS_ONLY
from organizations.forms import ImportForm
from organizations.imports import IMPORTER_ONLY, STAFF_IMPORT
from organizations.views.jobs import import_checked, start_export, start_import

CHECK_TITLE = gettext_lazy("Units and staff: Excel check")


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request):
    """Take the workbook and start its import (or its check) as a job; a file that cannot be a
    workbook at all (too large, not an .xlsx) is refused here, without storing it."""
    require(request, "organizations.import_staff", denied=IMPORTER_ONLY)
    form = ImportForm(request.POST or None, request.FILES or None)
    started, file_errors = start_import(
        request,
        form,
        kind=STAFF_IMPORT,
        back=reverse("organizations:import_upload"),
        check_title=CHECK_TITLE,
    )
    if started:
        return started
    return render(
        request,
        "organizations/import_upload.html",
        {
            "form": form,
            "file_errors": file_errors,
            "row_errors": [],
            "error_count": len(file_errors),
            "unit_columns": importer.UNIT_COLUMNS,
            "person_columns": importer.PERSON_COLUMNS,
            "units_sheet": importer.UNITS_SHEET,
            "staff_sheet": importer.STAFF_SHEET,
            "guide_sheet": importer.GUIDE_SHEET,
            "max_megabytes": importer.megabytes(settings.IMPORT_MAX_BYTES),
            "max_rows": settings.IMPORT_MAX_ROWS,
        },
    )


@login_required
@require_POST
def import_confirm(request, code):
    """Import the file a check found without problems, without uploading it again."""
    require(request, "organizations.import_staff", denied=IMPORTER_ONLY)
    return import_checked(request, code, kind=STAFF_IMPORT)


@login_required
@require_GET
def import_template(request):
    require(request, "organizations.import_staff", denied=IMPORTER_ONLY)
    return xlsx_attachment(importer.build_template(), importer.TEMPLATE_FILENAME)


@login_required
@require_POST
def person_export(request):
    """Start the export of the people list as it is filtered as a job."""
    require(request, "organizations.export_people", denied=EXPORTERS_ONLY)
    return start_export(
        request, kind="organizations.person_export", list_url=reverse("organizations:person_list")
    )
