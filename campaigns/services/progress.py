"""Progress: a party reports on its commitments; the emulation officer reviews each report."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns import selectors
from campaigns.models import Campaign, Commitment, Evidence, ProgressReport
from campaigns.services.covenants import lock_covenant
from campaigns.uploads import validate_upload
from organizations.actors import user_or_none
from organizations.events import event_record
from organizations.notifications import notify
from organizations.selectors import officers_of
from organizations.workflow import Notice, check, perform


def _validated_files(files) -> None:
    """Check every upload by content before anything is written."""
    file_errors = []
    for upload in files:
        try:
            validate_upload(upload)
        except ValidationError as exc:
            file_errors.extend(exc.messages)
    if file_errors:
        raise ValidationError({"evidence": file_errors})


def _standing_report(commitment: Commitment, period) -> ProgressReport | None:
    """Return the period's report to replace: this version's, locked, or an accepted one filed
    under an earlier version of the covenant (refused by the caller); None for a new report."""
    report = (
        ProgressReport.objects.select_for_update(of=("self",))
        .select_related("commitment__party__covenant__campaign", "commitment__party__unit")
        .filter(commitment=commitment, period=period)
        .first()
    )
    if report is not None or not commitment.carried_from_id:
        return report
    # The period may have been reported under an earlier version of the covenant. Accepted, it
    # stays as accepted; awaiting review, it is reviewed first. Only a returned report is
    # reported again here, and the new one replaces it; the old one stays where filed.
    earlier = selectors.commitment_chains([commitment])[commitment.pk][1:]
    standing = {
        r.commitment_id: r
        for r in ProgressReport.objects.filter(commitment_id__in=earlier, period=period)
        .exclude(review=ProgressReport.Review.RETURNED)
        .select_related("commitment__party__covenant__campaign", "commitment__party__unit")
    }
    earlier_report = next((standing[pk] for pk in earlier if pk in standing), None)
    if earlier_report is not None and earlier_report.review == ProgressReport.Review.PENDING:
        raise ValidationError(
            _(
                "The report for %(period)s filed under version %(version)s is awaiting "
                "review; it can be reported again once the emulation officer has returned it."
            )
            % {
                "period": earlier_report.get_period_display().lower(),
                "version": earlier_report.commitment.party.covenant.version,
            }
        )
    # Accepted under the earlier version: the caller's workflow check refuses it, as it refuses
    # an accepted report of this version.
    return earlier_report


@transaction.atomic
def report_submit(
    *, actor, commitment: Commitment, period, status, value=None, narrative="", files=()
) -> ProgressReport:
    """Report progress on a commitment of a covenant in force; a returned report is resubmitted.

    `files` are uploads; each is checked by content (campaigns.uploads) before anything is
    written, so a bad file leaves no report and no stored file behind.
    """
    covenant = lock_covenant(commitment.party.covenant)
    party = commitment.party
    party.covenant = covenant
    check(actor, party, "report_progress")
    if value is not None and value < 0:
        raise ValidationError({"value": _("The value achieved cannot be negative.")})
    if value is not None and commitment.measure == Commitment.Measure.PERCENTAGE and value > 100:
        raise ValidationError({"value": _("A percentage cannot be above 100.")})
    _validated_files(files)
    report = _standing_report(commitment, period)
    if report is not None:
        check(actor, report, "revise")
    report = report or ProgressReport(commitment=commitment, period=period)
    report.status, report.value, report.narrative = status, value, narrative
    report.reported_by, report.reported_at = user_or_none(actor), timezone.now()
    report.review, report.review_comment = ProgressReport.Review.PENDING, ""
    report.reviewed_by, report.reviewed_at = None, None
    report.full_clean()
    report.save()
    for upload in files:
        Evidence.objects.create(
            report=report,
            file=upload,
            original_name=upload.name[:255],
            content_type=(getattr(upload, "content_type", "") or "")[:100],
            size=upload.size,
            uploaded_by=user_or_none(actor),
        )
    notify(
        recipients=officers_of(party.unit),
        title=_("Progress report to review: %(unit)s, %(period)s")
        % {"unit": party.unit, "period": report.get_period_display()},
        body=commitment.text,
        url=reverse("campaigns:reports_pending", args=[covenant.campaign.code]),
    )
    event_record(
        actor=actor,
        verb="progress_reported",
        target=covenant,
        summary=f"{party.unit}: {commitment.text[:120]} – {period} {status}",
        data={
            "commitment": commitment.pk,
            "period": period,
            "status": status,
            "files": len(files),
        },
    )
    return report


def _lock_report(report: ProgressReport) -> ProgressReport:
    """Lock the campaign first, as review_conclude does, then the report: a review and the
    closing of the campaign are serialised, so no report is accepted after it has closed."""
    campaign_id = ProgressReport.objects.filter(pk=report.pk).values_list(
        "commitment__party__covenant__campaign", flat=True
    )[:1]
    Campaign.objects.select_for_update().get(pk=campaign_id)
    return (
        ProgressReport.objects.select_for_update(of=("self",))
        .select_related(
            "commitment__party__covenant__campaign", "commitment__party__unit", "reported_by"
        )
        .get(pk=report.pk)
    )


def _returned_notice(report: ProgressReport, comment: str) -> Notice | None:
    if report.reported_by is None:
        return None
    # Filed under a version since amended: the correction is reported on the amendment.
    current = selectors.continuation(report.commitment)
    return Notice(
        recipients=[report.reported_by],
        title=_("Progress report returned: %(report)s") % {"report": report},
        body=comment,
        url=reverse("campaigns:party_progress", args=[current.party_id])
        + f"#commitment-{current.pk}",
    )


@transaction.atomic
def report_review(*, actor, report: ProgressReport, accept: bool, comment="") -> ProgressReport:
    """Accept a report, or return it with a comment that tells the party what to fix."""
    comment = comment.strip()
    report = _lock_report(report)
    action = "accept" if accept else "return"
    check(actor, report, action)
    if not accept and not comment:
        raise ValidationError(
            {"comment": _("Write a comment saying what should be corrected before returning it.")}
        )
    return perform(
        actor=actor,
        obj=report,
        action=action,
        locked=True,
        changes={
            "review_comment": comment,
            "reviewed_by": user_or_none(actor),
            "reviewed_at": timezone.now(),
        },
        summary=f"{report.commitment.party.unit}: {report}",
        data={"report": report.pk, "comment": comment},
        notice=None if accept else lambda report: _returned_notice(report, comment),
    )
