"""The workflows of the organisation's records, declared once (see organizations.workflow)."""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from organizations.models import PendingReview
from organizations.rules import is_officer, record_in_scope
from organizations.workflow import Action, Workflow

pending_review = Workflow(
    "pending_review",
    PendingReview,
    state=lambda review: "closed" if review.closed_on else "open",
    states=("open", "closed"),
    select_related=("person__unit",),
    event_target=lambda review: review.person,
    actions=[
        Action(
            "close",
            _("Close"),
            who=is_officer & record_in_scope,
            sources={"open"},
            verb="pending_review_closed",
            denied=_("Only the emulation officer records ratings and discipline."),
            refused=lambda review: (
                gettext("This review was already closed on %(day)s.")
                % {"day": review.closed_on.strftime("%d/%m/%Y")}
            ),
        ),
    ],
)
