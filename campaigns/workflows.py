"""The workflows of campaigns, covenants, signatures, progress reports and reviews, declared once.

Services take these transitions through `organizations.workflow.perform` (or `check` for an
action that changes no state); views and templates ask `can(user, obj, action)`.
"""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from campaigns.models import Campaign, CampaignReview, Covenant, Party, ProgressReport
from campaigns.rules import acts_for_report, is_representative, speaks_for_party
from organizations.rules import is_officer
from organizations.workflow import Action, Guard, Workflow

CampaignStatus = Campaign.Status
CovenantStatus = Covenant.Status
Review = ProgressReport.Review

CAMPAIGN_CHANGES = frozenset(CampaignStatus.values) - {CampaignStatus.CLOSED}
CAMPAIGN_CLOSED = _("The campaign is closed and can no longer be changed.")


def _has_interim_pending(campaign) -> bool:
    return CampaignReview.objects.filter(
        campaign=campaign, kind=CampaignReview.Kind.INTERIM, concluded_at__isnull=True
    ).exists()


def _review_refused(kind):
    def message(campaign):
        return gettext(
            "The %(review)s cannot be opened while the campaign's status is “%(status)s”."
        ) % {"review": kind.label.lower(), "status": campaign.get_status_display().lower()}

    return message


campaign = Workflow(
    "campaign",
    Campaign,
    actions=[
        # Its description, focus areas, milestones, documents and covenants.
        Action(
            "change",
            _("Edit"),
            who=is_officer,
            sources=CAMPAIGN_CHANGES,
            denied=_("Only the emulation officer manages campaigns."),
            refused=CAMPAIGN_CLOSED,
        ),
        Action(
            "launch",
            _("Launch"),
            who=is_officer,
            sources={CampaignStatus.DRAFT},
            target=CampaignStatus.LAUNCHED,
            verb="campaign_launched",
            denied=_("Only the emulation officer launches a campaign."),
            refused=_("Only a draft campaign can be launched; this one is already %(state)s."),
        ),
        Action(
            "open_interim_review",
            _("Open the interim review"),
            who=is_officer,
            sources={CampaignStatus.LAUNCHED},
            target=CampaignStatus.INTERIM_REVIEW,
            verb="interim_review_opened",
            denied=_("Only the emulation officer opens a review."),
            refused=_review_refused(CampaignReview.Kind.INTERIM),
        ),
        Action(
            "open_final_review",
            _("Open the final review"),
            who=is_officer,
            sources={CampaignStatus.LAUNCHED, CampaignStatus.INTERIM_REVIEW},
            target=CampaignStatus.FINAL_REVIEW,
            verb="final_review_opened",
            denied=_("Only the emulation officer opens a review."),
            refused=_review_refused(CampaignReview.Kind.FINAL),
            guards=(
                Guard(
                    lambda campaign: not _has_interim_pending(campaign),
                    _("Conclude the interim review before opening the final review."),
                ),
            ),
        ),
        # Concluding the final review closes the campaign (see `review` below).
        Action(
            "close",
            _("Close"),
            who=None,
            automatic=True,
            sources={CampaignStatus.FINAL_REVIEW},
            target=CampaignStatus.CLOSED,
        ),
    ],
)


def _covenant_locked(covenant) -> str:
    if covenant.status in (CovenantStatus.AMENDED, CovenantStatus.CLOSED):
        return gettext(
            "This version of the covenant is %(state)s and can no longer be changed."
        ) % {"state": covenant.get_status_display().lower()}
    return gettext("The covenant is in force; change it through an amendment.")


covenant = Workflow(
    "covenant",
    Covenant,
    actions=[
        # Its parties, while it is a draft or open for signature.
        Action(
            "change",
            _("Edit"),
            who=is_officer,
            sources=CovenantStatus.editable,
            denied=_("Only the emulation officer manages covenants."),
            refused=_covenant_locked,
        ),
        Action(
            "open",
            _("Open the covenant for signing"),
            who=is_officer,
            sources={CovenantStatus.DRAFT},
            target=CovenantStatus.OPEN,
            verb="covenant_opened",
            denied=_("Only the emulation officer manages covenants."),
            refused=_("Only a draft covenant can be opened for signature."),
        ),
        Action(
            "amend",
            _("Propose an amendment"),
            who=is_officer,
            sources={CovenantStatus.IN_FORCE},
            denied=_("Only the emulation officer manages covenants."),
            refused=_("Only a covenant in force can be amended."),
            guards=(
                Guard(
                    lambda covenant: not Covenant.objects.filter(amends=covenant).exists(),
                    _("An amendment of this covenant is already under way."),
                ),
            ),
        ),
        # The last signature puts the covenant in force; an amendment in force supersedes the
        # version it amends; concluding the final review closes it.
        Action(
            "enter_into_force",
            _("Enter into force"),
            who=None,
            automatic=True,
            sources={CovenantStatus.OPEN},
            target=CovenantStatus.IN_FORCE,
            verb="covenant_in_force",
        ),
        Action(
            "supersede",
            _("Supersede"),
            who=None,
            automatic=True,
            sources={CovenantStatus.IN_FORCE},
            target=CovenantStatus.AMENDED,
        ),
        Action(
            "close",
            _("Close"),
            who=None,
            automatic=True,
            sources={CovenantStatus.IN_FORCE},
            target=CovenantStatus.CLOSED,
        ),
    ],
)


