"""Forms of the organisation pages: they parse and validate, services write."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organizations.downloads import XLSX_CONTENT_TYPE
from organizations.models import (
    FIRST_RECORD_YEAR,
    AnnualRating,
    DisciplineRecord,
    LeaveRecord,
    PendingReview,
)


class DateInput(forms.DateInput):
    """A dd/mm/yyyy text box: the format officers type and read on paper."""

    def __init__(self, **kwargs):
        attrs = {"placeholder": "dd/mm/yyyy", "autocomplete": "off", **kwargs.pop("attrs", {})}
        super().__init__(format="%d/%m/%Y", attrs=attrs, **kwargs)


class RatingForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=FIRST_RECORD_YEAR)
    level = forms.ChoiceField(label=_("Rating"), choices=AnnualRating.Level.choices)
    note = forms.CharField(label=_("Note"), max_length=255, required=False)

    def clean_year(self):
        year = self.cleaned_data["year"]
        if year > timezone.localdate().year:
            raise forms.ValidationError(
                _("A rating cannot be recorded for a year that has not yet come.")
            )
        return year


class DisciplineForm(forms.Form):
    form = forms.ChoiceField(label=_("Form of discipline"), choices=DisciplineRecord.Form.choices)
    decision_number = forms.CharField(label=_("Decision number"), max_length=64, required=False)
    start_date = forms.DateField(label=_("Start date"), widget=DateInput())
    end_date = forms.DateField(label=_("End date"), widget=DateInput(), required=False)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The discipline cannot end before it starts."))
        return cleaned


class UnitRatingForm(RatingForm):
    """A collective's rating: the same year and level checks as a person's."""


class PendingReviewForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of review"), choices=PendingReview.Kind.choices)
    opened_on = forms.DateField(label=_("Opened on"), widget=DateInput())
    reference = forms.CharField(
        label=_("Reference"),
        max_length=100,
        required=False,
        help_text=_("The decision, inspection plan or complaint it refers to."),
    )
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def clean_opened_on(self):
        day = self.cleaned_data["opened_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("A review cannot be opened in the future."))
        return day


class PendingReviewCloseForm(forms.Form):
    closed_on = forms.DateField(label=_("Closed on"), widget=DateInput())
    note = forms.CharField(
        label=_("Outcome"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("For example: no violation found, or the discipline decided."),
    )

    def __init__(self, *args, review=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.review = review

    def clean_closed_on(self):
        day = self.cleaned_data["closed_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("A review cannot be closed in the future."))
        if self.review is not None and day < self.review.opened_on:
            raise forms.ValidationError(
                _("A review cannot be closed before the day it was opened.")
            )
        return day


class LeaveForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of leave"), choices=LeaveRecord.Kind.choices)
    start_date = forms.DateField(label=_("Start date"), widget=DateInput())
    end_date = forms.DateField(
        label=_("End date"),
        widget=DateInput(),
        required=False,
        help_text=_("Leave it empty while the leave goes on."),
    )
    note = forms.CharField(label=_("Note"), max_length=255, required=False)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The leave cannot end before it starts."))
        return cleaned


def write_with_form(request, form, write, *, success) -> tuple[bool, object]:
    """Run a service on a valid form: (True, its result) once it wrote, with `success` said to
    the user; (False, None) when the form or the service refused, the reasons on the form."""
    if not form.is_valid():
        return False, None
    try:
        result = write(form.cleaned_data)
    except ValidationError as exc:
        add_service_errors(form, exc)
        return False, None
    messages.success(request, success)
    return True, result


def write_and_say(request, write, *, success) -> tuple[bool, object]:
    """Run a service that takes no form: (True, its result) with `success` said to the user (a
    text, or a function of the result), or (False, None) with the service's refusal said."""
    try:
        result = write()
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return False, None
    messages.success(request, success(result) if callable(success) else success)
    return True, result


def add_service_errors(form, exc) -> None:
    """Put a service's refusal on the form: field errors on their fields, the rest on top."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Excel file (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": f".xlsx,{XLSX_CONTENT_TYPE}"}),
    )
    dry_run = forms.BooleanField(
        label=_("Check only, do not save"),
        required=False,
        help_text=_("Shows what would be created and updated; nothing is written."),
    )
