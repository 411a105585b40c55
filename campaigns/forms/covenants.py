"""Forms of the covenant pages: they parse and validate input, the services write."""

from decimal import Decimal

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from campaigns.models import Commitment, Covenant
from organizations.filters import UnitSearchInput
from organizations.forms import DateInput
from organizations.models import Person, Unit
from organizations.scope import agency_root_path
from organizations.selectors import default_representative, possible_representatives


class CovenantForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=500)
    signing_date = forms.DateField(label=_("Signing date"), widget=DateInput())
    signing_place = forms.CharField(label=_("Signing place"), max_length=200)


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, person):
        details = ", ".join(part for part in (person.position, person.unit.name) if part)
        return f"{person.full_name} ({details})"


class PartyForm(forms.Form):
    unit = forms.ModelChoiceField(
        label=_("Unit"),
        queryset=Unit.objects.none(),
        to_field_name="code",
        widget=UnitSearchInput,
        error_messages={
            "invalid_choice": _(
                "Pick a unit of the agency that is not a party yet: type part of its name or "
                "its code and choose it from the list."
            )
        },
    )
    representative = PersonChoiceField(
        label=_("Representative"),
        queryset=Person.objects.none(),
        required=False,
        help_text=_(
            "The person who signs for the unit. Leave empty to take the unit's head (the chair "
            "for a union, the leadership for the leadership board)."
        ),
    )

    def __init__(self, *args, covenant: Covenant, **kwargs):
        super().__init__(*args, **kwargs)
        agency_path = agency_root_path(covenant.campaign.organiser.path)
        self.fields["unit"].queryset = (
            Unit.objects.filter(path__startswith=agency_path, is_active=True)
            .exclude(path=agency_path)
            .exclude(pk__in=covenant.parties.values("unit_id"))
            .order_by("path")
        )
        # The people of the unit chosen (a union's members), not the whole agency's.
        unit = self.chosen_unit()
        self.fields["representative"].queryset = (
            possible_representatives(unit) if unit is not None else Person.objects.none()
        )
        if unit is None:
            self.fields["representative"].help_text = _(
                "Choose the unit first: its people are then offered, its head (a union's chair, "
                "the leadership for the board) chosen already."
            )
        # Choosing a unit fetches the form again, named under its code and with its default
        # representative (htmx keeps the focus in the field); an element of its own listens, so
        # the unit field, which fetches its suggestions, inherits none of this.
        self.refresh_attrs = {
            "hx-get": reverse("campaigns:party_add", args=[covenant.code]),
            "hx-trigger": "change from:#id_unit",
            "hx-include": "#id_unit",
            "hx-target": "#party-form",
            "hx-select": "#party-form",
            "hx-swap": "outerHTML",
        }

    def chosen_unit(self) -> Unit | None:
        """The unit posted, or proposed in the query (`initial`), among those offered."""
        raw = self.data.get("unit") if self.is_bound else self.initial.get("unit")
        code = str(raw or "").strip()
        return self.fields["unit"].queryset.filter(code=code).first() if code else None

    def clean(self):
        cleaned = super().clean()
        unit = cleaned.get("unit")
        if unit is not None and cleaned.get("representative") is None:
            cleaned["representative"] = default_representative(unit)
            if cleaned["representative"] is None:
                self.add_error(
                    "representative",
                    _("No one was found to sign for %(unit)s; choose the representative.")
                    % {"unit": unit},
                )
        return cleaned


class SignForm(forms.Form):
    """A signature is given in person: the signer types their password again, so a session left
    open on a desk signs nothing."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("To confirm that you, and no one at your desk, sign."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("This is not your password; nothing was signed."))
        return password


class QuantityField(forms.DecimalField):
    """A decimal typed the Vietnamese way ("12,5") or the English way ("12.5").

    A text box rather than type=number, which some browsers refuse to fill with a comma.
    """

    widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace(" ", "")
            if "," in value and "." not in value:
                value = value.replace(",", ".")
        return super().to_python(value)


class CommitmentForm(forms.Form):
    focus_area = forms.ModelChoiceField(label=_("Focus area"), queryset=None)
    text = forms.CharField(label=_("Commitment"), widget=forms.Textarea(attrs={"rows": 2}))
    measure = forms.ChoiceField(
        label=_("Measure"), choices=Commitment.Measure.choices, initial=Commitment.Measure.NUMBER
    )
    unit_label = forms.CharField(
        label=_("Unit of measure"),
        max_length=50,
        required=False,
        help_text=_("For example: initiatives, dossiers, %."),
    )
    baseline = QuantityField(label=_("Baseline"), max_digits=12, decimal_places=2, required=False)
    target = QuantityField(
        label=_("Target"),
        max_digits=12,
        decimal_places=2,
        required=False,
        help_text=_("For a yes/no commitment, leave empty: the target is “done”."),
    )
    due_date = forms.DateField(label=_("Due date"), widget=DateInput())

    def __init__(self, *args, campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["focus_area"].queryset = campaign.focus_areas.order_by("number")

    @classmethod
    def initial_for(cls, commitment: Commitment) -> dict:
        return {
            "focus_area": commitment.focus_area_id,
            "text": commitment.text,
            "measure": commitment.measure,
            "unit_label": commitment.unit_label,
            "baseline": _plain(commitment.baseline),
            "target": _plain(commitment.target),
            "due_date": commitment.due_date,
        }

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("target") is None and "target" not in self.errors:
            if cleaned.get("measure") == Commitment.Measure.YES_NO:
                cleaned["target"] = Decimal(1)
            elif cleaned.get("measure"):
                self.add_error("target", _("Enter the target."))
        return cleaned


def _plain(value):
    """Show 100.00 as 100 and 12.50 as 12.5 in the edit form."""
    if value is None:
        return None
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text
