"""A unit's dashboard: its commitments and what is due this quarter, its registrations, its
nominations and its people's ratings, for those who speak for the unit or oversee it."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from dashboards import unit as selectors
from organizations.access import get_for_user
from organizations.models import Unit
from organizations.routers import reads_from_replica


@login_required
@require_GET
@reads_from_replica
def unit(request, code):
    unit = get_for_user(
        request,
        Unit,
        code=code,
        permission="dashboards.view_unit",
        denied=_(
            "A unit's dashboard is read by its head, the chair of its union, the leadership "
            "and the emulation officer."
        ),
    )
    years = selectors.years_with_data(unit)
    year = selectors.default_year(unit, years) or timezone.localdate().year
    if request.GET.get("year", "").isdigit() and int(request.GET["year"]) in years:
        year = int(request.GET["year"])
    context = {
        "unit": unit,
        "year": year,
        "years": years,
        "commitments": selectors.commitments(unit, year),
    }
    # A union or the Party cell registers and nominates no one: its members do so in their
    # own units, and the lists of an organisation would lead nowhere.
    if not Unit.Kind(unit.kind).is_mass_organisation:
        context["registrations"] = selectors.registrations(unit, year)
        context["nominations"] = selectors.nominations(unit, year)
    # Personal data: the chair of a union reads its organisation's work, not its people's ratings.
    if request.user.has_perm("organizations.view_rating_summary"):
        context["ratings"] = selectors.ratings(unit, year)
    return render(request, "dashboards/unit.html", context)
