"""Writes of the campaigns app: each atomic, locking the row whose state changes, and recorded."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.models import (
    Campaign,
    CampaignReview,
    Commitment,
    Covenant,
    Evidence,
    FocusArea,
    Milestone,
    Party,
    ProgressReport,
    Signature,
)
from organizations.events import event_record
from organizations.models import Person
from organizations.notifications import notify


def _lock(model, obj):
    return model.objects.select_for_update().get(pk=obj.pk)


def _agency_users(campaign):
    """Return the active logins of the people working in the campaign's organising agency."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(
        is_active=True,
        person__unit__path__startswith=campaign.organiser.path,
        person__end_date__isnull=True,
    )


# Campaigns


@transaction.atomic
def campaign_save(*, actor, campaign: Campaign, **fields) -> Campaign:
    """Create or edit a campaign's description; a closed campaign is read-only."""
    if campaign.pk:
        locked = _lock(Campaign, campaign)
        if locked.status == Campaign.Status.CLOSED:
            raise ValidationError(_("The campaign is closed and can no longer be changed."))
    for name, value in fields.items():
        setattr(campaign, name, value)
    created = campaign.pk is None
    if created:
        campaign.created_by = actor
    campaign.full_clean()
    campaign.save()
    event_record(
        actor=actor,
        verb="campaign_created" if created else "campaign_edited",
        target=campaign,
        summary=campaign.name,
    )
    return campaign


@transaction.atomic
def campaign_launch(*, actor, campaign: Campaign, launch_date=None) -> Campaign:
    """Launch a draft campaign and tell everyone in the agency."""
    campaign = _lock(Campaign, campaign)
    if campaign.status != Campaign.Status.DRAFT:
        raise ValidationError(_("Only a draft campaign can be launched."))
    if not campaign.focus_areas.exists():
        raise ValidationError(_("Add at least one focus area before launching the campaign."))
    campaign.status = Campaign.Status.LAUNCHED
    campaign.launch_date = launch_date or campaign.launch_date or timezone.localdate()
    campaign.save(update_fields=["status", "launch_date"])
    event_record(actor=actor, verb="campaign_launched", target=campaign, summary=campaign.name)
    notify(
        recipients=_agency_users(campaign),
        title=_("Campaign launched: %(name)s") % {"name": campaign.name},
        url=campaign.get_absolute_url(),
    )
    return campaign


@transaction.atomic
def focus_area_save(*, actor, focus_area: FocusArea, number, title, text="") -> FocusArea:
    """Add or edit a numbered focus area while the campaign is not closed."""
    campaign = _lock(Campaign, focus_area.campaign)
    if campaign.status == Campaign.Status.CLOSED:
        raise ValidationError(_("The campaign is closed and can no longer be changed."))
    clash = FocusArea.objects.filter(campaign=campaign, number=number).exclude(pk=focus_area.pk)
    if clash.exists():
        raise ValidationError({"number": _("Focus area %(n)s already exists.") % {"n": number}})
    focus_area.number, focus_area.title, focus_area.text = number, title, text
    focus_area.full_clean()
    focus_area.save()
    event_record(actor=actor, verb="focus_area_saved", target=campaign, summary=str(focus_area))
    return focus_area


@transaction.atomic
def milestone_save(*, actor, milestone: Milestone, **fields) -> Milestone:
    """Add or edit a milestone dated within the campaign."""
    campaign = _lock(Campaign, milestone.campaign)
    if campaign.status == Campaign.Status.CLOSED:
        raise ValidationError(_("The campaign is closed and can no longer be changed."))
    for name, value in fields.items():
        setattr(milestone, name, value)
    milestone.full_clean()
    milestone.save()
    event_record(actor=actor, verb="milestone_saved", target=campaign, summary=str(milestone))
    return milestone


# Covenants


@transaction.atomic
def covenant_create(*, actor, campaign: Campaign, title, signing_date, signing_place) -> Covenant:
    """Start a covenant for a campaign that is not closed."""
    campaign = _lock(Campaign, campaign)
    if campaign.status == Campaign.Status.CLOSED:
        raise ValidationError(_("The campaign is closed and can no longer be changed."))
    covenant = Covenant(
        campaign=campaign, title=title, signing_date=signing_date, signing_place=signing_place
    )
    covenant.full_clean()
    covenant.save()
    event_record(actor=actor, verb="covenant_created", target=covenant, summary=title)
    return covenant


