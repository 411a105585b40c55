"""Interim and final reviews (sơ kết, tổng kết): opened, concluded with a snapshot of the
counts; concluding the final review closes the campaign and its covenants."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns import selectors
from campaigns.models import Campaign, CampaignReview, Covenant
from campaigns.services.campaigns import lock_campaign
from organizations.actors import user_or_none
from organizations.workflow import perform


def review_action(kind) -> str:
    """Return the campaign's workflow action that opens a review of this kind."""
    return f"open_{CampaignReview.Kind(kind).value}_review"


@transaction.atomic
def review_open(*, actor, campaign: Campaign, kind) -> CampaignReview:
    """Open the interim or final review (sơ kết, tổng kết) of a launched campaign."""
    kind = CampaignReview.Kind(kind)
    opened = []

    def apply(campaign):
        opened.append(
            CampaignReview.objects.create(
                campaign=campaign, kind=kind, opened_by=user_or_none(actor)
            )
        )

    perform(
        actor=actor, obj=campaign, action=review_action(kind), apply=apply, summary=campaign.name
    )
    return opened[0]


def _tallies_snapshot(campaign: Campaign) -> dict:
    """Return the review's counts as JSON: each party's and focus area's label and counts.

    Labels are stored as they read now, so a unit renamed later does not rewrite the review;
    status keys are stored rather than labels, so the snapshot reads in either language.
    """
    tallies = selectors.progress_tallies(campaign)

    def row(tally):
        counts = {status: tally.counts.get(status, 0) for status in selectors.STATUS_KEYS}
        return {"label": tally.label, "counts": counts, "total": tally.total}

    return {
        "compiled_at": timezone.now().isoformat(),
        "statuses": list(selectors.STATUS_KEYS),
        "parties": [row(tally) for tally in tallies["parties"]],
        "areas": [row(tally) for tally in tallies["areas"]],
        "overall": row(tallies["overall"]),
    }


def _lock_review(review: CampaignReview) -> CampaignReview:
    """Lock the review and its campaign (whose state the final review changes)."""
    review = CampaignReview.objects.select_for_update().get(pk=review.pk)
    review.campaign = lock_campaign(review.campaign)
    return review


@transaction.atomic
def review_conclude(*, actor, review: CampaignReview, conclusions: str, snapshot=None):
    """Record the officer's conclusions with a snapshot of the counts; the final review closes
    the campaign, its covenants and its reports."""
    conclusions = conclusions.strip()
    values = {}

    def apply(review):
        if not conclusions:
            raise ValidationError({"conclusions": _("Write the review's conclusions.")})
        # The counts as they stand before the campaign closes.
        values.update(
            conclusions=conclusions,
            snapshot=snapshot if snapshot is not None else _tallies_snapshot(review.campaign),
            concluded_at=timezone.now(),
        )
        if review.kind == CampaignReview.Kind.FINAL:
            perform(actor=actor, obj=review.campaign, action="close", locked=True)
            in_force = Covenant.objects.filter(
                campaign=review.campaign, status=Covenant.Status.IN_FORCE
            )
            for covenant in in_force:
                perform(actor=actor, obj=covenant, action="close")

    return perform(
        actor=actor,
        obj=_lock_review(review),
        action="conclude",
        locked=True,
        apply=apply,
        changes=lambda review: values,
        summary=review.campaign.name,
    )
