"""The portal's own pages above the apps: home and the health check."""

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_safe

from awards import selectors as awards_selectors
from campaigns import selectors as campaign_selectors
from dashboards import unit as unit_dashboard
from organizations import selectors
from organizations.scope import person_of


@login_required
@require_GET
def home(request):
    """Tell the signed-in person what to do next, by the rights it holds."""
    user = request.user
    person = person_of(user)
    last_year = timezone.localdate().year - 1
    context = {"person": person, "last_year": last_year}
    if user.has_perm("organizations.view_rating_summary"):
        year = selectors.latest_rating_year(user, default=last_year)
        context["ratings"] = selectors.rating_summary(user, year)
    if user.has_perm("campaigns.review_reports"):
        context["reports_to_review"] = campaign_selectors.reports_awaiting_review(user)
    if user.has_perm("awards.review_nominations"):
        context["desk"] = awards_selectors.nomination_stage_counts(
            awards_selectors.nomination_desk(user),
            stages=["submitted", "accepted"],
            key=f"home:{user.pk}",
        )
    if user.has_perm("awards.view_council"):
        context["ballots_due"] = list(awards_selectors.sessions_awaiting(user)[:5])
        context["sessions"] = list(awards_selectors.sessions_in_progress(user)[:5])
    if user.has_perm("organizations.chair_union"):
        context["chaired"] = selectors.chaired_organisations(person)
    if person is not None:
        context["my_ratings"] = person.ratings.order_by("-year")[:3]
        context["todo"] = unit_dashboard.todo(user, person)
    return render(request, "emulation/home.html", context)


@never_cache
@require_safe
def healthz(request):
    """Answer 200 when the database answers: for load balancers and uptime checks."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")
