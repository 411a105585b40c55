"""How the awards app's events read in a person's or unit's recent changes."""

from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from awards.models import Award
from organizations.events import describes


def _award_name(code: str) -> str:
    award = Award.objects.filter(code=code).first()
    return award.name if award is not None else code


@describes("award_recorded")
def _award_recorded(data):
    return _("Award history: %(award)s for %(year)s, decision %(decision)s") % {
        "award": _award_name(data["award"]),
        "year": data["year"],
        "decision": data["decision"],
    }


@describes("award_revoked")
def _award_revoked(data):
    return _("Award revoked: %(award)s for %(year)s, by decision %(decision)s") % {
        "award": _award_name(data["award"]),
        "year": data["year"],
        "decision": data["decision"],
    }


@describes("initiative_recorded")
def _initiative_recorded(data):
    return _("Initiative recorded, decision %(decision)s") % {"decision": data["decision"]}


@describes("initiative_used")
def _initiative_used(data):
    return _("Initiative used for %(award)s in %(year)s") % {
        "award": _award_name(data["award"]),
        "year": data["year"],
    }


# How the registration events read in a list's history, in the reader's language.


def _registered_award_name(data) -> str:
    """Return the award's name in the reader's language from the event, without a query."""
    english = (get_language() or "vi").startswith("en")
    return data.get("award_en" if english else "award_vi") or data["award"]


@describes("registration_added")
def _registration_added(data):
    return _("Registered %(name)s for %(award)s") % {
        "name": data["name"],
        "award": _registered_award_name(data),
    }


@describes("registration_removed")
def _registration_removed(data):
    return _("Removed the registration of %(name)s for %(award)s") % {
        "name": data["name"],
        "award": _registered_award_name(data),
    }


@describes("registration_list_submitted")
def _registration_list_submitted(data):
    return ngettext(
        "Submitted the list with %(count)s registration",
        "Submitted the list with %(count)s registrations",
        data["count"],
    ) % {"count": data["count"]}


@describes("registration_list_approved")
def _registration_list_approved(data):
    if data.get("comment"):
        return _("Approved the list: %(comment)s") % {"comment": data["comment"]}
    return _("Approved the list")


@describes("registration_list_returned")
def _registration_list_returned(data):
    return _("Returned the list: %(comment)s") % {"comment": data["comment"]}


# Nominations: the timeline of a dossier and the history of a unit's list.


def _verdict_word(outcome: str) -> str:
    from awards.models import Nomination

    try:
        return str(Nomination.Verdict(outcome).label).lower()
    except ValueError:
        return outcome


@describes("nomination_added")
def _nomination_added(data):
    return _("Dossier started: %(award)s for %(year)s") % {
        "award": _award_name(data["award"]),
        "year": data["year"],
    }


@describes("nomination_edited")
def _nomination_edited(data):
    return _("Dossier edited")


@describes("nomination_report_signed")
def _nomination_report_signed(data):
    return _("Signed achievement report attached")


@describes("nomination_attachment_added")
def _nomination_attachment_added(data):
    return _("Proof attached")


@describes("nomination_attachment_removed")
def _nomination_attachment_removed(data):
    return _("Proof removed")


@describes("nomination_removed")
def _nomination_removed(data):
    return _("Dossier taken off the list")


@describes("nomination_submitted")
def _nomination_submitted(data):
    return _("Sent to the emulation office; verdict at sending: %(verdict)s") % {
        "verdict": _verdict_word(data["verdict"])
    }


@describes("nomination_returned")
def _nomination_returned(data):
    return _("Returned to the unit with a comment")


@describes("nomination_accepted")
def _nomination_accepted(data):
    return _("Accepted by the emulation office")


@describes("nomination_list_submitted")
def _nomination_list_submitted(data):
    count = data["count"]
    return ngettext(
        "List sent to the emulation office with %(count)s dossier",
        "List sent to the emulation office with %(count)s dossiers",
        count,
    ) % {"count": count}


@describes("nomination_placed_before_council")
def _nomination_placed(data):
    return _("Placed before the council")


@describes("nomination_passed")
def _nomination_passed(data):
    return _("Passed by the council")


@describes("nomination_not_passed")
def _nomination_not_passed(data):
    return _("Not passed by the council")


@describes("nomination_withdrawn_from_council")
def _nomination_withdrawn(data):
    return _("Taken off the council's agenda")


