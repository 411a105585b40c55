"""Deadlines: what falls due soon is announced once to whoever must act, however often run."""

import datetime
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from campaigns import selectors
from campaigns.models import Campaign, Commitment, Covenant, Milestone, ProgressReport
from campaigns.services.campaigns import agency_users
from organizations.actors import SYSTEM
from organizations.events import event_record
from organizations.models import Event
from organizations.notifications import notify

DEADLINE_NOTIFIED = "deadline_notified"
DEADLINE_NOTICE_DAYS = 7


def _deadlines_announced(model, objects) -> set[tuple[str, str]]:
    """Return (object id, date) pairs already announced, read from the event log in one query."""
    rows = (
        Event.objects.filter(verb=DEADLINE_NOTIFIED)
        .for_targets(model, [obj.pk for obj in objects])
        .values_list("target_id", "data")
    )
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
    if days < 0:
        raise ValidationError(_("The number of days cannot be negative."))
    until = today + datetime.timedelta(days=days)
    # Locking the campaigns serialises two runs started at the same moment: the second one
    # waits, then finds the first one's events and announces nothing twice.
    campaigns = list(
        Campaign.objects.select_for_update()
        .filter(status__in=Campaign.Status.open_for_reports)
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
                actor=SYSTEM,
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
                recipients=agency_users(campaign),
                title=titles[milestone.kind]
                % {"date": f"{milestone.date:%d/%m/%Y}", "title": milestone.title},
                body=campaign.name,
                url=campaign.get_absolute_url(),
            )
        )
        event_record(
            actor=SYSTEM,
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
