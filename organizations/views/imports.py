"""Excel in and out: import units and staff, download the import template, export people."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from organizations import importer, services
from organizations.access import require
from organizations.downloads import xlsx_attachment
from organizations.exports import EXPORTERS_ONLY
from organizations.forms import ImportForm
from organizations.views.jobs import start_export

IMPORTER_ONLY = gettext_lazy("Only the emulation officer imports units and staff.")


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request):
    require(request, "organizations.import_staff", denied=IMPORTER_ONLY)
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        workbook = importer.read_workbook(form.cleaned_data["file"])
        result = services.staff_import(
            actor=request.user, workbook=workbook, dry_run=form.cleaned_data["dry_run"]
        )
        if result.ok and not result.dry_run:
            messages.success(request, _("The file has been imported. %s") % result.summary())
            return redirect("organizations:person_list")
    errors = result.errors if result else []
    return render(
        request,
        "organizations/import_upload.html",
        {
            "form": form,
            "result": result,
            "file_errors": [error for error in errors if error.is_file_level],
            "row_errors": [error for error in errors if not error.is_file_level],
            "error_count": len(errors),
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
