"""Forms of the council: they parse and validate, the services write."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from awards.models import Ballot, CouncilMember
from organizations.models import FIRST_RECORD_YEAR, LAST_RECORD_YEAR, Person

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CouncilForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=300,
        initial="Hội đồng Thi đua - Khen thưởng",
    )
    decision = forms.CharField(
        label=_("Established by"),
        max_length=200,
        required=False,
        help_text=_("The decision that set up the council, e.g. Quyết định số 12/QĐ-SKHCN."),
    )
    term_start = forms.DateField(label=_("Term starts"), widget=DATE_INPUT)
    term_end = forms.DateField(label=_("Term ends"), widget=DATE_INPUT, required=False)

    def clean(self):
        data = super().clean()
        start, end = data.get("term_start"), data.get("term_end")
        if start and end and end < start:
            self.add_error("term_end", _("The term ends before it starts."))
        return data


class MemberAddForm(forms.Form):
    """Seat a person, found by its staff code (the people list finds the code)."""

    person = forms.CharField(
        label=_("Staff code"),
        max_length=32,
        help_text=_("The code shown on the person's page, e.g. SKHCN007."),
    )
    role = forms.ChoiceField(
        label=_("Role"), choices=CouncilMember.Role.choices, initial=CouncilMember.Role.MEMBER
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.people = people

    def clean_person(self):
        code = self.cleaned_data["person"].strip()
        person = self.people.filter(code__iexact=code).first()
        if person is None:
            raise forms.ValidationError(
                _("No person with the code %(code)s works in the agency.") % {"code": code}
            )
        return person


class MemberChangeForm(forms.Form):
    role = forms.ChoiceField(
        label=_("Role"),
        choices=CouncilMember.Role.choices,
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )
    is_active = forms.BooleanField(
        label=_("Sitting"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )


class SessionForm(forms.Form):
    year = forms.IntegerField(
        label=_("Year considered"), min_value=FIRST_RECORD_YEAR, max_value=LAST_RECORD_YEAR
    )
    day = forms.DateField(label=_("Date"), widget=DATE_INPUT)
    time = forms.TimeField(
        label=_("Time"), widget=forms.TimeInput(attrs={"type": "time"}), initial="08:00"
    )
    place = forms.CharField(label=_("Place"), max_length=300)

    def starts_at(self):
        moment = datetime.datetime.combine(self.cleaned_data["day"], self.cleaned_data["time"])
        return timezone.make_aware(moment)


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the choice"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


NO_BALLOT = "none"


class BallotForm(forms.Form):
    """A ballot paper: agree or disagree on every item of the session. A written vote entered
    from paper may also record an item left blank ("no ballot returned")."""

    def __init__(self, *args, items, written=False, absent=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(items)
        choices = list(Ballot.Choice.choices)
        if written:
            choices.append((NO_BALLOT, _("No ballot returned")))
            self.fields["member"] = forms.ModelChoiceField(
                label=_("Absent member"),
                queryset=CouncilMember.objects.filter(pk__in=[m.pk for m in absent]),
                empty_label=_("Choose the member whose paper this is"),
            )
        for item in self.items:
            self.fields[f"item_{item.pk}"] = forms.ChoiceField(
                label=f"{item.position}. {item.nominee_name} – {item.award_name}",
                choices=choices,
                widget=forms.RadioSelect,
                required=False,
            )

    def item_fields(self):
        return [(item, self[f"item_{item.pk}"]) for item in self.items]

    def choices(self) -> dict:
        """Return {item pk: choice} of the marked items (the service refuses a missing one)."""
        return {
            item.pk: self.cleaned_data.get(f"item_{item.pk}")
            for item in self.items
            if self.cleaned_data.get(f"item_{item.pk}")
        }


def agency_people(agency):
    return Person.objects.filter(unit__path__startswith=agency.path)
