"""Writes of the campaigns app: each atomic, locking the row whose state changes, and recorded."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns import selectors
from campaigns.models import (
    Campaign,
    CampaignDocument,
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
from campaigns.uploads import validate_upload
from organizations.events import event_record
from organizations.models import Person
from organizations.notifications import notify
from organizations.scope import agency_root_path


def _lock(model, obj):
    return model.objects.select_for_update().get(pk=obj.pk)


def _agency_users(campaign):
    """Return the active logins of the people working in the campaign's organising agency."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(
        is_active=True,
        # The whole agency, even when a division organises the campaign.
        person__unit__path__startswith=agency_root_path(campaign.organiser.path),
        person__end_date__isnull=True,
    )


# Campaigns


def _check_not_closed(campaign: Campaign) -> None:
    if campaign.status == Campaign.Status.CLOSED:
        raise ValidationError(_("The campaign is closed and can no longer be changed."))


def _period_text(campaign: Campaign) -> str:
    return f"{campaign.start_date:%d/%m/%Y} – {campaign.end_date:%d/%m/%Y}"


def _check_campaign_links(campaign: Campaign) -> None:
    """Refuse a parent that would make the campaign answer itself, and a period that would
    leave dated milestones or commitments outside it."""
    ancestor, seen = campaign.parent, set()
    while ancestor is not None and ancestor.pk not in seen:
        if campaign.pk and ancestor.pk == campaign.pk:
            raise ValidationError(
                {"parent": _("A campaign cannot answer itself, directly or through another.")}
            )
        seen.add(ancestor.pk)
        ancestor = ancestor.parent
    if not campaign.pk or not (campaign.start_date and campaign.end_date):
        return
    period = {"date__gte": campaign.start_date, "date__lte": campaign.end_date}
    outside = campaign.milestones.exclude(**period).order_by("date").first()
    if outside is not None:
        raise ValidationError(
            _("The milestone “%(milestone)s” would fall outside the new period; move it first.")
            % {"milestone": outside}
        )
    due_outside = Commitment.objects.filter(party__covenant__campaign=campaign).exclude(
        due_date__gte=campaign.start_date, due_date__lte=campaign.end_date
    )
    if due_outside.exists():
        raise ValidationError(
            _("Some commitments are due outside the new period; change their due dates first.")
        )


@transaction.atomic
def campaign_save(*, actor, campaign: Campaign, **fields) -> Campaign:
    """Create or edit a campaign's description; a closed campaign is read-only."""
    if campaign.pk:
        _check_not_closed(_lock(Campaign, campaign))
    for name, value in fields.items():
        setattr(campaign, name, value)
    created = campaign.pk is None
    if created:
        campaign.created_by = actor
    campaign.full_clean()
    _check_campaign_links(campaign)
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
        raise ValidationError(
            _("Only a draft campaign can be launched; this one is already %(status)s.")
            % {"status": campaign.get_status_display().lower()}
        )
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
    _check_not_closed(campaign)
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
    _check_not_closed(campaign)
    for name, value in fields.items():
        setattr(milestone, name, value)
    milestone.full_clean()
    if not (campaign.start_date <= milestone.date <= campaign.end_date):
        raise ValidationError(
            {
                "date": _("The date must fall within the campaign (%(period)s).")
                % {"period": _period_text(campaign)}
            }
        )
    milestone.save()
    event_record(actor=actor, verb="milestone_saved", target=campaign, summary=str(milestone))
    return milestone


