"""Progress: the party's screen with a quick update form per commitment, evidence files and
the emulation officer's review queue."""

from collections import Counter
from itertools import groupby

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from campaigns import selectors, services
from campaigns.forms.progress import PendingFilterForm, ReportForm, ReviewForm, default_period
from campaigns.models import Campaign, Commitment, Evidence, Party, ProgressReport
from campaigns.views.charts import progress_row, status_labels
from organizations.access import get_for_user, require, require_action
from organizations.forms import add_service_errors
from organizations.workflow import can

PARTIES = Party.objects.select_related("covenant__campaign", "unit", "representative")
REPORTS = ProgressReport.objects.select_related(
    "commitment__party__covenant__campaign", "commitment__party__unit"
)
REVIEWER_ONLY = gettext_lazy("Only the emulation officer reviews progress reports.")


# The party's screen


def _blank_form(commitment, period) -> ReportForm:
    """Return the quick form for a commitment, filled from the period's report if it can change."""
    initial = {"period": period}
    existing = commitment.reports_by_period.get(period)
    if existing is not None and existing.review != ProgressReport.Review.ACCEPTED:
        initial.update(
            status=existing.status,
            value=existing.value,
            done=existing.value == 1,
            narrative=existing.narrative,
        )
    return ReportForm(initial=initial, commitment=commitment)


def _attach_forms(commitments, *, can_report, period, bound=None) -> None:
    bound = bound or {}
    for commitment in commitments:
        commitment.form = bound.get(commitment.pk)
        if commitment.form is None and can_report:
            commitment.form = _blank_form(commitment, period)


def _party_summary(commitments, labels) -> dict:
    """Count the party's commitments by their latest status, for the bar at the top."""
    counts = Counter(
        commitment.latest_report.status if commitment.latest_report else selectors.NOT_REPORTED
        for commitment in commitments
    )
    return progress_row(selectors.Tally(label="", counts=counts), labels)


def _render_party(request, party, *, bound=None):
    campaign = party.covenant.campaign
    commitments = selectors.party_reports(party)
    can_report = can(request.user, party, "report_progress")
    _attach_forms(commitments, can_report=can_report, period=default_period(campaign), bound=bound)
    groups = [
        (area_commitments[0].focus_area, area_commitments)
        for area_commitments in (
            list(items) for _key, items in groupby(commitments, key=lambda c: c.focus_area_id)
        )
    ]
    return render(
        request,
        "campaigns/party_progress.html",
        {
            "party": party,
            "covenant": party.covenant,
            "campaign": campaign,
            "groups": groups,
            "summary": _party_summary(commitments, status_labels()),
            "reporting_party": selectors.reporting_party(party),
            "has_earlier_reports": any(
                report.earlier_version for c in commitments for report in c.reports_in_order
            ),
            "can_report": can_report,
            "can_review": request.user.has_perm("campaigns.review_reports"),
            "unsaved": next(iter(bound), None) if bound else None,
        },
    )


def _render_commitment(request, party, commitment_pk, *, form=None, note=""):
    """Render one commitment's block: the htmx answer to a quick update.

    After a save, the party's summary bar is sent along and swapped out of band.
    """
    commitments = selectors.party_reports(party)
    commitment = next(c for c in commitments if c.pk == commitment_pk)
    can_report = can(request.user, party, "report_progress")
    _attach_forms(
        [commitment],
        can_report=can_report,
        period=default_period(party.covenant.campaign),
        bound={commitment.pk: form} if form is not None else None,
    )
    return render(
        request,
        "campaigns/partials/report_commitment.html",
        {
            "c": commitment,
            "party": party,
            "can_report": can_report,
            "note": note,
            "summary_oob": _party_summary(commitments, status_labels()) if note else None,
        },
    )


@login_required
@require_GET
def party_progress(request, party_id):
    party = get_for_user(request, PARTIES, pk=party_id)
    return _render_party(request, party)


