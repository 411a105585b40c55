"""Excel in and out: import units and staff, download the import template, export people."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from organizations import importer, selectors, services
from organizations.filters import PersonFilter
from organizations.models import Unit


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Excel file (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": f".xlsx,{importer.XLSX_CONTENT_TYPE}"}),
    )
    dry_run = forms.BooleanField(
        label=gettext_lazy("Check only, do not save"),
        required=False,
        help_text=gettext_lazy("Shows what would be created and updated; nothing is written."),
    )


def _require(request, permission: str, message: str) -> None:
    if not request.user.has_perm(permission):
        raise PermissionDenied(message)


def _require_importer(request) -> None:
    _require(
        request,
        "organizations.import_staff",
        _("Only the emulation officer imports units and staff."),
    )


def _xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=importer.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request):
    _require_importer(request)
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
    _require_importer(request)
    return _xlsx_response(importer.build_template(), importer.TEMPLATE_FILENAME)


@login_required
@require_GET
def person_export(request):
    _require(
        request,
        "organizations.export_people",
        _("Only the emulation officer and the leadership export the people list."),
    )
    people_filter = PersonFilter(
        request.GET or None, queryset=selectors.people_for_list(request.user), user=request.user
    )
    people = people_filter.qs if people_filter.is_bound else people_filter.queryset
    units = Unit.objects.visible_to(request.user).select_related("parent").order_by("path")
    content = importer.build_export(
        units=units.iterator(chunk_size=2000), people=people.iterator(chunk_size=2000)
    )
    filename = f"can-bo-{timezone.localdate():%Y%m%d}.xlsx"
    return _xlsx_response(content, filename)
