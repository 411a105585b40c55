"""The emulation officer's December desk: every dossier the units sent, by stage, with how long
each has waited; accept the clean ones in one go, open the rest; the list in Excel."""

import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from awards import selectors
from awards.forms.nominations import OFFICER_ONLY, nomination_desk_filter
from awards.models import Nomination
from awards.services import nominations as services
from organizations.access import require
from organizations.listing import filtered_page, filtered_rows
from organizations.views.jobs import start_export


@login_required
@require_GET
def nomination_desk(request):
    require(request, "awards.review_nominations", denied=OFFICER_ONLY)
    nomination_filter = nomination_desk_filter(request.user, request.GET)
    context = filtered_page(request, nomination_filter)
    today = timezone.localdate()
    for nomination in context["page"].object_list:
        nomination.clean = services.is_clean(nomination)
        if nomination.submitted_at and nomination.state.submitted:
            nomination.waiting_days = (today - timezone.localdate(nomination.submitted_at)).days
    # The filter's data decides the dossiers counted (the default year filled in included).
    asked = nomination_filter.data.urlencode() if nomination_filter.is_bound else ""
    counts = selectors.nomination_stage_counts(
        filtered_rows(nomination_filter),
        key=f"desk:{request.user.pk}:{hashlib.sha256(asked.encode()).hexdigest()}",
    )
    stages = [
        (status, label, counts[status])
        for status, label in Nomination.Status.choices
        if status in counts
    ]
    return render(
        request,
        "awards/nomination_desk.html",
        {**context, "stages": stages, "export_query": request.GET.urlencode()},
    )


@login_required
@require_POST
def nomination_desk_accept(request):
    """Accept the ticked dossiers that are clean; say which were left for a closer look."""
    require(request, "awards.review_nominations", denied=OFFICER_ONLY)
    ticked = request.POST.getlist("nomination")
    nominations = list(
        selectors.nomination_desk(request.user).filter(
            code__in=[code for code in ticked if len(code) == 36]
        )
    )
    accepted, left = services.nominations_accept_clean(actor=request.user, nominations=nominations)
    if accepted:
        messages.success(
            request,
            _("%(count)s dossiers accepted: they can go before the council.")
            % {"count": len(accepted)},
        )
    if left:
        messages.warning(
            request,
            _(
                "%(count)s dossiers were left for you to open: their verdict does not pass, has "
                "unknown data or a justification, or they are no longer awaiting review."
            )
            % {"count": len(left)},
        )
    if not ticked:
        messages.error(request, _("Tick the dossiers to accept."))
    back = reverse("awards:nomination_desk")
    here = request.POST.get("query", "")
    return redirect(f"{back}?{here}" if here else back)


@login_required
@require_POST
def nomination_desk_export(request):
    """Start the export of the desk as it is filtered (the query in `query`) as a job."""
    require(request, "awards.review_nominations", denied=OFFICER_ONLY)
    return start_export(
        request, kind="awards.nomination_desk_export", list_url=reverse("awards:nomination_desk")
    )
