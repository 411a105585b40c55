"""Forms of progress reporting and reviews: they parse and validate, services write."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaigns.models import Campaign, Commitment, ProgressReport
from campaigns.uploads import ACCEPTED, validate_upload


def default_period(campaign, today=None) -> str:
    """Return the quarter a report most likely concerns: today's, clamped to the campaign."""
    today = today or timezone.localdate()
    day = min(max(today, campaign.start_date), campaign.end_date)
    return f"Q{(day.month - 1) // 3 + 1}"


class MultipleFileInput(forms.ClearableFileInput):
    """A file box that lets the user pick several files at once."""

    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Accept several uploads and check each by its content (see campaigns.uploads)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget",
            MultipleFileInput(attrs={"accept": ",".join(f".{ext}" for ext in ACCEPTED)}),
        )
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        uploads = [item for item in (data if isinstance(data, list | tuple) else [data]) if item]
        if not uploads:
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return []
        single_clean = super().clean
        errors, cleaned = [], []
        # Every file is checked, so the user learns about all bad files in one go.
        for upload in uploads:
            try:
                cleaned.append(validate_upload(single_clean(upload, initial)))
            except ValidationError as exc:
                errors.extend(exc.messages)
        if errors:
            raise ValidationError(errors)
        return cleaned


class ReportForm(forms.Form):
    """The quick update of one commitment: period, value, status, narrative, evidence."""

    period = forms.ChoiceField(label=_("Period"), choices=ProgressReport.Period.choices)
    value = forms.DecimalField(
        label=_("Value achieved"),
        max_digits=12,
        decimal_places=2,
        required=False,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    done = forms.BooleanField(label=_("Done"), required=False)
    # No status is preselected: saying where a commitment stands is the point of the report.
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", "—"), *ProgressReport.Status.choices]
    )
    narrative = forms.CharField(
        label=_("What was done"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    evidence = MultipleFileField(
        label=_("Evidence files"),
        required=False,
        help_text=_("PDF, Word, Excel or photos; you can pick several files."),
    )

    def __init__(self, *args, commitment: Commitment, **kwargs):
        kwargs.setdefault("prefix", f"c{commitment.pk}")
        super().__init__(*args, **kwargs)
        self.commitment = commitment
        if commitment.measure == Commitment.Measure.YES_NO:
            del self.fields["value"]
        else:
            del self.fields["done"]
            if commitment.unit_label:
                self.fields["value"].label = _("Value achieved (%(unit)s)") % {
                    "unit": commitment.unit_label
                }
            elif commitment.measure == Commitment.Measure.PERCENTAGE:
                self.fields["value"].label = _("Value achieved (%)")

    def clean_value(self):
        value = self.cleaned_data["value"]
        if value is not None and value < 0:
            raise ValidationError(_("The value achieved cannot be negative."))
        if (
            value is not None
            and self.commitment.measure == Commitment.Measure.PERCENTAGE
            and value > 100
        ):
            raise ValidationError(_("A percentage cannot be above 100."))
        return value

    def report_values(self) -> dict:
        """Return the keyword arguments of services.report_submit."""
        data = self.cleaned_data
        if "done" in self.fields:
            value = Decimal(1) if data["done"] else Decimal(0)
        else:
            value = data.get("value")
        return {
            "period": data["period"],
            "status": data["status"],
            "value": value,
            "narrative": data["narrative"].strip(),
            "files": data["evidence"],
        }


class ReviewForm(forms.Form):
    """The officer's decision on a report: accept it, or return it with a comment."""

    ACCEPT, RETURN = "accept", "return"

    decision = forms.ChoiceField(
        choices=[(ACCEPT, _("Accept")), (RETURN, _("Return with a comment"))],
        widget=forms.HiddenInput,
    )
    comment = forms.CharField(
        label=_("Comment to the party"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, report: ProgressReport, **kwargs):
        kwargs.setdefault("auto_id", f"id_r{report.pk}_%s")
        super().__init__(*args, **kwargs)
        self.report = report

    @property
    def accept(self) -> bool:
        return self.cleaned_data["decision"] == self.ACCEPT


class PendingFilterForm(forms.Form):
    """Narrow the review queue to one party and one status; the queue of every campaign, to one
    campaign too."""

    campaign = forms.ModelChoiceField(
        label=_("Campaign"),
        queryset=Campaign.objects.none(),
        to_field_name="code",
        required=False,
        empty_label=_("All open campaigns"),
    )
    party = forms.TypedChoiceField(label=_("Party"), required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), *ProgressReport.Status.choices],
    )

    def __init__(self, *args, units, campaigns=None, **kwargs):
        super().__init__(*args, **kwargs)
        if campaigns is None:
            del self.fields["campaign"]
        else:
            self.fields["campaign"].queryset = campaigns
        self.fields["party"].choices = [("", _("All parties"))] + [
            (unit.pk, unit.name) for unit in units
        ]


class ConclusionsForm(forms.Form):
    """The officer's conclusions on an interim or final review."""

    conclusions = forms.CharField(
        label=_("Conclusions"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("What went well, what fell behind, and what the agency will do about it."),
    )
