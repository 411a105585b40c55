"""Forms of initiatives and the award history: they parse and validate, services write."""

from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from awards.models import Award, AwardRecord, Initiative
from organizations.forms import DateInput
from organizations.models import FIRST_RECORD_YEAR, Person


def _not_in_future(year: int) -> int:
    if year is not None and year > timezone.localdate().year:
        raise forms.ValidationError(_("This year has not come yet."))
    return year


class InitiativeForm(forms.Form):
    """The initiative itself; its authors come from `AuthorFormSet`."""

    title = forms.CharField(label=_("Title"), max_length=500)
    summary = forms.CharField(
        label=_("Summary"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    recognised_by = forms.CharField(label=_("Recognised by"), max_length=300)
    decision_number = forms.CharField(label=_("Decision number"), max_length=64)
    decision_date = forms.DateField(label=_("Decision date"), widget=DateInput())
    scope = forms.ChoiceField(label=_("Scope of effect"), choices=Initiative.Scope.choices)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        # The caller passes the units in the user's scope; the form never widens it.
        self.fields["unit"] = forms.ModelChoiceField(
            label=_("Unit"), queryset=units, required=False
        )


class AuthorForm(forms.Form):
    person = forms.ModelChoiceField(label=_("Author"), queryset=Person.objects.none())
    share = forms.DecimalField(
        label=_("Share (%)"), max_digits=5, decimal_places=2, min_value=Decimal("0.01")
    )

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        if people is not None:
            self.fields["person"].queryset = people


class BaseAuthorFormSet(forms.BaseFormSet):
    def authors(self) -> list[tuple[Person, Decimal]]:
        """Return (person, share) for each filled row, ready for `initiative_record`."""
        return [
            (form.cleaned_data["person"], form.cleaned_data["share"])
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]


AuthorFormSet = forms.formset_factory(AuthorForm, formset=BaseAuthorFormSet, extra=2)


class InitiativeUseForm(forms.Form):
    award = forms.ModelChoiceField(
        label=_("Used for"), queryset=Award.objects.filter(is_active=True)
    )
    year = forms.IntegerField(label=_("Year"), min_value=FIRST_RECORD_YEAR)

    def clean_year(self):
        return _not_in_future(self.cleaned_data["year"])


class AwardRecordForm(forms.Form):
    """An award entered by hand for a nominee the view has already chosen."""

    award = forms.ModelChoiceField(label=_("Award"), queryset=Award.objects.all())
    year = forms.IntegerField(label=_("Year"), min_value=FIRST_RECORD_YEAR)
    decision_number = forms.CharField(label=_("Decision number"), max_length=64)
    decision_date = forms.DateField(label=_("Decision date"), widget=DateInput())
    issuer = forms.CharField(label=_("Issued by"), max_length=300)
    source = forms.ChoiceField(
        label=_("Source"),
        choices=[
            (AwardRecord.Source.ENTERED, AwardRecord.Source.ENTERED.label),
            (AwardRecord.Source.IMPORTED, AwardRecord.Source.IMPORTED.label),
        ],
        initial=AwardRecord.Source.ENTERED,
    )
    source_document = forms.CharField(label=_("Source document"), max_length=300)

    def __init__(self, *args, subject=None, **kwargs):
        super().__init__(*args, **kwargs)
        if subject:
            # Only the awards that fit the nominee are offered; the service checks again.
            self.fields["award"].queryset = Award.objects.for_subject(subject)

    def clean_year(self):
        return _not_in_future(self.cleaned_data["year"])


class AwardRevokeForm(forms.Form):
    revoking_decision = forms.CharField(label=_("Revoking decision"), max_length=64)
    revocation_reason = forms.CharField(
        label=_("Reason for revocation"), widget=forms.Textarea(attrs={"rows": 3})
    )