@login_required
@require_POST
def report_submit(request, pk):
    commitment = get_for_user(
        request,
        Commitment.objects.select_related(
            "party__covenant__campaign", "party__unit", "party__representative", "focus_area"
        ),
        pk=pk,
    )
    party = commitment.party
    require_action(request, party, "report_progress")
    form = ReportForm(request.POST, request.FILES, commitment=commitment)
    if form.is_valid():
        try:
            report = services.report_submit(
                actor=request.user, commitment=commitment, **form.report_values()
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            note = _("Progress for %(period)s saved. The emulation officer will review it.") % {
                "period": report.get_period_display().lower()
            }
            if request.htmx:
                return _render_commitment(request, party, commitment.pk, note=note)
            messages.success(request, note)
            url = reverse("campaigns:party_progress", args=[party.pk])
            return redirect(f"{url}#commitment-{commitment.pk}")
    if request.htmx:
        return _render_commitment(request, party, commitment.pk, form=form)
    return _render_party(request, party, bound={commitment.pk: form})


# Evidence


@login_required
@require_GET
def evidence_download(request, pk):
    evidence = get_for_user(request, Evidence, pk=pk)
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404(_("The file is no longer stored.")) from exc
    return FileResponse(handle, as_attachment=True, filename=evidence.original_name)


# The officer's review queue


def _pending(request, campaign):
    """Return the queue's filter form and the reports it keeps, and whether it filters: the
    queue's, and after a review the count of what is left under the same filters. Without a
    campaign, the queue of every campaign of the user's scope open for reports."""
    if campaign is not None:
        campaigns = Campaign.objects.filter(pk=campaign.pk)
    else:
        campaigns = Campaign.objects.visible_to(request.user).filter(
            status__in=Campaign.Status.open_for_reports
        )
    parties = Party.objects.filter(covenant__campaign__in=campaigns).select_related("unit")
    units = list({party.unit_id: party.unit for party in parties.order_by("order", "pk")}.values())
    filter_form = PendingFilterForm(
        request.GET or None,
        units=units,
        campaigns=None if campaign is not None else campaigns.order_by("-start_date", "pk"),
    )
    reports = ProgressReport.objects.filter(
        commitment__party__covenant__campaign__in=campaigns,
        review=ProgressReport.Review.PENDING,
    )
    is_filtered = False
    if filter_form.is_valid():
        chosen = filter_form.cleaned_data.get("campaign")
        if chosen is not None:
            reports = reports.filter(commitment__party__covenant__campaign=chosen)
            is_filtered = True
        if filter_form.cleaned_data["party"]:
            reports = reports.filter(commitment__party__unit_id=filter_form.cleaned_data["party"])
            is_filtered = True
        if filter_form.cleaned_data["status"]:
            reports = reports.filter(status=filter_form.cleaned_data["status"])
            is_filtered = True
    return filter_form, reports, is_filtered


def _render_queue(request, campaign, *, bound=None):
    filter_form, reports, is_filtered = _pending(request, campaign)
    reports = (
        reports.select_related(
            "commitment__party__unit",
            "commitment__party__covenant__campaign",
            "commitment__focus_area",
            "reported_by__person",
        )
        .prefetch_related("evidence")
        .order_by("reported_at", "pk")
    )
    page = Paginator(reports, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    bound = bound or {}
    for report in page.object_list:
        may_review = can(request.user, report, "accept")
        report.form = bound.get(report.pk) or ReviewForm(report=report) if may_review else None
    # A refusal about a report whose form is not shown (reviewed meanwhile, campaign closed)
    # goes on top of the page.
    shown = {report.pk for report in page.object_list if report.form is not None}
    other_errors = [
        message
        for pk, form in bound.items()
        if pk not in shown
        for errors in form.errors.values()
        for message in errors
    ]
    query = request.GET.copy()
    query.pop("page", None)
    here = request.GET.copy()
    if campaign is None:
        # The review forms post back here, and say so: the answer returns to this queue.
        here[ALL_CAMPAIGNS] = "1"
    return render(
        request,
        "campaigns/reports_pending.html",
        {
            "campaign": campaign,
            "filter_form": filter_form,
            "page": page,
            "query": query.urlencode(),
            # The review forms post back with the filters and page, to return to the same place.
            "here": here.urlencode(),
            "is_filtered": is_filtered,
            "other_errors": other_errors,
        },
    )


# In a review's query: it was posted from the queue of every campaign.
ALL_CAMPAIGNS = "tat-ca"


@login_required
@require_GET
def reports_pending_all(request):
    """The officer's one queue: the reports awaiting review in every open campaign."""
    require(request, "campaigns.review_reports", denied=REVIEWER_ONLY)
    return _render_queue(request, None)


@login_required
@require_GET
def reports_pending(request, code):
    campaign = get_for_user(
        request, Campaign, permission="campaigns.review_reports", denied=REVIEWER_ONLY, code=code
    )
    return _render_queue(request, campaign)


@login_required
@require_POST
def report_review(request, pk):
    report = get_for_user(request, REPORTS, action="accept", pk=pk)
    # The queue it was reviewed from: its campaign's, or every campaign's.
    queue = None if request.GET.get(ALL_CAMPAIGNS) else report.commitment.party.covenant.campaign
    form = ReviewForm(request.POST, report=report)
    if form.is_valid():
        try:
            report = services.report_review(
                actor=request.user,
                report=report,
                accept=form.accept,
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if form.accept:
                note = _("Report accepted: %(report)s") % {"report": report}
            else:
                note = _("Report returned to %(unit)s with your comment: %(report)s") % {
                    "unit": report.commitment.party.unit,
                    "report": report,
                }
            if request.htmx:
                # The queue's count follows, out of band: what is left under its filters.
                return render(
                    request,
                    "campaigns/partials/report_review_item.html",
                    {
                        "report": report,
                        "note": note,
                        "done": True,
                        "pending_left": _pending(request, queue)[1].count(),
                    },
                )
            messages.success(request, note)
            url = (
                reverse("campaigns:reports_pending_all")
                if queue is None
                else reverse("campaigns:reports_pending", args=[queue.code])
            )
            here = request.GET.copy()
            here.pop(ALL_CAMPAIGNS, None)
            here = here.urlencode()
            return redirect(f"{url}?{here}" if here else url)
    if request.htmx:
        report = (
            ProgressReport.objects.select_related(
                "commitment__party__unit",
                "commitment__party__covenant__campaign",
                "commitment__focus_area",
                "reported_by__person",
            )
            .prefetch_related("evidence")
            .get(pk=report.pk)
        )
        report.form = form
        return render(
            request,
            "campaigns/partials/report_review_item.html",
            {"report": report, "here": request.GET.urlencode(), "campaign": queue},
        )
    return _render_queue(request, queue, bound={report.pk: form})
