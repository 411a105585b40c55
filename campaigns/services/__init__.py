"""Writes of the campaigns app: each atomic, locking the row whose state changes, checking the
actor's right and the state through the declared workflows (campaigns.workflows), recorded."""

from campaigns.services.campaigns import (
    campaign_launch,
    campaign_save,
    document_add,
    focus_area_save,
    milestone_save,
)
from campaigns.services.covenants import (
    commitment_delete,
    commitment_save,
    covenant_amend,
    covenant_create,
    covenant_open,
    covenant_sign,
    party_add,
)
from campaigns.services.deadlines import DEADLINE_NOTICE_DAYS, DEADLINE_NOTIFIED, deadlines_notify
from campaigns.services.progress import report_review, report_submit
from campaigns.services.reviews import review_action, review_conclude, review_open

__all__ = [
    "DEADLINE_NOTICE_DAYS",
    "DEADLINE_NOTIFIED",
    "campaign_launch",
    "campaign_save",
    "commitment_delete",
    "commitment_save",
    "covenant_amend",
    "covenant_create",
    "covenant_open",
    "covenant_sign",
    "deadlines_notify",
    "document_add",
    "focus_area_save",
    "milestone_save",
    "party_add",
    "report_review",
    "report_submit",
    "review_action",
    "review_conclude",
    "review_open",
]