@transaction.atomic
def party_add(*, actor, covenant: Covenant, unit, representative: Person, order=None) -> Party:
    """Add a party while the covenant is a draft or open; its representative signs for it."""
    covenant = _lock(Covenant, covenant)
    if not covenant.is_editable:
        raise ValidationError(_("The covenant is in force; change it through an amendment."))
    if Party.objects.filter(covenant=covenant, unit=unit).exists():
        raise ValidationError({"unit": _("%(unit)s is already a party.") % {"unit": unit}})
    if order is None:
        order = covenant.parties.count() + 1
    party = Party(covenant=covenant, unit=unit, representative=representative, order=order)
    party.full_clean()
    party.save()
    event_record(actor=actor, verb="party_added", target=covenant, summary=str(unit))
    return party


@transaction.atomic
def covenant_open(*, actor, covenant: Covenant) -> Covenant:
    """Open a draft covenant for signature and tell each party's representative."""
    covenant = _lock(Covenant, covenant)
    if covenant.status != Covenant.Status.DRAFT:
        raise ValidationError(_("Only a draft covenant can be opened for signature."))
    parties = list(covenant.parties.select_related("representative__user", "unit"))
    if len(parties) < 2:
        raise ValidationError(_("A covenant needs at least two parties."))
    covenant.status = Covenant.Status.OPEN
    covenant.save(update_fields=["status"])
    event_record(actor=actor, verb="covenant_opened", target=covenant, summary=covenant.title)
    notify(
        recipients=[party.representative.user for party in parties],
        title=_("Covenant open for your signature: %(title)s") % {"title": covenant.title},
        url=covenant.get_absolute_url(),
    )
    return covenant


def _check_commitment_editable(actor, party: Party):
    if not party.covenant.is_editable:
        raise ValidationError(
            _("The covenant is in force; its commitments are locked. Propose an amendment.")
        )
    if not actor.has_perm("campaigns.edit_commitments", party):
        raise PermissionDenied(_("You cannot edit this party's commitments."))


@transaction.atomic
def commitment_save(*, actor, commitment: Commitment, **fields) -> Commitment:
    """Add or edit a commitment while its covenant is a draft or open for signature."""
    covenant = _lock(Covenant, commitment.party.covenant)
    party = commitment.party
    party.covenant = covenant
    _check_commitment_editable(actor, party)
    for name, value in fields.items():
        setattr(commitment, name, value)
    created = commitment.pk is None
    commitment.full_clean()
    commitment.save()
    event_record(
        actor=actor,
        verb="commitment_added" if created else "commitment_edited",
        target=covenant,
        summary=f"{party.unit}: {commitment.text[:200]}",
        data={"commitment": commitment.pk},
    )
    return commitment


@transaction.atomic
def commitment_delete(*, actor, commitment: Commitment) -> None:
    """Remove a commitment that has no progress reports, while its covenant is editable."""
    covenant = _lock(Covenant, commitment.party.covenant)
    commitment.party.covenant = covenant
    _check_commitment_editable(actor, commitment.party)
    if commitment.reports.exists():
        raise ValidationError(_("This commitment has progress reports and cannot be removed."))
    event_record(
        actor=actor,
        verb="commitment_removed",
        target=covenant,
        summary=f"{commitment.party.unit}: {commitment.text[:200]}",
    )
    commitment.delete()