@transaction.atomic
def document_add(*, actor, campaign: Campaign, kind, title, upload) -> CampaignDocument:
    """Attach a plan, decision or report to a campaign that is not closed, checked by content."""
    campaign = _lock(Campaign, campaign)
    _check_not_closed(campaign)
    try:
        validate_upload(upload, max_bytes=settings.EVIDENCE_MAX_BYTES)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from exc
    document = CampaignDocument(
        campaign=campaign,
        kind=kind,
        title=title,
        file=upload,
        original_name=upload.name[:255],
        uploaded_by=actor,
    )
    # Only the storage name is generated; the user-facing fields are checked here.
    document.full_clean(exclude=["file", "uploaded_by"])
    document.save()
    event_record(
        actor=actor,
        verb="document_added",
        target=campaign,
        summary=f"{document.get_kind_display()}: {title}",
        data={"document": document.pk},
    )
    return document


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
    # Parties and their representatives come from the agency that runs the campaign.
    agency_path = agency_root_path(covenant.campaign.organiser.path)
    if not unit.path.startswith(agency_path):
        raise ValidationError({"unit": _("Choose a unit of the agency that runs the campaign.")})
    if not representative.unit.path.startswith(agency_path):
        raise ValidationError(
            {"representative": _("Choose a representative who works in the agency.")}
        )
    if representative.end_date is not None and representative.end_date < timezone.localdate():
        raise ValidationError(
            {
                "representative": _("%(name)s has left the agency and cannot sign.")
                % {"name": representative.full_name}
            }
        )
    if Party.objects.filter(covenant=covenant, unit=unit).exists():
        raise ValidationError({"unit": _("%(unit)s is already a party.") % {"unit": unit}})
    if order is None:
        order = covenant.parties.count() + 1
    party = Party(covenant=covenant, unit=unit, representative=representative, order=order)
    party.full_clean()
    party.save()
    event_record(actor=actor, verb="party_added", target=covenant, summary=str(unit))
    if covenant.status == Covenant.Status.OPEN:
        # Joining a covenant already open: the new representative is asked to sign too.
        notify(
            recipients=[representative.user],
            title=_("Covenant open for your signature: %(title)s") % {"title": covenant.title},
            url=covenant.get_absolute_url(),
        )
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
    commitments, open for signature; the covenant in force stays in force until it is signed.

    Each copied commitment is linked to the one it continues (`carried_from`), so the progress
    reported under this version carries on once the amendment is in force.
    """
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
                    carried_from=c,
                )
                for c in party.commitments.all()
            ]
        )
    event_record(
        actor=actor,
        verb="covenant_amendment_started",
        target=amendment,
        summary=f"{covenant.title} v{amendment.version}",
        data={"amends": covenant.pk, "version": amendment.version},
    )
    notify(
        recipients=[
            party.representative.user
            for party in amendment.parties.select_related("representative__user")
        ],
        title=_("Amendment open for your signature: %(covenant)s") % {"covenant": amendment},
        url=amendment.get_absolute_url(),
    )
    return amendment


# Progress


def _check_reports_open(campaign: Campaign) -> None:
    """Refuse a report or a review once the campaign is closed, or before it is launched."""
    if campaign.status == Campaign.Status.CLOSED:
        raise ValidationError(_("The campaign is closed; its reports are locked."))
    if not campaign.is_open_for_reports:
        raise ValidationError(_("The campaign has not been launched; progress cannot be reported."))


@transaction.atomic
def report_submit(
    *, actor, commitment: Commitment, period, status, value=None, narrative="", files=()
) -> ProgressReport:
    """Report progress on a commitment of a covenant in force; a returned report is resubmitted.

    `files` are uploads; each is checked by content (campaigns.uploads) before anything is
    written, so a bad file leaves no report and no stored file behind.
    """
    covenant = _lock(Covenant, commitment.party.covenant)
    party = commitment.party
    party.covenant = covenant
    _check_reports_open(covenant.campaign)
    if covenant.status == Covenant.Status.AMENDED:
        raise ValidationError(
            _("This version of the covenant has been superseded; report on the amendment.")
        )
    if covenant.status != Covenant.Status.IN_FORCE:
        raise ValidationError(_("Progress is reported once the covenant is in force."))
    if not actor.has_perm("campaigns.report_progress", party):
        raise PermissionDenied(_("You cannot report for this party."))
    if value is not None and value < 0:
        raise ValidationError({"value": _("The value achieved cannot be negative.")})
    if value is not None and commitment.measure == Commitment.Measure.PERCENTAGE and value > 100:
        raise ValidationError({"value": _("A percentage cannot be above 100.")})
    file_errors = []
    for upload in files:
        try:
            validate_upload(upload)
        except ValidationError as exc:
            file_errors.extend(exc.messages)
    if file_errors:
        raise ValidationError({"evidence": file_errors})
    report = (
        ProgressReport.objects.select_for_update(of=("self",))
        .filter(commitment=commitment, period=period)
        .first()
    )
    if report is None and commitment.carried_from_id:
        # The period may have been reported under an earlier version of the covenant. Accepted,
        # it stays as accepted; awaiting review, it is reviewed first. Only a returned report
        # is reported again here, and the new one replaces it; the old one stays where filed.
        earlier = selectors.commitment_chains([commitment])[commitment.pk][1:]
        standing = {
            r.commitment_id: r
            for r in ProgressReport.objects.filter(commitment_id__in=earlier, period=period)
            .exclude(review=ProgressReport.Review.RETURNED)
            .select_related("commitment__party__covenant")
        }
        report = next((standing[pk] for pk in earlier if pk in standing), None)
        if report is not None and report.review == ProgressReport.Review.PENDING:
            raise ValidationError(
                _(
                    "The report for %(period)s filed under version %(version)s is awaiting "
                    "review; it can be reported again once the emulation officer has returned it."
                )
                % {
                    "period": report.get_period_display().lower(),
                    "version": report.commitment.party.covenant.version,
                }
            )
    if report is not None and report.review == ProgressReport.Review.ACCEPTED:
        raise ValidationError(
            _("The report for %(period)s has been accepted and can no longer be changed.")
            % {"period": report.get_period_display().lower()}
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
        data={
            "commitment": commitment.pk,
            "period": period,
            "status": status,
            "files": len(files),
        },
    )
    return report


@transaction.atomic
def report_review(*, actor, report: ProgressReport, accept: bool, comment="") -> ProgressReport:
    """Accept a report, or return it with a comment that tells the party what to fix."""
    if not actor.has_perm("campaigns.review_reports"):
        raise PermissionDenied(_("Only the emulation officer reviews progress reports."))
    # The campaign row first, as review_conclude locks it: a review and the closing of the
    # campaign are serialised, so no report is accepted after the campaign has closed.
    campaign_id = ProgressReport.objects.filter(pk=report.pk).values_list(
        "commitment__party__covenant__campaign", flat=True
    )[:1]
    campaign = Campaign.objects.select_for_update().get(pk=campaign_id)
    _check_reports_open(campaign)
    report = (
        ProgressReport.objects.select_for_update(of=("self",))
        .select_related("commitment__party__covenant", "commitment__party__unit", "reported_by")
        .get(pk=report.pk)
    )
    if report.review != ProgressReport.Review.PENDING:
        raise ValidationError(
            _("This report has already been %(review)s.")
            % {"review": report.get_review_display().lower()}
        )
    comment = comment.strip()
    if not accept and not comment:
        raise ValidationError(
            {"comment": _("Write a comment saying what should be corrected before returning it.")}
        )
    report.review = ProgressReport.Review.ACCEPTED if accept else ProgressReport.Review.RETURNED
    report.review_comment = comment
    report.reviewed_by, report.reviewed_at = actor, timezone.now()
    report.save(update_fields=["review", "review_comment", "reviewed_by", "reviewed_at"])
    event_record(
        actor=actor,
        verb="report_accepted" if accept else "report_returned",
        target=report.commitment.party.covenant,
        summary=f"{report.commitment.party.unit}: {report}",
        data={"report": report.pk, "comment": comment},
    )
    if not accept and report.reported_by is not None:
        # Filed under a version since amended: the correction is reported on the amendment.
        current = selectors.continuation(report.commitment)
        notify(
            recipients=[report.reported_by],
            title=_("Progress report returned: %(report)s") % {"report": report},
            body=comment,
            url=reverse("campaigns:party_progress", args=[current.party_id])
            + f"#commitment-{current.pk}",
        )
    return report


# Reviews

# The campaign states from which each review may be opened.
REVIEW_OPENS_FROM = {
    CampaignReview.Kind.INTERIM: {Campaign.Status.LAUNCHED},
    CampaignReview.Kind.FINAL: {Campaign.Status.LAUNCHED, Campaign.Status.INTERIM_REVIEW},
}


def review_open_check(*, campaign: Campaign, kind) -> None:
    """Raise a ValidationError saying why the review cannot be opened now, if it cannot."""
    kind = CampaignReview.Kind(kind)
    if campaign.status not in REVIEW_OPENS_FROM[kind]:
        raise ValidationError(
            _("The %(review)s cannot be opened while the campaign's status is “%(status)s”.")
            % {
                "review": kind.label.lower(),
                "status": campaign.get_status_display().lower(),
            }
        )
    if CampaignReview.objects.filter(campaign=campaign, kind=kind).exists():
        raise ValidationError(
            _("The %(review)s has already been opened.") % {"review": kind.label.lower()}
        )
    interim_pending = CampaignReview.objects.filter(
        campaign=campaign, kind=CampaignReview.Kind.INTERIM, concluded_at__isnull=True
    )
    if kind == CampaignReview.Kind.FINAL and interim_pending.exists():
        raise ValidationError(_("Conclude the interim review before opening the final review."))


@transaction.atomic
def review_open(*, actor, campaign: Campaign, kind) -> CampaignReview:
    """Open the interim or final review (sơ kết, tổng kết) of a launched campaign."""
    if not actor.has_perm("campaigns.manage_campaigns"):
        raise PermissionDenied(_("Only the emulation officer opens a review."))
    campaign = _lock(Campaign, campaign)
    kind = CampaignReview.Kind(kind)
    review_open_check(campaign=campaign, kind=kind)
    review = CampaignReview.objects.create(campaign=campaign, kind=kind, opened_by=actor)
    campaign.status = (
        Campaign.Status.INTERIM_REVIEW
        if kind == CampaignReview.Kind.INTERIM
        else Campaign.Status.FINAL_REVIEW
    )
    campaign.save(update_fields=["status"])
    event_record(actor=actor, verb=f"{kind}_review_opened", target=campaign, summary=campaign.name)
    return review


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


@transaction.atomic
def review_conclude(*, actor, review: CampaignReview, conclusions: str, snapshot=None):
    """Record the officer's conclusions with a snapshot of the counts; the final review closes
    the campaign, its covenants and its reports."""
    if not actor.has_perm("campaigns.manage_campaigns"):
        raise PermissionDenied(_("Only the emulation officer concludes a review."))
    review = _lock(CampaignReview, review)
    campaign = _lock(Campaign, review.campaign)
    if review.concluded_at is not None:
        raise ValidationError(
            _("This review was concluded on %(date)s; its conclusions can no longer be changed.")
            % {"date": f"{timezone.localtime(review.concluded_at):%d/%m/%Y}"}
        )
    if campaign.status == Campaign.Status.CLOSED:
        raise ValidationError(_("The campaign is closed and can no longer be changed."))
    conclusions = conclusions.strip()
    if not conclusions:
        raise ValidationError({"conclusions": _("Write the review's conclusions.")})
    review.conclusions = conclusions
    review.snapshot = snapshot if snapshot is not None else _tallies_snapshot(campaign)
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


# Deadlines

DEADLINE_NOTIFIED = "deadline_notified"
DEADLINE_NOTICE_DAYS = 7


def _deadlines_announced(model, objects) -> set[tuple[str, str]]:
    """Return (object id, date) pairs already announced, read from the event log in one query."""
    from django.contrib.contenttypes.models import ContentType

    from organizations.models import Event

    rows = Event.objects.filter(
        verb=DEADLINE_NOTIFIED,
        target_type=ContentType.objects.get_for_model(model),
        target_id__in=[str(obj.pk) for obj in objects],
    ).values_list("target_id", "data")
    return {(target_id, (data or {}).get("date")) for target_id, data in rows}


@transaction.atomic
def deadlines_notify(*, today, days=DEADLINE_NOTICE_DAYS) -> dict[str, int]:
    """Announce what falls due within `days` of `today`, each deadline once, however often run.

    For campaigns that are launched or under review: each party's representative hears of its
    commitments (in a covenant in force, not yet reported as met) due in the window; everyone in
    the agency hears of the milestones of kind deadline or review in the window. Each announcement
    is recorded as a `deadline_notified` event keyed by the object and its date, so a second run,
    the same day or the next, skips it, and a date that moves is announced again.
    """
    import datetime
    from collections import defaultdict

    if days < 0:
        raise ValidationError(_("The number of days cannot be negative."))
    until = today + datetime.timedelta(days=days)
    # Locking the campaigns serialises two runs started at the same moment: the second one
    # waits, then finds the first one's events and announces nothing twice.
    campaigns = list(
        Campaign.objects.select_for_update()
        .filter(
            status__in=[
                Campaign.Status.LAUNCHED,
                Campaign.Status.INTERIM_REVIEW,
                Campaign.Status.FINAL_REVIEW,
            ]
        )
        .order_by("pk")
    )
    sent_on = today.isoformat()
    result = {"commitments": 0, "milestones": 0, "notifications": 0}

    commitments = list(
        Commitment.objects.filter(
            party__covenant__campaign__in=campaigns,
            party__covenant__status=Covenant.Status.IN_FORCE,
            due_date__gte=today,
            due_date__lte=until,
        )
        .select_related("party__unit", "party__representative__user")
        .order_by("party__covenant_id", "party__order", "due_date", "pk")
    )
    # Met under an earlier version counts too: the amendment carried the commitment over.
    chains = selectors.commitment_chains(commitments)
    met = set(
        ProgressReport.objects.filter(
            commitment_id__in={pk for chain in chains.values() for pk in chain},
            status=ProgressReport.Status.MET,
        ).values_list("commitment_id", flat=True)
    )
    commitments = [c for c in commitments if met.isdisjoint(chains[c.pk])]
    announced = _deadlines_announced(Commitment, commitments)
    by_party = defaultdict(list)
    for commitment in commitments:
        if (str(commitment.pk), commitment.due_date.isoformat()) not in announced:
            by_party[commitment.party].append(commitment)
    for party, due in by_party.items():
        user = party.representative.user
        if user is None or not user.is_active:
            # Nobody can read it; it is announced once the representative has a login.
            continue
        lines = [f"{c.due_date:%d/%m/%Y} – {c.text}" for c in due]
        result["notifications"] += len(
            notify(
                recipients=[user],
                title=_("Commitments of %(unit)s due soon") % {"unit": party.unit},
                body="\n".join(lines),
                url=reverse("campaigns:party_progress", args=[party.pk]),
            )
        )
        for commitment in due:
            event_record(
                actor=None,
                verb=DEADLINE_NOTIFIED,
                target=commitment,
                summary=f"{party.unit}: {commitment.text[:200]}",
                data={
                    "commitment": commitment.pk,
                    "date": commitment.due_date.isoformat(),
                    "sent_on": sent_on,
                },
            )
        result["commitments"] += len(due)

    milestones = list(
        Milestone.objects.filter(
            campaign__in=campaigns,
            kind__in=[Milestone.Kind.DEADLINE, Milestone.Kind.REVIEW],
            date__gte=today,
            date__lte=until,
        )
        .select_related("campaign__organiser")
        .order_by("date", "pk")
    )
    announced = _deadlines_announced(Milestone, milestones)
    titles = {
        Milestone.Kind.DEADLINE: _("Deadline on %(date)s: %(title)s"),
        Milestone.Kind.REVIEW: _("Review on %(date)s: %(title)s"),
    }
    for milestone in milestones:
        if (str(milestone.pk), milestone.date.isoformat()) in announced:
            continue
        campaign = milestone.campaign
        result["notifications"] += len(
            notify(
                recipients=_agency_users(campaign),
                title=titles[milestone.kind]
                % {"date": f"{milestone.date:%d/%m/%Y}", "title": milestone.title},
                body=campaign.name,
                url=campaign.get_absolute_url(),
            )
        )
        event_record(
            actor=None,
            verb=DEADLINE_NOTIFIED,
            target=milestone,
            summary=str(milestone),
            data={
                "milestone": milestone.pk,
                "date": milestone.date.isoformat(),
                "sent_on": sent_on,
            },
        )
        result["milestones"] += 1
    return result
