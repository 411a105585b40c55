"""How the campaigns app's events read in an audit trail: what happened, then what it is about
(the summary the service stored: a campaign's name, a focus area, a party's unit)."""

from django.utils.translation import gettext_lazy as _

from organizations.events import labels_verbs

labels_verbs(
    {
        "campaign_created": _("Campaign drafted"),
        "campaign_edited": _("Campaign edited"),
        "campaign_launched": _("Campaign launched"),
        "focus_area_saved": _("Focus area saved"),
        "milestone_saved": _("Milestone saved"),
        "document_added": _("Document attached"),
        "covenant_created": _("Covenant drafted"),
        "party_added": _("Party added"),
        "commitment_added": _("Commitment added"),
        "commitment_edited": _("Commitment edited"),
        "commitment_removed": _("Commitment removed"),
        "covenant_opened": _("Covenant opened for signature"),
        "covenant_signed": _("Covenant signed for"),
        "covenant_in_force": _("Covenant in force"),
        "covenant_amendment_started": _("Amendment started"),
        "progress_reported": _("Progress reported"),
        "report_accepted": _("Report accepted"),
        "report_returned": _("Report returned"),
        "interim_review_opened": _("Interim review opened"),
        "interim_review_concluded": _("Interim review concluded"),
        "final_review_opened": _("Final review opened"),
        "final_review_concluded": _("Final review concluded"),
        "deadline_notified": _("Deadline announced"),
    }
)