@transaction.atomic
def covenant_sign(*, actor, party: Party) -> Signature:
    """Sign for a party; when the last party signs, the covenant enters into force, once.

    The covenant row is locked, so two representatives signing at the same moment are
    serialised: both signatures are kept and exactly one of them puts the covenant in force.
    """
    covenant = _lock(Covenant, party.covenant)
    party = Party.objects.select_related("representative", "unit").get(pk=party.pk)
    party.covenant = covenant
    if covenant.status != Covenant.Status.OPEN:
        raise ValidationError(_("This covenant is not open for signature."))
    if not actor.has_perm("campaigns.sign_for_party", party):
        raise PermissionDenied(
            _("Only %(name)s can sign for %(unit)s.")
            % {"name": party.representative.full_name, "unit": party.unit}
        )
    if Signature.objects.filter(party=party).exists():
        raise ValidationError(_("%(unit)s has already signed.") % {"unit": party.unit})
    if not party.commitments.exists():
        raise ValidationError(
            _("%(unit)s has no commitments yet; add them before signing.") % {"unit": party.unit}
        )
    signature = Signature.objects.create(
        party=party, signed_by=actor, signer_name=party.representative.full_name
    )
    event_record(actor=actor, verb="covenant_signed", target=covenant, summary=str(party.unit))
    if not covenant.parties.filter(signature__isnull=True).exists():
        covenant.status = Covenant.Status.IN_FORCE
        covenant.in_force_at = timezone.now()
        covenant.save(update_fields=["status", "in_force_at"])
        if covenant.amends_id:
            Covenant.objects.filter(pk=covenant.amends_id).update(status=Covenant.Status.AMENDED)
        event_record(actor=actor, verb="covenant_in_force", target=covenant, summary=covenant.title)
    return signature


@transaction.atomic
def covenant_amend(*, actor, covenant: Covenant) -> Covenant:
    """Start an amendment of a covenant in force: a new version with the same parties and
    commitments, open for signature; the covenant in force stays in force until it is signed."""
    covenant = _lock(Covenant, covenant)
    if covenant.status != Covenant.Status.IN_FORCE:
        raise ValidationError(_("Only a covenant in force can be amended."))
    if Covenant.objects.filter(amends=covenant).exists():
        raise ValidationError(_("An amendment of this covenant is already under way."))
    amendment = Covenant.objects.create(
        campaign=covenant.campaign,
        title=covenant.title,
        signing_date=timezone.localdate(),
        signing_place=covenant.signing_place,
        status=Covenant.Status.OPEN,
        version=covenant.version + 1,
        amends=covenant,
    )
    for party in covenant.parties.prefetch_related("commitments"):
        copy = Party.objects.create(
            covenant=amendment,
            unit_id=party.unit_id,
            representative_id=party.representative_id,
            order=party.order,
        )
        Commitment.objects.bulk_create(
            [
                Commitment(
                    party=copy,
                    focus_area_id=c.focus_area_id,
                    text=c.text,
                    measure=c.measure,
                    unit_label=c.unit_label,
                    baseline=c.baseline,
                    target=c.target,
                    due_date=c.due_date,
                )
                for c in party.commitments.all()
            ]
        )
    event_record(
        actor=actor,
        verb="covenant_amendment_started",
        target=amendment,
        summary=f"{covenant.title} v{amendment.version}",
    )
    return amendment


# Progress


@transaction.atomic
def report_submit(
    *, actor, commitment: Commitment, period, status, value=None, narrative="", files=()
) -> ProgressReport:
    """Report progress on a commitment of a covenant in force; a returned report is resubmitted.

    `files` are validated uploads (see campaigns.uploads); they are stored as evidence.
    """
    covenant = _lock(Covenant, commitment.party.covenant)
    party = commitment.party
    party.covenant = covenant
    if not covenant.campaign.is_open_for_reports:
        raise ValidationError(_("The campaign is not open for progress reports."))
    if covenant.status != Covenant.Status.IN_FORCE:
        raise ValidationError(_("Progress is reported once the covenant is in force."))
    if not actor.has_perm("campaigns.report_progress", party):
        raise PermissionDenied(_("You cannot report for this party."))
    if value is not None and value < 0:
        raise ValidationError({"value": _("The value achieved cannot be negative.")})
    report = ProgressReport.objects.filter(commitment=commitment, period=period).first()
    if report is not None and report.review == ProgressReport.Review.ACCEPTED:
        raise ValidationError(
            _("The report for this period has been accepted and can no longer be changed.")
        )
    report = report or ProgressReport(commitment=commitment, period=period)
    report.status, report.value, report.narrative = status, value, narrative
    report.reported_by, report.reported_at = actor, timezone.now()
    report.review, report.review_comment = ProgressReport.Review.PENDING, ""
    report.reviewed_by, report.reviewed_at = None, None
    report.full_clean()
    report.save()
    for upload in files:
        Evidence.objects.create(
            report=report,
            file=upload,
            original_name=upload.name[:255],
            content_type=getattr(upload, "content_type", "") or "",
            size=upload.size,
            uploaded_by=actor,
        )
    event_record(
        actor=actor,
        verb="progress_reported",
        target=covenant,
        summary=f"{party.unit}: {commitment.text[:120]} – {period} {status}",
        data={"commitment": commitment.pk, "period": period, "status": status},
    )
    return report


