"""Forms of initiatives and the award history: they parse and validate, services write."""

from decimal import Decimal

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from awards import selectors
from awards.models import Award, AwardRecord, Initiative
from organizations.filters import unit_filter
from organizations.forms import DateInput
from organizations.importer import XLSX_CONTENT_TYPE
from organizations.models import FIRST_RECORD_YEAR, Person, Unit
from organizations.vietnamese import fold


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


class PersonChoiceField(forms.ModelChoiceField):
    """A choice of person that tells namesakes apart by their staff code."""

    def label_from_instance(self, obj):
        return f"{obj.full_name} ({obj.code})"


class AuthorForm(forms.Form):
    # The rows sit under one table header, so each widget carries its label for screen readers.
    person = PersonChoiceField(
        label=_("Author"),
        queryset=Person.objects.none(),
        widget=forms.Select(attrs={"aria-label": _("Author"), "class": "form-select"}),
    )
    share = forms.DecimalField(
        label=_("Share (%)"),
        max_digits=5,
        decimal_places=2,
        min_value=Decimal("0.01"),
        widget=forms.NumberInput(
            attrs={"aria-label": _("Share (%)"), "step": "0.01", "class": "form-control"}
        ),
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


# Five rows cover nearly every initiative; a page without script cannot add rows on the fly.
AuthorFormSet = forms.formset_factory(AuthorForm, formset=BaseAuthorFormSet, extra=5)


class InitiativeUseForm(forms.Form):
    award = forms.ModelChoiceField(
        label=_("Used for"),
        # Titles first, then forms; each label names its kind.
        queryset=Award.objects.filter(is_active=True).order_by("-kind", "subject", "rank"),
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
    # Typed here, the record is "entered by hand" (AwardRecord.Source.ENTERED); imports and the
    # portal's own decisions name their source themselves.
    source_document = forms.CharField(label=_("Source document"), max_length=300)

    def __init__(self, *args, subject=None, **kwargs):
        super().__init__(*args, **kwargs)
        if subject:
            # Only the awards that fit the nominee are offered; the service checks again.
            self.fields["award"].queryset = Award.objects.for_subject(subject).order_by(
                "-kind", "rank", "code"
            )

    def clean_year(self):
        return _not_in_future(self.cleaned_data["year"])


class AwardRevokeForm(forms.Form):
    revoking_decision = forms.CharField(label=_("Revoking decision"), max_length=64)
    revoked_on = forms.DateField(
        label=_("Date of the revoking decision"),
        widget=DateInput(),
        required=False,
        help_text=_("Today when left empty."),
    )
    revocation_reason = forms.CharField(
        label=_("Reason for revocation"), widget=forms.Textarea(attrs={"rows": 3})
    )


HISTORY_IMPORTERS_ONLY = _("Only the emulation officer imports the award history.")


class AwardImportForm(forms.Form):
    """The upload of an award-history workbook."""

    file = forms.FileField(
        label=_("Excel file (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": f".xlsx,{XLSX_CONTENT_TYPE}"}),
    )
    dry_run = forms.BooleanField(
        label=_("Check only, do not save"),
        required=False,
        help_text=_("Shows how many records would be added; nothing is written."),
    )


# Filters of the list pages (django-filter), kept with the forms as campaigns.forms does.


def _search_widget(placeholder):
    return forms.TextInput(attrs={"placeholder": placeholder, "type": "search"})


def _year_choices(years) -> list[tuple[str, str]]:
    return [(str(year), str(year)) for year in years]


class InitiativeFilter(django_filters.FilterSet):
    """Filter the initiatives by title, year of decision, scope of effect, use and unit."""

    q = django_filters.CharFilter(
        label=_("Title or decision number"),
        method="filter_q",
        widget=_search_widget(_("e.g. so hoa ho so")),
    )
    year = django_filters.ChoiceFilter(
        label=_("Year of decision"), method="filter_year", empty_label=_("All years")
    )
    scope = django_filters.ChoiceFilter(
        label=_("Scope of effect"), choices=Initiative.Scope.choices, empty_label=_("All")
    )
    used = django_filters.ChoiceFilter(
        label=_("Use"),
        choices=[("unused", _("Not used yet")), ("used", _("Already used"))],
        method="filter_used",
        empty_label=_("All"),
    )
    unit = unit_filter()

    class Meta:
        model = Initiative
        fields = ["q", "year", "scope", "used", "unit"]

    def __init__(self, *args, user, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["year"].extra["choices"] = _year_choices(years)
        self.filters["unit"].queryset = Unit.objects.visible_to(user).order_by("path")

    def filter_q(self, queryset, name, value):
        """Match titles with or without diacritics ("so hoa" finds "số hoá"), or a decision
        number.

        The titles are stored folded (`Initiative.search_title`) and searched by their words,
        the last one begun, through a text-search index on PostgreSQL: folding every title in
        scope in Python on each search took 320 ms at 35,000 initiatives, and a trigram index
        read the thousands of titles sharing the letters of "giai phap". The decision number is
        searched when the text holds a digit, as every decision number does.
        """
        value = (value or "").strip()
        folded = fold(value)
        if not folded:
            return queryset
        return queryset.filter(Q(search_title__words=folded) | selectors.numbered(value))

    def filter_year(self, queryset, name, value):
        return queryset.filter(decision_date__year=int(value)) if value else queryset

    def filter_used(self, queryset, name, value):
        if value == "used":
            return queryset.filter(used_for_award__isnull=False)
        if value == "unused":
            return queryset.filter(used_for_award__isnull=True)
        return queryset

    def filter_unit(self, queryset, name, value):
        return queryset.filter(unit__path__startswith=value.path) if value else queryset


class AwardRecordFilter(django_filters.FilterSet):
    """Filter the consolidated award history."""

    q = django_filters.CharFilter(
        label=_("Name, staff code or decision"),
        method="filter_q",
        widget=_search_widget(_("e.g. Nguyen Van An")),
    )
    year = django_filters.ChoiceFilter(label=_("Year"), empty_label=_("All years"))
    kind = django_filters.ChoiceFilter(
        label=_("Kind"),
        field_name="award__kind",
        choices=Award.Kind.choices,
        empty_label=_("Titles and forms"),
    )
    award = django_filters.ModelChoiceFilter(
        label=_("Award"),
        queryset=Award.objects.all(),
        to_field_name="code",
        empty_label=_("All awards"),
    )
    subject = django_filters.ChoiceFilter(
        label=_("Awarded to"),
        choices=Award.Subject.choices,
        method="filter_subject",
        empty_label=_("People and collectives"),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=AwardRecord.Status.choices, empty_label=_("All")
    )
    source = django_filters.ChoiceFilter(
        label=_("Source"), choices=AwardRecord.Source.choices, empty_label=_("All sources")
    )
    unit = unit_filter()

    class Meta:
        model = AwardRecord
        fields = ["q", "year", "kind", "award", "subject", "status", "source", "unit"]

    def __init__(self, *args, user, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["year"].extra["choices"] = _year_choices(years)
        self.units = Unit.objects.visible_to(user)
        self.filters["unit"].queryset = self.units.order_by("path")

    def filter_q(self, queryset, name, value):
        """Match a person's name with or without diacritics, a staff code, a unit's name or a
        decision number: the search is the rows' own (`selectors.history_list`, given the text
        by `award_record_filter`), which finds the people and the units in scope first."""
        return queryset

    def filter_subject(self, queryset, name, value):
        if value == Award.Subject.PERSON:
            return queryset.filter(person__isnull=False)
        if value == Award.Subject.COLLECTIVE:
            return queryset.filter(unit__isnull=False)
        return queryset

    def filter_unit(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(
            Q(person__unit__path__startswith=value.path) | Q(unit__path__startswith=value.path)
        )


def award_record_filter(user, data) -> AwardRecordFilter:
    """Return the award history's filter for a user: the list page's and its export's, bound to
    the query (`request.GET`, or the query a job was started with)."""
    years = selectors.history_years(timezone.localdate().year)
    text = data.get("q", "") if data else ""
    return AwardRecordFilter(
        data or None, queryset=selectors.history_list(user, text), user=user, years=years
    )


def initiative_filter(user, data) -> InitiativeFilter:
    """Return the initiatives' filter for a user: the list's and its export's, bound to the
    query (`request.GET`, or the query a job was started with), with the years recorded."""
    years = selectors.initiative_years(timezone.localdate().year)
    return InitiativeFilter(
        data or None, queryset=selectors.initiative_list(user), user=user, years=years
    )
