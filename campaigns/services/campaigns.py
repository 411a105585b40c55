"""Campaigns: their description, launch, focus areas, milestones and documents."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.models import Campaign, CampaignDocument, Commitment, FocusArea, Milestone
from campaigns.uploads import validate_upload
from organizations.actors import user_or_none
from organizations.events import event_record
from organizations.scope import agency_root_path
from organizations.workflow import Notice, check, perform


def lock_campaign(campaign: Campaign) -> Campaign:
    return Campaign.objects.select_for_update().get(pk=campaign.pk)


def agency_users(campaign: Campaign):
    """Return the active logins of the people working in the campaign's organising agency."""
    return get_user_model().objects.filter(
        is_active=True,
        # The whole agency, even when a division organises the campaign.
        person__unit__path__startswith=agency_root_path(campaign.organiser.path),
        person__end_date__isnull=True,
    )


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
    created = campaign.pk is None
    if created:
        if not actor.has_perm("campaigns.manage_campaigns"):
            raise PermissionDenied(_("Only the emulation officer manages campaigns."))
    else:
        check(actor, lock_campaign(campaign), "change")
    for name, value in fields.items():
        setattr(campaign, name, value)
    if created:
        campaign.created_by = user_or_none(actor)
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

    def apply(campaign):
        if not campaign.focus_areas.exists():
            raise ValidationError(_("Add at least one focus area before launching the campaign."))

    return perform(
        actor=actor,
        obj=campaign,
        action="launch",
        apply=apply,
        changes=lambda campaign: {
            "launch_date": launch_date or campaign.launch_date or timezone.localdate()
        },
        summary=campaign.name,
        notice=lambda campaign: Notice(
            recipients=agency_users(campaign),
            title=_("Campaign launched: %(name)s") % {"name": campaign.name},
            url=campaign.get_absolute_url(),
        ),
    )


@transaction.atomic
def focus_area_save(*, actor, focus_area: FocusArea, number, title, text="") -> FocusArea:
    """Add or edit a numbered focus area while the campaign is not closed."""
    campaign = lock_campaign(focus_area.campaign)
    check(actor, campaign, "change")
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
    campaign = lock_campaign(milestone.campaign)
    check(actor, campaign, "change")
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
    campaign = lock_campaign(campaign)
    check(actor, campaign, "change")
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
        uploaded_by=user_or_none(actor),
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