# The council. A ballot's event says that a member voted, never how.


@describes("council_created")
def _council_created(data):
    return _("Council set up")


@describes("council_member_added")
def _council_member_added(data):
    from awards.models import CouncilMember

    return _("Member seated: %(person)s, %(role)s") % {
        "person": data["person"],
        "role": str(CouncilMember.Role(data["role"]).label).lower(),
    }


@describes("council_member_changed")
def _council_member_changed(data):
    from awards.models import CouncilMember

    if not data["active"]:
        return _("Member left the council: %(person)s") % {"person": data["person"]}
    return _("Member's role changed: %(person)s, %(role)s") % {
        "person": data["person"],
        "role": str(CouncilMember.Role(data["role"]).label).lower(),
    }


@describes("council_session_created")
def _council_session_created(data):
    return _("Session called for the nominations of %(year)s") % {"year": data["year"]}


@describes("council_attendance_recorded")
def _council_attendance(data):
    return _("Attendance recorded: %(present)s of %(members)s members present") % data


@describes("council_session_opened")
def _council_session_opened(data):
    return _("Vote opened")


@describes("council_ballot_cast")
def _council_ballot_cast(data):
    return _("A member voted")


@describes("council_written_ballot_entered")
def _council_written_ballot(data):
    return _("An absent member's written vote entered")


@describes("council_session_closed")
def _council_session_closed(data):
    return _("Vote closed and counted: %(passed)s of %(items)s passed") % data


@describes("council_session_concluded")
def _council_session_concluded(data):
    return _("Session concluded")


@describes("council_tie_broken")
def _council_tie_broken(data):
    return _("The chair decided a tie: %(reason)s") % {"reason": data["reason"]}


# Public posting. A comment's event names nobody: the public signs with any name it likes.


@describes("posting_created")
def _posting_created(data):
    return ngettext(
        "List of %(year)s prepared with %(count)s entry",
        "List of %(year)s prepared with %(count)s entries",
        data["count"],
    ) % {"year": data["year"], "count": data["count"]}


@describes("posting_edited")
def _posting_edited(data):
    return _("List edited")


@describes("posting_published")
def _posting_published(data):
    day = "/".join(reversed(data["closes_on"].split("-")))
    return _("List published, open to comments until %(day)s") % {"day": day}


@describes("posting_comment_received")
def _posting_comment_received(data):
    return _("A comment from the public received")


@describes("posting_comment_answered")
def _posting_comment_answered(data):
    return _("A comment answered")


@describes("posting_comment_resolved")
def _posting_comment_resolved(data):
    return _("A comment resolved without an answer")


# Decisions, submissions to the province and what they make of the dossiers.


@describes("nomination_decided")
def _nomination_decided(data):
    return _("Awarded by decision %(decision)s") % {"decision": data.get("decision", "")}


@describes("nomination_sent_up")
def _nomination_sent_up(data):
    return _("Sent to the province in submission %(submission)s") % {
        "submission": data.get("submission", "")
    }


@describes("nomination_declined")
def _nomination_declined(data):
    return _("Not awarded by the province")


@describes("decision_drafted")
def _decision_drafted(data):
    return ngettext(
        "Decision drafted with %(count)s awardee",
        "Decision drafted with %(count)s awardees",
        data["count"],
    ) % {"count": data["count"]}


@describes("decision_edited")
def _decision_edited(data):
    return _("Draft decision edited")


@describes("decision_issued")
def _decision_issued(data):
    return ngettext(
        "Decision %(number)s issued: %(count)s award",
        "Decision %(number)s issued: %(count)s awards",
        data["count"],
    ) % {"number": data["symbol"], "count": data["count"]}


@describes("document_sequence_continued")
def _document_sequence_continued(data):
    return _("Numbering of %(year)s continued from number %(number)s") % {
        "year": data["year"],
        "number": data["to"],
    }


@describes("submission_drafted")
def _submission_drafted(data):
    return _("Submission to the province prepared")


@describes("submission_edited")
def _submission_edited(data):
    return _("Submission to the province edited")


@describes("submission_sent")
def _submission_sent(data):
    return _("Submission %(number)s sent to the province") % {"number": data.get("symbol", "")}


@describes("submission_returned")
def _submission_returned(data):
    return _("Submission returned by the province for more")


@describes("submission_decided")
def _submission_decided(data):
    return _("The province's decision %(number)s recorded") % {"number": data.get("decision", "")}
