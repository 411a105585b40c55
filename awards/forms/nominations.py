"""Forms and filters of nominations: they parse and validate, the services write."""

import django_filters
from django import forms
from django.db.models import Q
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from awards.models import Award, Nomination, NominationAttachment, NominationList
from awards.selectors import nomination_desk, people_working_in
from campaigns.models import Campaign
from campaigns.uploads import ACCEPTED
from organizations.filters import UnitSearchInput
from organizations.listing import among, with_default_year
from organizations.models import Unit
from organizations.selectors import people_named, units_named
from organizations.vietnamese import fold

FILE_ACCEPT = ",".join(f".{extension}" for extension in ACCEPTED)


def award_choices(subject: str | None = None) -> list[tuple]:
    """Return the active awards as two labelled groups, titles apart from forms of commendation:
    a dossier is for one or the other, and every list shows which."""
    awards = Award.objects.filter(is_active=True).order_by("kind", "rank")
    if subject:
        awards = awards.filter(subject=subject)
    titles = [(award.code, award.name) for award in awards if award.kind == Award.Kind.TITLE]
    forms_ = [(award.code, award.name) for award in awards if award.kind == Award.Kind.FORM]
    return [
        (str(_("Emulation titles")), titles),
        (str(_("Forms of commendation")), forms_),
    ]


