"""The agency dashboard: where the year's emulation stands, for the leadership and the officer."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from dashboards import selectors
from organizations import summaries
from organizations.access import require
from organizations.routers import reads_from_replica
from organizations.selectors import own_agency


def _int(value, default):
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


@login_required
@require_GET
@reads_from_replica
def agency(request):
    require(
        request,
        "dashboards.view_agency",
        denied=_("Only the leadership and the emulation officer read the agency's dashboard."),
    )
    unit = own_agency(request.user)
    if unit is None:
        return render(request, "dashboards/agency.html", {"agency": None})

    def kept(label, compute, *args):
        # The agency-wide figures, counted once until a service writes anything.
        key = f"{label}:{unit.pk}:{':'.join(map(str, args))}:{get_language()}"
        return summaries.cached(summaries.RECORDS, key, lambda: compute(unit, *args))

    years = kept("years", selectors.years_with_data)
    default = years[0] if years else timezone.localdate().year
    year = _int(request.GET.get("year"), default)
    if year not in years:
        year = default
    campaigns = list(selectors.campaigns_of(unit, year))
    campaign = next(
        (c for c in campaigns if str(c.code) == request.GET.get("campaign")),
        campaigns[0] if campaigns else None,
    )
    reported = selectors.reported_quarters(campaign)
    quarter = selectors.default_quarter(year, reported)
    # The quarter chosen for another year (the form sends both) gives way to the new year's.
    chosen_for = request.GET.get("shown_year", str(year))
    if _int(request.GET.get("quarter"), 0) in range(1, 5) and chosen_for == str(year):
        quarter = int(request.GET["quarter"])
    counted = kept("awards", selectors.award_counts, year)
    shown = (campaign.pk if campaign else "", year)
    context = {
        "agency": unit,
        "year": year,
        "years": years,
        "campaign": campaign,
        "campaigns": campaigns,
        "quarter": quarter,
        "quarters": [(q, selectors.quarter_label(q)) for q in range(1, 5)],
        "quarter_phrase": selectors.quarter_phrase(quarter),
        "quarter_over": selectors.quarter_end(year, quarter) < timezone.localdate(),
        # The covenant's progress as it stood at the quarter's end, as of today (late is late).
        "progress": kept(
            "progress",
            lambda _agency, *_key: selectors.progress(campaign, quarter),
            *shown,
            quarter,
            timezone.localdate(),
        ),
        "returned": kept(
            "returned", lambda agency, *_key: selectors.returned(agency, campaign, year), *shown
        ),
        "awards_years": selectors.awards_over_years(counted),
        # Counted as the initiative list counts them for this user: kept under the user.
        "initiatives": kept(
            "initiatives",
            lambda _agency, *_key: selectors.initiatives_by_level(request.user, year),
            request.user.pk,
            year,
        ),
        "registrations": kept("registrations", selectors.registrations, year),
        "nominations": kept("nominations", selectors.nominations, year),
        "awards": selectors.awards(counted),
        "waiting": selectors.waiting_reports(campaign),
        "coming": selectors.coming(unit, campaign),
    }
    return render(request, "dashboards/agency.html", context)
