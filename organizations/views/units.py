"""Pages of units: the tree, a unit's page and its collective rating."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from organizations import selectors, services
from organizations.access import get_for_user
from organizations.forms import UnitRatingForm, add_service_errors
from organizations.models import Membership, Person, Unit
from organizations.views.people import HR_ONLY, record_form_page

UNITS = Unit.objects.select_related("parent")


@login_required
@require_GET
def unit_tree(request):
    """The top of the user's unit tree, two levels deep; a unit's button opens the next."""
    units = selectors.tree_top(request.user)
    shown_parents = {unit.parent_id for unit in units}
    return render(
        request, "organizations/unit_tree.html", {"units": units, "shown_parents": shown_parents}
    )


@login_required
@require_GET
def unit_children(request, code):
    """The units right below one unit of the tree, fetched by htmx when it is opened."""
    unit = get_for_user(request, UNITS, code=code)
    start = request.GET.get("from", "")
    start = int(start) if start.isdigit() else 0
    units = selectors.units_below(request.user, unit, start)
    # The first page answers the unit's button (removed once answered); the next ones answer
    # the "more units" row they replace.
    return render(
        request,
        "organizations/partials/unit_tree_items.html",
        {"units": units, "opened": None if start else unit},
    )


@login_required
@require_GET
def unit_detail(request, code):
    unit = get_for_user(request, UNITS, code=code)
    children = selectors.units_below(request.user, unit)
    people = (
        Person.objects.visible_to(request.user)
        .active()
        .filter(unit=unit)
        .order_by("sort_key", "id")
    )
    members = (
        Membership.objects.filter(organisation=unit, end_date__isnull=True)
        .select_related("person", "person__unit")
        .order_by("role", "person__sort_key")
    )
    return render(
        request,
        "organizations/unit_detail.html",
        {
            "unit": unit,
            "unit_ratings": unit.ratings.order_by("-year"),
            "can_manage": request.user.has_perm("organizations.manage_hr_records"),
            # The unit's commitments and their progress are on its dashboard, for those who read it.
            "can_see_dashboard": request.user.has_perm("dashboards.view_unit", unit),
            "ancestors": Unit.objects.filter(path__in=_ancestor_paths(unit.path))
            .visible_to(request.user)
            .order_by("path"),
            "children": children,
            "people": people,
            "members": members if Unit.Kind(unit.kind).is_mass_organisation else None,
        },
    )


def _ancestor_paths(path: str) -> list[str]:
    parts = path.strip("/").split("/")
    return ["/" + "/".join(parts[:i]) + "/" for i in range(1, len(parts))]


@login_required
def unit_rating_add(request, code):
    unit = get_for_user(
        request, UNITS, permission="organizations.manage_hr_records", denied=HR_ONLY, code=code
    )
    form = UnitRatingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.unit_rating_record(actor=request.user, unit=unit, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The unit rating has been recorded."))
            return redirect(unit)
    return record_form_page(request, subject=unit, form=form, title=_("Record a unit rating"))


@login_required
@require_GET
def unit_suggest(request):
    """The options of a unit chooser (organizations.filters.UnitSearchInput): at most 20 units
    of the user's scope matching what was typed in the field named by `field`."""
    text = request.GET.get(request.GET.get("field", "q"), "")[:100]
    units = selectors.units_matching(request.user, text)
    return render(request, "organizations/partials/unit_options.html", {"units": units})