def _signed(party) -> bool:
    try:
        return party.signature is not None
    except Party.signature.RelatedObjectDoesNotExist:
        return False


def _lock_party(party):
    """Lock the party's covenant, whose state the last signature changes, and re-read both."""
    locked = Covenant.objects.select_for_update().get(pk=party.covenant_id)
    party = Party.objects.select_related("representative", "unit").get(pk=party.pk)
    party.covenant = locked
    return party


def _cannot_sign(party) -> str:
    return gettext("Only %(name)s can sign for %(unit)s.") % {
        "name": party.representative.full_name,
        "unit": party.unit,
    }


def _reports_closed(party) -> str:
    campaign = party.covenant.campaign
    if campaign.status == CampaignStatus.CLOSED:
        return gettext("The campaign is closed; its reports are locked.")
    return gettext("The campaign has not been launched; progress cannot be reported.")


def _not_in_force(party) -> str:
    if party.covenant.status == CovenantStatus.AMENDED:
        return gettext("This version of the covenant has been superseded; report on the amendment.")
    return gettext("Progress is reported once the covenant is in force.")


party = Workflow(
    "party",
    Party,
    state=lambda party: "signed" if _signed(party) else "unsigned",
    states=("unsigned", "signed"),
    lock=_lock_party,
    event_target=lambda party: party.covenant,
    actions=[
        Action(
            "sign",
            _("Sign"),
            who=is_representative,
            in_person=True,
            sources={"unsigned"},
            verb="covenant_signed",
            denied=_cannot_sign,
            refused=lambda party: gettext("%(unit)s has already signed.") % {"unit": party.unit},
            guards=(
                Guard(
                    lambda party: party.covenant.status == CovenantStatus.OPEN,
                    _("This covenant is not open for signature."),
                ),
            ),
        ),
        Action(
            "edit_commitments",
            _("Edit commitments"),
            who=speaks_for_party,
            denied=_("You cannot edit this party's commitments."),
            guards=(
                Guard(
                    lambda party: party.covenant.status in CovenantStatus.editable,
                    _(
                        "The covenant is in force; its commitments are locked. "
                        "Propose an amendment."
                    ),
                ),
            ),
        ),
        Action(
            "report_progress",
            _("Report progress"),
            who=speaks_for_party,
            denied=_("You cannot report for this party."),
            guards=(
                Guard(
                    lambda party: party.covenant.campaign.status in CampaignStatus.open_for_reports,
                    _reports_closed,
                ),
                Guard(
                    lambda party: party.covenant.status == CovenantStatus.IN_FORCE,
                    _not_in_force,
                ),
            ),
        ),
    ],
)


def _report_campaign_open(report) -> bool:
    return report.commitment.party.covenant.campaign.status in CampaignStatus.open_for_reports


def _reviewed_already(report) -> str:
    return gettext("This report has already been %(review)s.") % {
        "review": report.get_review_display().lower()
    }


REPORTS_LOCKED = Guard(_report_campaign_open, _("The campaign is closed; its reports are locked."))

report = Workflow(
    "report",
    ProgressReport,
    field="review",
    select_related=("commitment__party__covenant__campaign", "commitment__party__unit"),
    event_target=lambda report: report.commitment.party.covenant,
    actions=[
        Action(
            "accept",
            _("Accept"),
            who=is_officer,
            sources={Review.PENDING},
            target=Review.ACCEPTED,
            verb="report_accepted",
            denied=_("Only the emulation officer reviews progress reports."),
            refused=_reviewed_already,
            guards=(REPORTS_LOCKED,),
        ),
        Action(
            "return",
            _("Return"),
            who=is_officer,
            sources={Review.PENDING},
            target=Review.RETURNED,
            verb="report_returned",
            denied=_("Only the emulation officer reviews progress reports."),
            refused=_reviewed_already,
            guards=(REPORTS_LOCKED,),
        ),
        # Reporting the period again: until the officer accepts it.
        Action(
            "revise",
            _("Report again"),
            who=is_officer | acts_for_report,
            sources={Review.PENDING, Review.RETURNED},
            target=Review.PENDING,
            denied=_("You cannot report for this party."),
            refused=lambda report: (
                gettext("The report for %(period)s has been accepted and can no longer be changed.")
                % {"period": report.get_period_display().lower()}
            ),
            guards=(REPORTS_LOCKED,),
        ),
    ],
)


def _review_concluded_already(review) -> str:
    from django.utils import timezone

    return gettext(
        "This review was concluded on %(date)s; its conclusions can no longer be changed."
    ) % {"date": f"{timezone.localtime(review.concluded_at):%d/%m/%Y}"}


review = Workflow(
    "review",
    CampaignReview,
    state=lambda review: "concluded" if review.concluded_at else "open",
    states=("open", "concluded"),
    select_related=("campaign",),
    event_target=lambda review: review.campaign,
    actions=[
        Action(
            "conclude",
            _("Record the conclusions"),
            who=is_officer,
            sources={"open"},
            verb=lambda review: f"{review.kind}_review_concluded",
            denied=_("Only the emulation officer concludes a review."),
            refused=_review_concluded_already,
            guards=(
                Guard(
                    lambda review: review.campaign.status != CampaignStatus.CLOSED, CAMPAIGN_CLOSED
                ),
            ),
        ),
    ],
)
