"""Interim and final reviews (sơ kết, tổng kết): the counts by party and focus area, the
officer's conclusions, and the closing of the campaign."""

from collections import Counter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from campaigns import selectors, services
from campaigns.forms.progress import ConclusionsForm
from campaigns.models import Campaign, CampaignReview
from campaigns.services import review_action
from campaigns.views.charts import progress_row, status_labels
from organizations.access import get_for_user, require, require_action
from organizations.workflow import can, workflow_for

CAMPAIGNS = Campaign.objects.select_related("organiser")


def _kind(kind: str) -> CampaignReview.Kind:
    if kind not in CampaignReview.Kind.values:
        raise Http404
    return CampaignReview.Kind(kind)


def _get_review(campaign, kind):
    review = (
        CampaignReview.objects.filter(campaign=campaign, kind=kind)
        .select_related("opened_by__person")
        .first()
    )
    if review is not None:
        review.campaign = campaign
    return review


def _snapshot_tallies(snapshot: dict) -> dict:
    """Turn a stored snapshot back into tallies, so live and concluded reviews draw alike."""

    def tally(row):
        return selectors.Tally(label=row.get("label", ""), counts=Counter(row.get("counts", {})))

    return {
        "parties": [tally(row) for row in snapshot.get("parties", [])],
        "areas": [tally(row) for row in snapshot.get("areas", [])],
        "overall": tally(snapshot.get("overall", {})),
    }


def _open_refusal(campaign, kind):
    """Return why the review cannot be opened now, or None when it can."""
    return workflow_for(campaign).refusal(campaign, review_action(kind))


def _render_detail(request, campaign, kind, *, form=None):
    review = _get_review(campaign, kind)
    concluded = review is not None and review.concluded_at is not None
    can_manage = request.user.has_perm("campaigns.manage_campaigns")
    if concluded:
        tallies = _snapshot_tallies(review.snapshot)
        compiled_at = parse_datetime(review.snapshot.get("compiled_at", "") or "")
    else:
        tallies, compiled_at = selectors.progress_tallies(campaign), None
    labels = status_labels()
    can_conclude = review is not None and can(request.user, review, "conclude")
    refusal = _open_refusal(campaign, kind) if can_manage and review is None else None
    # Refusals shown on top: those about no field (concluding twice), and every one when the
    # form itself is no longer shown.
    errors = []
    if form is not None:
        errors = (
            list(form.non_field_errors())
            if can_conclude
            else [message for messages_ in form.errors.values() for message in messages_]
        )
    if can_conclude and form is None:
        form = ConclusionsForm()
    return render(
        request,
        "campaigns/review_detail.html",
        {
            "campaign": campaign,
            "kind": kind,
            "other_kind": (
                CampaignReview.Kind.FINAL
                if kind == CampaignReview.Kind.INTERIM
                else CampaignReview.Kind.INTERIM
            ),
            "review": review,
            "concluded": concluded,
            "compiled_at": compiled_at,
            "columns": [(key, labels[key]) for key in selectors.STATUS_KEYS],
            "party_rows": [progress_row(tally, labels) for tally in tallies["parties"]],
            "area_rows": [progress_row(tally, labels) for tally in tallies["areas"]],
            "overall": progress_row(tallies["overall"], labels),
            "can_manage": can_manage,
            "can_open": review is None and can(request.user, campaign, review_action(kind)),
            "open_refusal": refusal,
            "can_conclude": can_conclude,
            "form": form if can_conclude else None,
            "errors": errors,
        },
    )


@login_required
@require_GET
def review_detail(request, code, kind):
    kind = _kind(kind)
    campaign = get_for_user(request, CAMPAIGNS, code=code)
    return _render_detail(request, campaign, kind)


@login_required
@require_http_methods(["GET", "POST"])
def review_open(request, code, kind):
    kind = _kind(kind)
    campaign = get_for_user(request, CAMPAIGNS, action=review_action(kind), code=code)
    if request.method == "POST":
        try:
            services.review_open(actor=request.user, campaign=campaign, kind=kind)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(
                request,
                _(
                    "The %(review)s is open. Check the counts, then write and record its "
                    "conclusions."
                )
                % {"review": kind.label.lower()},
            )
            return redirect("campaigns:review_detail", campaign.code, kind.value)
    else:
        error = _open_refusal(campaign, kind)
    return render(
        request,
        "campaigns/review_confirm.html",
        {
            "campaign": campaign,
            "kind": kind,
            "error": error,
            "overall": progress_row(
                selectors.progress_tallies(campaign)["overall"], status_labels()
            ),
        },
    )


@login_required
@require_POST
def review_conclude(request, code, kind):
    kind = _kind(kind)
    campaign = get_for_user(request, CAMPAIGNS, code=code)
    review = _get_review(campaign, kind)
    if review is not None:
        require_action(request, review, "conclude")
    else:
        require(request, "campaigns.manage_campaigns")
    form = ConclusionsForm(request.POST)
    if form.is_valid():
        if review is None:
            form.add_error(
                None,
                _("Open the %(review)s before concluding it.") % {"review": kind.label.lower()},
            )
        else:
            try:
                services.review_conclude(
                    actor=request.user,
                    review=review,
                    conclusions=form.cleaned_data["conclusions"],
                )
            except ValidationError as exc:
                if hasattr(exc, "error_dict"):
                    for field, errors in exc.message_dict.items():
                        form.add_error(field if field in form.fields else None, errors)
                else:
                    form.add_error(None, exc.messages)
            else:
                if kind == CampaignReview.Kind.FINAL:
                    text = _(
                        "The final review is concluded. The campaign is closed and its reports "
                        "are locked."
                    )
                else:
                    text = _(
                        "The interim review is concluded; its counts are kept as they stand today."
                    )
                messages.success(request, text)
                return redirect("campaigns:review_detail", campaign.code, kind.value)
    return _render_detail(request, campaign, kind, form=form)
