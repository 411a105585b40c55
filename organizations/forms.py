"""Forms of the organisation pages: they parse and validate, services write."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organizations.models import FIRST_RECORD_YEAR, AnnualRating, DisciplineRecord


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


def add_service_errors(form, exc) -> None:
    """Put a service's refusal on the form: field errors on their fields, the rest on top."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)
