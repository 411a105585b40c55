"""Forms of the public posting: they parse and validate, the services write."""

from django import forms
from django.utils.translation import gettext_lazy as _

from awards.models import PostingComment, PostingEntry


class PostingCreateForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    working_days = forms.IntegerField(
        label=_("Working days open to comments"), min_value=1, max_value=60, initial=5
    )


class PostingEditForm(forms.Form):
    """The title, the window and a one-line summary of each entry, while the list is a draft."""

    title = forms.CharField(label=_("Title"), max_length=300)
    working_days = forms.IntegerField(
        label=_("Working days open to comments"), min_value=1, max_value=60
    )

    def __init__(self, *args, entries, **kwargs):
        super().__init__(*args, **kwargs)
        self.entries = list(entries)
        for entry in self.entries:
            self.fields[f"summary_{entry.pk}"] = forms.CharField(
                label=str(entry.nomination),
                max_length=300,
                required=False,
                initial=entry.summary,
            )

    def entry_fields(self):
        return [(entry, self[f"summary_{entry.pk}"]) for entry in self.entries]

    def summaries(self) -> dict:
        return {entry.pk: self.cleaned_data[f"summary_{entry.pk}"] for entry in self.entries}


class CommentForm(forms.ModelForm):
    """A comment from anyone. `website` is a trap for robots: people never see it."""

    website = forms.CharField(required=False, widget=forms.TextInput(attrs={"tabindex": "-1"}))

    class Meta:
        model = PostingComment
        fields = ["author", "entry", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 4, "maxlength": 2000})}

    def __init__(self, *args, posting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entry"].queryset = PostingEntry.objects.filter(posting=posting).select_related(
            "nomination__award", "nomination__person", "nomination__unit"
        )
        self.fields["entry"].empty_label = _("The whole list")
        self.fields["entry"].required = False
        self.fields["entry"].widget.attrs["class"] = "form-select"
        self.fields["text"].max_length = 2000
        self.fields["author"].widget.attrs["maxlength"] = 120

    def clean_website(self):
        if self.cleaned_data.get("website"):
            raise forms.ValidationError(_("This field must stay empty."))
        return ""


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Answer"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )
