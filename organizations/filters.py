"""Filters for the people list (django-filter)."""

import django_filters
from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organizations.models import Person, Unit


class UnitSearchInput(forms.TextInput):
    """A unit chooser that searches as you type, never a list of every unit: the browser offers
    the (at most 20) units of the user's scope that `organizations:unit_suggest` finds for what
    was typed, fetched by htmx into the input's datalist; the value is the unit's code."""

    input_type = "search"
    template_name = "organizations/widgets/unit_search.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget_attrs = context["widget"]["attrs"]
        options = f"{widget_attrs.get('id') or 'id_' + name}-options"
        widget_attrs.update(
            {
                "list": options,
                "autocomplete": "off",
                "placeholder": _("Type a unit's name or code"),
                "hx-get": f"{reverse('organizations:unit_suggest')}?field={name}",
                "hx-trigger": "input changed delay:250ms, focus once",
                "hx-target": f"#{options}",
                "hx-swap": "innerHTML",
                "hx-sync": "this:replace",
            }
        )
        context["widget"]["unit_name"] = self.drawn_for(value)
        return context

    def drawn_for(self, value) -> str | None:
        """The chosen unit's name, shown under its code so the field reads as what was chosen:
        looked up among the units the field offers (a ModelChoiceField hands its widget its
        choices, the user's scope), so another agency's code names nothing."""
        units = getattr(getattr(self, "choices", None), "queryset", None)
        if units is None or not isinstance(value, str) or not value:
            return None
        if getattr(self, "_drawn", (None,))[0] != value:  # read once for the version and the field
            self._drawn = (value, units.filter(code=value).values_list("name", flat=True).first())
        return self._drawn[1]


def unit_filter():
    """A list's filter by unit (the unit and those below it), chosen by searching, of the units
    in the user's scope (the filter set sets `queryset`); the filter set's `filter_unit` filters."""
    return django_filters.ModelChoiceFilter(
        label=_("Unit (with the units below it)"),
        queryset=Unit.objects.none(),
        method="filter_unit",
        to_field_name="code",
        widget=UnitSearchInput,
        error_messages={
            "invalid_choice": _("Pick a unit from the list: type part of its name or its code.")
        },
    )


class PersonFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Name or staff code"),
        method="filter_q",
        widget=forms.TextInput(attrs={"placeholder": _("e.g. Nguyen Van An"), "type": "search"}),
    )
    unit = unit_filter()
    employment_type = django_filters.ChoiceFilter(
        label=_("Employment type"), choices=Person.EmploymentType.choices, empty_label=_("All")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[("active", _("Working")), ("former", _("Left"))],
        method="filter_status",
        empty_label=_("All"),
    )
    missing_rating = django_filters.NumberFilter(
        label=_("No rating for year"), method="filter_missing_rating", min_value=1975
    )

    class Meta:
        model = Person
        fields = ["q", "unit", "employment_type", "status", "missing_rating"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["unit"].queryset = Unit.objects.visible_to(user).order_by("path")
        if not user.has_perm("organizations.view_rating_summary"):
            # Who has no rating tells who has one: a rating is personal data.
            del self.filters["missing_rating"]

    def filter_q(self, queryset, name, value):
        # One condition on the person's own columns, so PostgreSQL reads the name's and the
        # code's indexes together; an `IN (subquery) OR …` read every person.
        return queryset.named(value)

    def filter_unit(self, queryset, name, value):
        return queryset.in_subtree(value) if value else queryset

    def filter_status(self, queryset, name, value):
        today = timezone.localdate()
        if value == "active":
            return queryset.active(today)
        if value == "former":
            return queryset.filter(end_date__lt=today)
        return queryset

    def filter_missing_rating(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.exclude(ratings__year=int(value))
