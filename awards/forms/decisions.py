"""Forms of decisions on commendation: the draft's wording, signer and awardees; the registry's
filters."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from awards import selectors
from awards.models import AwardRecord, Decision
from organizations.forms import DateInput
from organizations.listing import among, keys_or_rows
from organizations.models import Person, Unit
from organizations.selectors import people_named, units_named
from organizations.vietnamese import fold


class DecisionEditForm(forms.Form):
    title = forms.CharField(label=_("On (trích yếu)"), max_length=300)
    place = forms.CharField(
        label=_("Place"), max_length=100, help_text=_("As the date line reads: “Lạng Sơn”.")
    )
    signed_on = forms.DateField(label=_("Date signed"), widget=DateInput())
    signer = forms.ModelChoiceField(
        label=_("Signer"), queryset=Person.objects.none(), empty_label=None
    )
    base_salary = forms.DecimalField(
        label=_("Base salary (VND)"),
        required=False,
        min_value=0,
        max_digits=12,
        decimal_places=0,
        help_text=Decision._meta.get_field("base_salary").help_text,
    )
    bases = forms.CharField(
        label=_("Legal bases (căn cứ)"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One basis per line."),
    )
    recipients = forms.CharField(
        label=_("Recipients (nơi nhận)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One recipient per line."),
    )

    def __init__(self, *args, signers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["signer"].queryset = signers
        self.fields["signer"].label_from_instance = lambda person: (
            f"{person.full_name} – {person.position}"
        )


class DecisionFilter(django_filters.FilterSet):
    """Filter the registry by number, awardee's name or unit, year and (for the officer) stage."""

    q = django_filters.CharFilter(
        label=_("Number, awardee or unit"),
        method="filter_q",
        widget=forms.TextInput(
            attrs={"placeholder": _("e.g. 15/QĐ or Nguyen Van An"), "type": "search"}
        ),
    )
    year = django_filters.ChoiceFilter(label=_("Year"), empty_label=_("All years"))
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Decision.Status.choices, empty_label=_("All")
    )

    class Meta:
        model = Decision
        fields = ["q", "year", "status"]

    def __init__(self, *args, years=(), show_status=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["year"].extra["choices"] = [(str(year), str(year)) for year in years]
        if not show_status:
            del self.filters["status"]

    def filter_q(self, queryset, name, value):
        """Match the number and symbol, or an awardee's name (with or without diacritics) or
        unit. The awardees are looked up first, from the people and units that match through
        the award records' indexes, and their decisions read as a list: no scan of every award
        for each decision (docs/performance.md, "Decisions")."""
        value = (value or "").strip()
        folded = fold(value)
        if not folded:
            return queryset
        # Each is looked up once (organizations.selectors.people_named, units_named), its keys
        # then used by the three queries below; a name so common that more people match than
        # a list holds stays a subquery.
        people = people_named(value)
        units = units_named(Unit.objects.all(), value)
        awarded = AwardRecord.objects.filter(decision__isnull=False).order_by()
        ids = set(
            awarded.filter(among("person", people)).values_list("decision_id", flat=True).distinct()
        )
        ids |= set(
            awarded.filter(among("unit", units)).values_list("decision_id", flat=True).distinct()
        )
        drafted = Decision.nominations.through.objects.filter(
            among("nomination__person", people) | among("nomination__unit", units),
            decision__status=Decision.Status.DRAFT,
        )
        ids |= set(drafted.order_by().values_list("decision_id", flat=True).distinct())
        # The number (when the text holds a digit, as every number does) and the title's words
        # through their own indexes, apart from the scope's join: beside it PostgreSQL scanned
        # every decision, upper-casing each title (7 ms at 4,000), and a trigram index of the
        # titles, which share most of their letters, read them all (8 ms).
        worded = keys_or_rows(
            Decision.objects.filter(
                selectors.numbered(value, "symbol") | Q(search_title__words=folded)
            )
        )
        if isinstance(worded, list):
            return queryset.filter(among("pk", sorted(ids.union(worded))))
        return queryset.filter(among("pk", sorted(ids)) | among("pk", worded))


def decision_filter(user, data) -> DecisionFilter:
    """Return the registry's filter for a user: the list page's and its export's, bound to the
    query (`request.GET`, or the query a job was started with), with the years in reach and
    the stage for the officer only."""
    decisions = selectors.decision_registry(user)
    years = selectors.decision_years(timezone.localdate().year)
    return DecisionFilter(
        data or None,
        queryset=decisions.select_related("agency", "signer").order_by(
            "-signed_on", "-number", "-pk"
        ),
        years=years,
        show_status=user.has_perm("awards.manage_decisions"),
    )


# Who may print a decision's certificates; what a job printing them says if the decision has
# gone out of its owner's reach, or has nothing to print.
CERTIFICATE_PRINTERS = _("Only the emulation officer prints a decision's certificates.")
DECISION_GONE = _("You may no longer read this decision.")
NO_CERTIFICATE = _("This decision has no certificate to print yet.")


class SequenceContinueForm(forms.Form):
    """Where the portal's numbering of decisions picks up a register kept on paper."""

    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    last_number = forms.IntegerField(
        label=_("Last number used on paper"),
        min_value=0,
        max_value=99999,
        help_text=_("The portal's next decision of that year takes the number after it."),
    )


class DecisionIssueForm(forms.Form):
    """The day the signer signed the paper, given as the officer issues it."""

    signed_on = forms.DateField(label=_("Date signed"), widget=DateInput())
