"""Forms of the campaign pages: they parse and validate; campaigns.services writes."""

import django_filters
from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from campaigns.models import Campaign, CampaignDocument, Milestone
from campaigns.uploads import ACCEPTED, validate_upload
from organizations.forms import DateInput
from organizations.models import Unit
from organizations.vietnamese import fold

END_BEFORE_START = _("The campaign cannot end before it starts.")


class CampaignFilter(django_filters.FilterSet):
    """Filter the campaign list by year, kind, status and name."""

    q = django_filters.CharFilter(
        label=_("Name"),
        method="filter_q",
        widget=forms.TextInput(attrs={"placeholder": _("e.g. thi dua 2020"), "type": "search"}),
    )
    year = django_filters.ChoiceFilter(
        label=_("Year"), method="filter_year", empty_label=_("All years")
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=Campaign.Kind.choices, empty_label=_("All kinds")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Campaign.Status.choices, empty_label=_("All statuses")
    )

    class Meta:
        model = Campaign
        fields = ["q", "year", "kind", "status"]

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["year"].extra["choices"] = [(str(year), str(year)) for year in years]

    def filter_year(self, queryset, name, value):
        return queryset.filter(start_date__year=int(value)) if value else queryset

    def filter_q(self, queryset, name, value):
        """Match names with or without diacritics ("thi dua" finds "thi đua").

        Names are folded in Python because the table has no folded column; the candidates are
        the campaigns of the user's own agency only, a few dozen a year, read in one query.
        """
        folded = fold(value or "")
        if not folded:
            return queryset
        matches = [pk for pk, title in queryset.values_list("pk", "name") if folded in fold(title)]
        return queryset.filter(pk__in=matches)


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, unit):
        return f"{'— ' * unit.depth}{unit.name}"


class CampaignForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=500)
    kind = forms.ChoiceField(label=_("Kind"), choices=Campaign.Kind.choices)
    organiser = UnitChoiceField(label=_("Organising unit"), queryset=Unit.objects.none())
    parent = forms.ModelChoiceField(
        label=_("Answers the campaign"),
        queryset=Campaign.objects.none(),
        required=False,
        help_text=_("A campaign of this portal that this one answers, if any."),
    )
    parent_title = forms.CharField(
        label=_("Answers an outside movement"),
        max_length=500,
        required=False,
        help_text=_("A provincial or national movement this campaign answers."),
    )
    start_date = forms.DateField(label=_("Start"), widget=DateInput())
    end_date = forms.DateField(label=_("End"), widget=DateInput())
    launch_date = forms.DateField(
        label=_("Launch date"),
        widget=DateInput(),
        required=False,
        help_text=_("Left empty, the day the campaign is launched in the portal."),
    )
    launch_event = forms.CharField(
        label=_("Launch event"),
        max_length=300,
        required=False,
        widget=forms.TextInput(
            attrs={"placeholder": _("e.g. the annual civil-servant conference")}
        ),
    )
    objectives = forms.CharField(
        label=_("Objectives"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )

    def __init__(self, *args, user, campaign=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organiser"].queryset = Unit.objects.visible_to(user).order_by("path")
        parents = Campaign.objects.visible_to(user).order_by("-start_date", "name")
        if campaign is not None and campaign.pk:
            parents = parents.exclude(pk=campaign.pk)
        self.fields["parent"].queryset = parents

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", END_BEFORE_START)
        return cleaned


class FocusAreaForm(forms.Form):
    number = forms.IntegerField(label=_("Number"), min_value=1, max_value=99)
    title = forms.CharField(label=_("Short title"), max_length=200)
    text = forms.CharField(
        label=_("Text"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )


class MilestoneForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DateInput())
    title = forms.CharField(label=_("Title"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind"), choices=Milestone.Kind.choices)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=CampaignDocument.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=300)
    file = forms.FileField(
        label=_("File"),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(f".{e}" for e in ACCEPTED)}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("PDF, DOCX, XLSX, PNG or JPEG, at most %(limit)s.") % {
            "limit": filesizeformat(settings.EVIDENCE_MAX_BYTES)
        }

    def clean_file(self):
        # Checked here for a quick answer, and again by the service that stores it.
        return validate_upload(self.cleaned_data["file"], max_bytes=settings.EVIDENCE_MAX_BYTES)