@transaction.atomic
def report_review(*, actor, report: ProgressReport, accept: bool, comment="") -> ProgressReport:
    """Accept a report, or return it with a comment that tells the party what to fix."""
    report = _lock(ProgressReport, report)
    if not actor.has_perm("campaigns.review_reports"):
        raise PermissionDenied(_("Only the emulation officer reviews progress reports."))
    campaign = report.commitment.party.covenant.campaign
    if campaign.status == Campaign.Status.CLOSED:
        raise ValidationError(_("The campaign is closed; its reports are locked."))
    if not accept and not comment.strip():
        raise ValidationError({"comment": _("Say what should be corrected.")})
    report.review = ProgressReport.Review.ACCEPTED if accept else ProgressReport.Review.RETURNED
    report.review_comment = comment
    report.reviewed_by, report.reviewed_at = actor, timezone.now()
    report.save(update_fields=["review", "review_comment", "reviewed_by", "reviewed_at"])
    event_record(
        actor=actor,
        verb="report_accepted" if accept else "report_returned",
        target=report.commitment.party.covenant,
        summary=str(report),
    )
    if not accept and report.reported_by is not None:
        notify(
            recipients=[report.reported_by],
            title=_("Progress report returned: %(report)s") % {"report": report},
            body=comment,
            url=reverse("campaigns:party_progress", args=[report.commitment.party_id]),
        )
    return report


# Reviews


@transaction.atomic
def review_open(*, actor, campaign: Campaign, kind) -> CampaignReview:
    """Open the interim or final review (sơ kết, tổng kết) of a launched campaign."""
    campaign = _lock(Campaign, campaign)
    allowed = {
        CampaignReview.Kind.INTERIM: {Campaign.Status.LAUNCHED},
        CampaignReview.Kind.FINAL: {Campaign.Status.LAUNCHED, Campaign.Status.INTERIM_REVIEW},
    }[kind]
    if campaign.status not in allowed:
        raise ValidationError(
            _("The %(review)s cannot be opened while the campaign is %(status)s.")
            % {
                "review": CampaignReview.Kind(kind).label.lower(),
                "status": campaign.get_status_display().lower(),
            }
        )
    review, _created = CampaignReview.objects.get_or_create(
        campaign=campaign, kind=kind, defaults={"opened_by": actor}
    )
    campaign.status = (
        Campaign.Status.INTERIM_REVIEW
        if kind == CampaignReview.Kind.INTERIM
        else Campaign.Status.FINAL_REVIEW
    )
    campaign.save(update_fields=["status"])
    event_record(actor=actor, verb=f"{kind}_review_opened", target=campaign, summary=campaign.name)
    return review


@transaction.atomic
def review_conclude(*, actor, review: CampaignReview, conclusions: str, snapshot: dict):
    """Record the officer's conclusions; the final review closes the campaign and its reports."""
    review = _lock(CampaignReview, review)
    campaign = _lock(Campaign, review.campaign)
    if review.concluded_at is not None:
        raise ValidationError(_("This review has already been concluded."))
    if not conclusions.strip():
        raise ValidationError({"conclusions": _("Write the review's conclusions.")})
    review.conclusions, review.snapshot = conclusions, snapshot
    review.concluded_at = timezone.now()
    review.save(update_fields=["conclusions", "snapshot", "concluded_at"])
    if review.kind == CampaignReview.Kind.FINAL:
        campaign.status = Campaign.Status.CLOSED
        campaign.save(update_fields=["status"])
        Covenant.objects.filter(campaign=campaign, status=Covenant.Status.IN_FORCE).update(
            status=Covenant.Status.CLOSED
        )
    event_record(
        actor=actor, verb=f"{review.kind}_review_concluded", target=campaign, summary=campaign.name
    )
    return review