class NominateForm(forms.Form):
    """Nominate someone the registrations do not list: a one-off feat, a form of commendation."""

    nominee = forms.ChoiceField(label=_("Nominee"))
    award = forms.ModelChoiceField(
        label=_("Title or form of commendation"),
        queryset=Award.objects.filter(is_active=True),
        to_field_name="code",
    )
    kind = forms.ChoiceField(
        label=_("Kind of commendation"),
        choices=Nomination.Kind.choices,
        initial=Nomination.Kind.YEARLY,
    )

    def __init__(self, *args, unit: Unit, year: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.unit = unit
        people = list(people_working_in(unit, year).order_by("sort_key", "id"))
        self.people = {f"p-{person.code}": person for person in people}
        self.fields["nominee"].choices = [
            (f"u-{unit.code}", _("The collective: %(unit)s") % {"unit": unit.name}),
            *((key, person.full_name) for key, person in self.people.items()),
        ]
        self.fields["award"].widget.choices = award_choices()

    def nominee_fields(self) -> dict:
        """Return the service's nominee argument: {"person": …} or {"unit": …}."""
        key = self.cleaned_data["nominee"]
        if key in self.people:
            return {"person": self.people[key]}
        return {"unit": self.unit}


class NominationEditForm(forms.Form):
    achievement_report = forms.CharField(
        label=_("Achievement report"),
        widget=forms.Textarea(attrs={"rows": 18}),
        help_text=_(
            "Drafted from the year's record: the covenant's commitments and how they ended, the "
            "ratings, initiatives and earlier awards. Complete it, print it, have it signed."
        ),
    )
    justification = forms.CharField(
        label=_("Justification"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Required when the verdict does not pass: why the unit proposes it anyway."),
    )
    kind = forms.ChoiceField(label=_("Kind of commendation"), choices=Nomination.Kind.choices)
    campaign = forms.ModelChoiceField(
        label=_("Campaign"),
        queryset=Campaign.objects.none(),
        to_field_name="code",
        required=False,
        help_text=_("For a campaign or thematic commendation."),
    )
    initiatives = forms.ModelMultipleChoiceField(
        label=_("Initiatives it rests on"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, campaigns, initiatives, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = campaigns
        self.fields["initiatives"].queryset = initiatives

    @classmethod
    def initial_for(cls, nomination: Nomination) -> dict:
        return {
            "achievement_report": nomination.achievement_report,
            "justification": nomination.justification,
            "kind": nomination.kind,
            "campaign": nomination.campaign.code if nomination.campaign_id else None,
            "initiatives": list(nomination.initiatives.all()),
        }


class SignedReportForm(forms.Form):
    signed_report = forms.FileField(
        label=_("Signed achievement report"),
        widget=forms.ClearableFileInput(attrs={"accept": FILE_ACCEPT}),
        help_text=_("The printed report signed by the head of the unit: a PDF or a scan."),
    )


class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=NominationAttachment.Kind.choices)
    file = forms.FileField(
        label=_("File"), widget=forms.ClearableFileInput(attrs={"accept": FILE_ACCEPT})
    )


class NominationReturnForm(forms.Form):
    # Not required here: the service refuses an empty comment with a message that says why.
    comment = forms.CharField(
        label=_("What should the unit change?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )


class NominationAcceptForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment (optional)"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class DossierFilter(django_filters.FilterSet):
    """Find dossiers by the nominee's name, the unit that sent them (with the units below it) and
    the award: the council's list of dossiers to place on an agenda; the desk adds the rest."""

    q = django_filters.CharFilter(label=_("Name"), method="filter_name")
    unit = django_filters.CharFilter(
        label=_("Unit (with the units below it)"), method="filter_unit", widget=UnitSearchInput
    )
    # The active awards in two labelled groups, as the nomination form offers them; the choices
    # are read when the form is (a callable), so a new title in the catalogue is offered at once.
    award = django_filters.ChoiceFilter(
        label=_("Award"), field_name="award__code", choices=award_choices, empty_label="—"
    )

    class Meta:
        model = Nomination
        fields = []

    def filter_unit(self, queryset, name, value):
        unit = Unit.objects.filter(code=value.strip()).first()
        if unit is None:
            return queryset.none()
        return queryset.filter(nomination_list__unit__path__startswith=unit.path)

    def filter_name(self, queryset, name, value):
        folded = fold(value or "")
        if not folded:
            return queryset
        # The people and units first, through their own indexes; the dossiers then by theirs
        # (organizations.selectors.people_named).
        units = units_named(Unit.objects.all(), value)
        return queryset.filter(among("person", people_named(value)) | among("unit", units))


class NominationFilter(DossierFilter):
    """The officer's desk: narrow the dossiers down by year, unit, award, stage and verdict."""

    year = django_filters.ChoiceFilter(label=_("Year"), empty_label=_("All years"))
    campaign = django_filters.ModelChoiceFilter(
        label=_("Campaign"),
        field_name="campaign",
        queryset=Campaign.objects.none(),
        to_field_name="code",
        empty_label="—",
    )
    status = django_filters.ChoiceFilter(
        label=_("Stage"), choices=Nomination.Status.choices, empty_label="—"
    )
    verdict = django_filters.ChoiceFilter(
        label=_("Verdict"), choices=Nomination.Verdict.choices, empty_label="—"
    )
    overridden = django_filters.BooleanFilter(
        label=_("Sent despite the verdict"),
        method="filter_overridden",
        widget=forms.Select(choices=[("", "—"), ("true", _("Yes")), ("false", _("No"))]),
    )

    def __init__(self, *args, user, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["year"].extra["choices"] = [(str(year), str(year)) for year in years]
        self.filters["campaign"].queryset = Campaign.objects.visible_to(user)

    def filter_overridden(self, queryset, name, value):
        if value is None:
            return queryset
        overridden = Q(verdict__in=[Nomination.Verdict.FAIL, Nomination.Verdict.UNKNOWN])
        return queryset.filter(overridden) if value else queryset.exclude(overridden)


OFFICER_ONLY = _("Only the emulation officer reviews dossiers.")


def nomination_desk_filter(user, data) -> NominationFilter:
    """Return the desk's filter for a user: the page's and its export's, bound to the query
    (`request.GET`, or the query a job was started with), on the latest year units sent lists
    for unless the query names a year (or all of them). The years are the lists', a few rows a
    unit, not the dossiers'."""
    years = list(
        NominationList.objects.visible_to(user)
        .filter(status=NominationList.Status.SUBMITTED)
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )
    return NominationFilter(
        with_default_year(data or QueryDict(), years) or None,
        queryset=nomination_desk(user),
        user=user,
        years=years or [timezone.localdate().year],
    )
