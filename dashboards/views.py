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

    records = summaries.version(summaries.RECORDS)

    def kept(label, compute, *depends_on):
        # An agency-wide figure, counted once until a service writes anything: `compute()` is
        # kept under the agency, the reader's language and what else it `depends_on` (a
        # record by its key). While one reader counts it afresh, others see the last count.
        parts = ":".join(str(getattr(part, "pk", part)) for part in depends_on)
        key = f"{label}:{unit.pk}:{parts}:{get_language()}"
        return summaries.cached(summaries.RECORDS, key, compute, at=records, previous=True)

    years = kept("years", lambda: selectors.years_with_data(unit))
    default = kept("default-year", lambda: selectors.default_year(unit, years))
    default = default or timezone.localdate().year
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
    today = timezone.localdate()
    counted = kept("awards", lambda: selectors.award_counts(unit, year), year)
    context = {
        "agency": unit,
        "year": year,
        "years": years,
        "campaign": campaign,
        "campaigns": campaigns,
        "quarter": quarter,
        "quarters": [(q, selectors.quarter_label(q)) for q in range(1, 5)],
        "quarter_phrase": selectors.quarter_phrase(quarter),
        "quarter_over": selectors.quarter_end(year, quarter) < today,
        # The covenant's progress as it stood at the quarter's end, as of today (late is late).
        "progress": kept(
            "progress",
            lambda: selectors.progress(campaign, quarter, today),
            campaign,
            quarter,
            today,
        ),
        "returned": kept(
            "returned", lambda: selectors.returned(unit, campaign, year), campaign, year
        ),
        "awards_years": selectors.awards_over_years(counted),
        # Counted as the initiative list counts them for this reader: kept under the reader.
        "initiatives": kept(
            "initiatives",
            lambda: selectors.initiatives_by_level(request.user, year),
            request.user,
            year,
        ),
        "registrations": kept("registrations", lambda: selectors.registrations(unit, year), year),
        "nominations": kept("nominations", lambda: selectors.nominations(unit, year), year),
        "awards": selectors.awards(counted),
        "waiting": selectors.waiting_reports(campaign),
        "coming": selectors.coming(unit, campaign),
    }
    return render(request, "dashboards/agency.html", context)
