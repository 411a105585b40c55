"""Forms of the submissions to the province: they parse and validate, the services write."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from awards.models import Nomination, Submission
from organizations.forms import DateInput
from organizations.models import Person


class NomineeChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, nomination):
        return f"{nomination.nominee_name} – {nomination.award.name}"


class SubmissionCreateForm(forms.Form):
    """The posting a submission is prepared from (a hidden field of the posting's page)."""

    posting = forms.UUIDField(widget=forms.HiddenInput)


class SubmissionEditForm(forms.Form):
    title = forms.CharField(label=_("On (trích yếu)"), max_length=300)
    addressee = forms.CharField(
        label=_("To (kính gửi)"),
        max_length=300,
        help_text=_("Who decides: “Chủ tịch Ủy ban nhân dân tỉnh Lạng Sơn”."),
    )
    place = forms.CharField(
        label=_("Place"), max_length=100, help_text=_("As the date line reads: “Lạng Sơn”.")
    )
    signed_on = forms.DateField(label=_("Date signed"), widget=DateInput())
    signer = forms.ModelChoiceField(
        label=_("Signer"), queryset=Person.objects.none(), empty_label=None
    )
    nominations = NomineeChoice(
        label=_("Nominees"),
        queryset=Nomination.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, signers, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["signer"].queryset = signers
        self.fields["signer"].label_from_instance = lambda person: (
            f"{person.full_name} – {person.position}"
        )
        self.fields["nominations"].queryset = candidates


class SubmissionReturnForm(forms.Form):
    returned_note = forms.CharField(
        label=_("What the province asks for"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
    )


class SubmissionRecordForm(forms.Form):
    """The province's decision: its number, date and issuer, and whom it awards."""

    decision_number = forms.CharField(
        label=_("Decision number"),
        max_length=64,
        help_text=_("As the decision reads: “1520/QĐ-UBND”."),
    )
    decision_date = forms.DateField(label=_("Decision date"), widget=DateInput())
    decision_issuer = forms.CharField(
        label=_("Issued by"),
        max_length=300,
        initial="Chủ tịch Ủy ban nhân dân tỉnh",
    )
    awarded = NomineeChoice(
        label=_("Awarded by the decision"),
        queryset=Nomination.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Untick a nominee the province did not award: the dossier reads so."),
    )

    def __init__(self, *args, submission: Submission, nominees, **kwargs):
        super().__init__(*args, **kwargs)
        self.submission = submission
        self.fields["awarded"].queryset = nominees
        if not self.is_bound:
            self.initial.setdefault("awarded", [nomination.pk for nomination in nominees])
            self.initial.setdefault("decision_issuer", submission.addressee)

    def clean_decision_date(self):
        day = self.cleaned_data["decision_date"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("A decision cannot be dated in the future."))
        return day
