"""Forms and filters of registrations: they parse and validate, the services write.

The award fields accept any catalogue entry but offer only the titles that fit: a form of
commendation or a title for the other kind of registrant posted anyway gets the service's
message, which says what is wrong, rather than "select a valid choice".
"""

import django_filters
from django import forms
from django.db.models import F
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from awards.models import Award, Registration, RegistrationList
from awards.selectors import campaigns_for_year, default_campaign, people_working_in
from campaigns.models import Campaign
from organizations import summaries
from organizations.filters import unit_filter
from organizations.listing import among, with_default_year
from organizations.models import Unit
from organizations.selectors import people_named, scope_key, units_named
from organizations.vietnamese import fold


def _award_field(label, subject: str) -> forms.ModelChoiceField:
    field = forms.ModelChoiceField(
        label=label, queryset=Award.objects.all(), to_field_name="code", empty_label=None
    )
    offered = Award.objects.titles().filter(is_active=True, subject=subject).order_by("rank")
    field.widget.choices = [(award.code, award.name) for award in offered]
    return field


def _note_field() -> forms.CharField:
    return forms.CharField(
        label=_("Note"),
        max_length=Registration._meta.get_field("note").max_length,
        required=False,
        help_text=_("Optional: what you aim to achieve, in a few words."),
    )


class SelfRegistrationForm(forms.Form):
    """A person registers the title it aims for in the year shown on the page."""

    def __init__(self, *args, user, year: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["award"] = _award_field(_("Title I aim for"), Award.Subject.PERSON)
        # Any visible campaign is accepted, so the service can say why one does not fit.
        campaign = forms.ModelChoiceField(
            label=_("Campaign"),
            queryset=Campaign.objects.visible_to(user),
            to_field_name="code",
            required=False,
            empty_label=_("No campaign"),
        )
        campaign.widget.choices = [("", _("No campaign"))] + [
            (str(c.code), c.name) for c in campaigns_for_year(user, year)
        ]
        self.fields["campaign"] = campaign
        self.fields["note"] = _note_field()
        default = default_campaign(user, year)
        if default is not None:
            self.initial.setdefault("campaign", str(default.code))


class MemberRegistrationForm(forms.Form):
    """A unit head (or the officer) registers one of the unit's people."""

    def __init__(self, *args, unit: Unit, year: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"] = forms.ModelChoiceField(
            label=_("Person"),
            queryset=people_working_in(unit, year).order_by("sort_key", "id"),
            to_field_name="code",
        )
        self.fields["award"] = _award_field(_("Emulation title"), Award.Subject.PERSON)
        self.fields["note"] = _note_field()


class CollectiveRegistrationForm(forms.Form):
    """A unit head (or the officer) registers the unit's collective title."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["award"] = _award_field(_("Collective title"), Award.Subject.COLLECTIVE)
        self.fields["note"] = _note_field()


class ApproveForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment (optional)"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class ReturnForm(forms.Form):
    # Not required here: the service refuses an empty comment with a message that says why.
    comment = forms.CharField(
        label=_("What should the unit change?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )


class RegistrationFilter(django_filters.FilterSet):
    """The consolidated table's filters; the same filters select the rows of the export."""

    q = django_filters.CharFilter(
        label=_("Name or staff code"),
        method="filter_q",
        widget=forms.TextInput(attrs={"placeholder": _("e.g. Nguyen Van An"), "type": "search"}),
    )
    year = django_filters.ChoiceFilter(
        label=_("Year"), field_name="year", empty_label=_("All years")
    )
    campaign = django_filters.ModelChoiceFilter(
        label=_("Campaign"),
        queryset=Campaign.objects.none(),
        field_name="registration_list__campaign",
        to_field_name="code",
        empty_label=_("All campaigns"),
    )
    unit = unit_filter()
    award = django_filters.ModelChoiceFilter(
        label=_("Emulation title"),
        queryset=Award.objects.titles().order_by("subject", "rank"),
        to_field_name="code",
        empty_label=_("All titles"),
    )
    subject = django_filters.ChoiceFilter(
        label=_("Registrant"),
        choices=Award.Subject.choices,
        method="filter_subject",
        empty_label=_("Persons and collectives"),
    )
    status = django_filters.ChoiceFilter(
        label=_("List status"),
        choices=RegistrationList.Status.choices,
        field_name="registration_list__status",
        empty_label=_("All"),
    )

    class Meta:
        model = Registration
        fields = ["q", "year", "campaign", "unit", "award", "subject", "status"]

    def __init__(self, *args, user, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.filters["year"].extra["choices"] = [(str(year), str(year)) for year in years]
        self.filters["unit"].queryset = Unit.objects.visible_to(user).order_by("path")
        self.filters["campaign"].queryset = Campaign.objects.visible_to(user).order_by(
            "-start_date", "name"
        )
        # Every choice is a title: the name alone reads better than "name (Emulation title)".
        self.form.fields["award"].label_from_instance = lambda award: award.name

    def filter_q(self, queryset, name, value):
        """Match a person's name or a unit's name, with or without diacritics, or a staff code."""
        value = (value or "").strip()
        folded = fold(value)
        if not folded:
            return queryset
        # The people and units first, through their own indexes; the registrations then by
        # theirs (organizations.selectors.people_named).
        units = units_named(Unit.objects.visible_to(self.user), value)
        return queryset.filter(among("person", people_named(value)) | among("unit", units))

    def filter_unit(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(registration_list__unit__path__startswith=value.path)

    def filter_subject(self, queryset, name, value):
        if value == Award.Subject.PERSON:
            return queryset.filter(person__isnull=False)
        if value == Award.Subject.COLLECTIVE:
            return queryset.filter(unit__isnull=False)
        return queryset


TABLE_READERS = _(
    "The emulation officer, the leadership and unit heads see the consolidated table."
)


def registration_table_rows(user):
    """Return the registrations the user sees, in the order of the table and of its export."""
    return (
        Registration.objects.visible_to(user)
        # The joins the order needs; the rest are fetched for the page's rows alone (planning
        # a join of eight tables costs PostgreSQL more than reading the page does).
        .select_related("award", "person", "registration_list__unit")
        .prefetch_related("unit", "registration_list__campaign", "registered_by__person")
        .order_by(
            "-year",
            "registration_list__unit__path",
            # The collective's own entry first, then its people in Vietnamese name order.
            F("person__sort_key").asc(nulls_first=True),
            "award__rank",
            "pk",
        )
    )


def registration_table_filter(user, data) -> RegistrationFilter:
    """Return the consolidated table's filter for a user: the page's and its export's, bound to
    the query (`request.GET`, or the query a job was started with), on the latest year of its
    lists unless the query names a year (or all of them)."""
    # Kept until anything is written (every service records an event), as the dashboards'
    # figures: the distinct years of every list in scope read 8,400 lists at 300,000 people.
    years = summaries.cached(
        summaries.RECORDS,
        f"registration-years:{scope_key(user)}",
        lambda: list(
            RegistrationList.objects.visible_to(user)
            .order_by("-year")
            .values_list("year", flat=True)
            .distinct()
        ),
    )
    return RegistrationFilter(
        with_default_year(data or QueryDict(), years) or None,
        queryset=registration_table_rows(user),
        user=user,
        years=years,
    )
