"""Pages of initiatives (sáng kiến) and of the award history (quá trình khen thưởng).

Everyone reads what lies in their scope (404 outside it); only the emulation officer writes
(403 for the others). Every write goes through `awards.services`.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from awards import importer, selectors
from awards.forms.history import (
    HISTORY_IMPORTERS_ONLY,
    AuthorFormSet,
    AwardImportForm,
    AwardRecordForm,
    AwardRevokeForm,
    InitiativeForm,
    InitiativeUseForm,
    award_record_filter,
    initiative_filter,
)
from awards.jobs import HISTORY_IMPORT
from awards.models import Award, AwardRecord, Initiative
from awards.services import (
    award_record_add,
    award_record_revoke,
    initiative_record,
    initiative_use,
)
from organizations.access import get_for_user, local_url, require
from organizations.downloads import xlsx_attachment
from organizations.forms import add_service_errors
from organizations.importer import megabytes
from organizations.listing import filtered_page
from organizations.models import Person, Unit
from organizations.selectors import units_named
from organizations.views.jobs import import_checked, start_export, start_import

INITIATIVES = Initiative.objects.select_related("unit", "used_for_award").prefetch_related(
    selectors.initiative_authors()
)
RECORDS = AwardRecord.objects.select_related("award", "person", "person__unit", "unit")


def _can_manage(request) -> bool:
    """Return whether the user keeps initiatives and the award history (the officer)."""
    return request.user.has_perm("awards.manage_award_history")


def _list_context(request, filterset) -> dict:
    return {**filtered_page(request, filterset), "can_manage": _can_manage(request)}


# --- initiatives ---------------------------------------------------------------------------------


@login_required
@require_GET
def initiative_list(request):
    context = _list_context(request, initiative_filter(request.user, request.GET))
    return render(request, "awards/initiative_list.html", context)


@login_required
@require_POST
def initiative_export(request):
    """Start the export of the initiatives as the list is filtered as a job."""
    return start_export(
        request, kind="awards.initiative_export", list_url=reverse("awards:initiative_list")
    )


@login_required
@require_GET
def initiative_detail(request, pk):
    initiative = get_for_user(request, INITIATIVES, pk=pk)
    return render(
        request,
        "awards/initiative_detail.html",
        {"initiative": initiative, "can_manage": _can_manage(request)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def initiative_create(request):
    require(
        request,
        "awards.manage_award_history",
        denied=_("Only the emulation officer records initiatives."),
    )
    units = Unit.objects.visible_to(request.user).order_by("path")
    people = Person.objects.visible_to(request.user).order_by("sort_key", "id")
    data = request.POST if request.method == "POST" else None
    form = InitiativeForm(data, units=units)
    authors = AuthorFormSet(data, prefix="authors", form_kwargs={"people": people})
    author_errors = []
    if data is not None and form.is_valid() and authors.is_valid():
        try:
            initiative = initiative_record(
                actor=request.user, authors=authors.authors(), **form.cleaned_data
            )
        except ValidationError as exc:
            # The authors' shares are checked together: their message goes above the rows.
            if hasattr(exc, "error_dict"):
                errors = exc.message_dict
                author_errors = errors.pop("authors", [])
                if errors:
                    add_service_errors(form, ValidationError(errors))
            else:
                add_service_errors(form, exc)
        else:
            messages.success(request, _("The initiative has been recorded."))
            return redirect("awards:initiative_detail", pk=initiative.pk)
    return render(
        request,
        "awards/initiative_form.html",
        {"form": form, "authors": authors, "author_errors": author_errors},
    )


@login_required
@require_http_methods(["GET", "POST"])
def initiative_use_view(request, pk):
    initiative = get_for_user(request, INITIATIVES, action="use", pk=pk)
    form = InitiativeUseForm(request.POST or None, initial={"year": timezone.localdate().year - 1})
    if request.method == "POST" and form.is_valid():
        try:
            initiative_use(actor=request.user, initiative=initiative, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("The initiative is now recorded as used; it cannot be used again.")
            )
            return redirect("awards:initiative_detail", pk=initiative.pk)
    return render(request, "awards/initiative_use.html", {"initiative": initiative, "form": form})


# --- the award history of one person or one unit -------------------------------------------------


def _nominee_history(request, *, nominee, is_person: bool):
    """Show a nominee's award history; for the officer, a form that adds a record to it."""
    can_manage = _can_manage(request)
    subject = Award.Subject.PERSON if is_person else Award.Subject.COLLECTIVE
    form = None
    if request.method == "POST":
        require(
            request,
            "awards.manage_award_history",
            nominee,
            _("Only the emulation officer adds to the award history."),
        )
        form = AwardRecordForm(request.POST, subject=subject)
        if form.is_valid():
            nominee_field = {"person": nominee} if is_person else {"unit": nominee}
            try:
                record = award_record_add(
                    actor=request.user,
                    **nominee_field,
                    **form.cleaned_data,
                    source=AwardRecord.Source.ENTERED,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("%(award)s %(year)s has been added to the award history.")
                    % {"award": record.award.name, "year": record.year},
                )
                return redirect(request.path)
    elif can_manage:
        form = AwardRecordForm(subject=subject)
    return render(
        request,
        "awards/history_nominee.html",
        {
            "nominee": nominee,
            "is_person": is_person,
            "records": nominee.awards.history(),
            "form": form,
            "can_manage": can_manage,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def person_history(request, code):
    person = get_for_user(request, Person.objects.select_related("unit"), code=code)
    return _nominee_history(request, nominee=person, is_person=True)


@login_required
@require_http_methods(["GET", "POST"])
def unit_history(request, code):
    unit = get_for_user(request, Unit, code=code)
    return _nominee_history(request, nominee=unit, is_person=False)


def history_url(record: AwardRecord) -> str:
    """Return the award-history page of the person or unit a record belongs to."""
    if record.person_id:
        return reverse("awards:person_history", args=[record.person.code])
    return reverse("awards:unit_history", args=[record.unit.code])


@login_required
@require_http_methods(["GET", "POST"])
def award_revoke(request, pk):
    record = get_for_user(request, RECORDS, action="revoke", pk=pk)
    # Back where the officer came from (the decision's page), or to the nominee's history.
    back_url = local_url(request, request.GET.get("next") or request.POST.get("next"))
    back_url = back_url or history_url(record)
    form = AwardRevokeForm(request.POST or None, initial={"revoked_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            award_record_revoke(
                actor=request.user,
                record=record,
                reason=form.cleaned_data["revocation_reason"],
                revoking_decision=form.cleaned_data["revoking_decision"],
                revoked_on=form.cleaned_data["revoked_on"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(award)s %(year)s has been marked revoked; it stays in the history.")
                % {"award": record.award.name, "year": record.year},
            )
            return HttpResponseRedirect(back_url)
    return render(
        request,
        "awards/history_revoke.html",
        {"record": record, "form": form, "back_url": back_url},
    )


# --- the consolidated history, its export and the Excel import ----------------------------------


@login_required
@require_GET
def history_list(request):
    context = _list_context(request, award_record_filter(request.user, request.GET))
    return render(request, "awards/history_list.html", context)


ADD_RESULTS = 20


@login_required
@require_GET
def history_add(request):
    """Find the person or the unit an award is added to, by name or code, within the officer's
    scope; the record itself is typed on their own history page (its form, `#add-record`)."""
    require(
        request,
        "awards.manage_award_history",
        denied=_("Only the emulation officer adds to the award history."),
    )
    text = request.GET.get("q", "").strip()[:100]
    people, units = [], []
    if text:
        people = list(
            Person.objects.visible_to(request.user)
            .named(text)
            .select_related("unit")
            .order_by("sort_key", "pk")[:ADD_RESULTS]
        )
        visible = Unit.objects.visible_to(request.user)
        units = list(
            visible.filter(pk__in=units_named(visible, text)).order_by("path")[:ADD_RESULTS]
        )
    return render(
        request,
        "awards/history_add.html",
        {"text": text, "people": people, "units": units, "limit": ADD_RESULTS},
    )


@login_required
@require_POST
def history_export(request):
    """Start the export of the list as it is filtered (the query in `query`) as a job."""
    return start_export(
        request, kind="awards.history_export", list_url=reverse("awards:history_list")
    )


CHECK_TITLE = gettext_lazy("Award history: Excel check")


@login_required
@require_http_methods(["GET", "POST"])
def history_import(request):
    """Take the workbook and start its import (or its check) as a job; a file that cannot be a
    workbook at all (too large, not an .xlsx) is refused here, without storing it."""
    require(request, "awards.manage_award_history", denied=HISTORY_IMPORTERS_ONLY)
    form = AwardImportForm(request.POST or None, request.FILES or None)
    started, file_errors = start_import(
        request,
        form,
        kind=HISTORY_IMPORT,
        back=reverse("awards:history_import"),
        check_title=CHECK_TITLE,
    )
    if started:
        return started
    return render(
        request,
        "awards/history_import.html",
        {
            "form": form,
            "file_errors": file_errors,
            "row_errors": [],
            "error_count": len(file_errors),
            "columns": importer.COLUMNS,
            "sheet": importer.SHEET,
            "guide_sheet": importer.GUIDE_SHEET,
            "max_megabytes": megabytes(settings.IMPORT_MAX_BYTES),
            "max_rows": settings.IMPORT_MAX_ROWS,
        },
    )


@login_required
@require_POST
def history_import_confirm(request, code):
    """Import the file a check found without problems, without uploading it again."""
    require(request, "awards.manage_award_history", denied=HISTORY_IMPORTERS_ONLY)
    return import_checked(request, code, kind=HISTORY_IMPORT)


@login_required
@require_GET
def history_import_template(request):
    require(request, "awards.manage_award_history", denied=HISTORY_IMPORTERS_ONLY)
    return xlsx_attachment(importer.build_template(), importer.TEMPLATE_FILENAME)
