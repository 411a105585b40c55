"""The workflows of registration lists, registrations, initiatives and award records, declared
once. Services take them through `organizations.workflow`; views and templates ask `can`.

The nominations, council ballots and decisions of "Awards II/III" declare theirs here too.
"""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from awards.models import (
    AwardRecord,
    CouncilSession,
    Decision,
    Initiative,
    Nomination,
    NominationList,
    Posting,
    PostingComment,
    Registration,
    RegistrationList,
    Submission,
)
from awards.rules import (
    acts_for_unit,
    chairs_council,
    is_registrant,
    manages_history,
    officer_over,
    runs_council,
    sits_on_council,
)
from organizations.workflow import Action, Workflow

ListStatus = RegistrationList.Status


def _list_locked(registration_list) -> str:
    """Say why a list can no longer be changed: approved, or awaiting the office's review."""
    values = {"unit": registration_list.unit, "year": registration_list.year}
    if registration_list.status == ListStatus.APPROVED:
        return (
            gettext("The list of %(unit)s for %(year)s was approved; it can no longer be changed.")
            % values
        )
    return (
        gettext(
            "The list of %(unit)s for %(year)s has been submitted for review; it can no longer "
            "be changed unless the emulation officer returns it."
        )
        % values
    )


def _not_submittable(registration_list) -> str:
    if registration_list.status == ListStatus.SUBMITTED:
        return gettext("This list has already been submitted; it awaits review.")
    return _list_locked(registration_list)


def _not_reviewable(registration_list) -> str:
    return gettext("Only a submitted list can be reviewed; this one is %(status)s.") % {
        "status": registration_list.get_status_display().lower()
    }


registration_list = Workflow(
    "registration_list",
    RegistrationList,
    select_related=("unit", "campaign"),
    actions=[
        # Registering the unit's people and its collective title, by its head or the officer
        # (a person registering itself is checked on its own person: awards.register_person).
        Action(
            "change",
            _("Register"),
            who=acts_for_unit,
            sources=ListStatus.editable,
            denied=lambda registration_list: (
                gettext(
                    "Only the head of %(unit)s or the emulation officer registers its people and "
                    "titles."
                )
                % {"unit": registration_list.unit}
            ),
            refused=_list_locked,
        ),
        Action(
            "submit",
            _("Submit the list"),
            who=acts_for_unit,
            sources=ListStatus.editable,
            target=ListStatus.SUBMITTED,
            verb="registration_list_submitted",
            denied=lambda registration_list: (
                gettext("Only the head of %(unit)s or the emulation officer submits its list.")
                % {"unit": registration_list.unit}
            ),
            refused=_not_submittable,
        ),
        Action(
            "approve",
            _("Approve"),
            who=officer_over,
            sources={ListStatus.SUBMITTED},
            target=ListStatus.APPROVED,
            verb="registration_list_approved",
            denied=_("Only the emulation officer approves or returns a list."),
            refused=_not_reviewable,
        ),
        Action(
            "return",
            _("Return"),
            who=officer_over,
            sources={ListStatus.SUBMITTED},
            target=ListStatus.RETURNED,
            verb="registration_list_returned",
            denied=_("Only the emulation officer approves or returns a list."),
            refused=_not_reviewable,
        ),
    ],
)

registration = Workflow(
    "registration",
    Registration,
    # An entry has no state of its own: it changes while its list does.
    state=lambda registration: registration.registration_list.status,
    states=ListStatus.values,
    event_target=lambda registration: registration.registration_list,
    actions=[
        Action(
            "remove",
            _("Remove"),
            who=is_registrant | acts_for_unit,
            sources=ListStatus.editable,
            denied=_("Only the registrant, its unit head or the emulation officer removes it."),
            refused=lambda registration: _list_locked(registration.registration_list),
        ),
    ],
)


def _used_already(initiative) -> str:
    return gettext(
        "This initiative was already used for %(award)s in %(year)s. An initiative may be used "
        "once, for a title or a form of commendation (BNV 5007/BNV-TĐKT, 2023)."
    ) % {"award": initiative.used_for_award.name, "year": initiative.used_for_year}


initiative = Workflow(
    "initiative",
    Initiative,
    state=lambda initiative: "used" if initiative.used_for_award_id else "unused",
    states=("unused", "used"),
    select_related=("unit", "used_for_award"),
    actions=[
        Action(
            "use",
            _("Record its use"),
            who=manages_history,
            sources={"unused"},
            verb="initiative_used",
            refused_field="award",
            denied=_("Only the emulation officer records what an initiative is used for."),
            refused=_used_already,
        ),
    ],
)


def _revoked_already(record) -> str:
    return gettext("This award was already revoked by decision %(number)s.") % {
        "number": record.revoking_decision
    }


award_record = Workflow(
    "award_record",
    AwardRecord,
    select_related=("award", "person__unit", "unit"),
    event_target=lambda record: record.person if record.person_id else record.unit,
    actions=[
        Action(
            "revoke",
            _("Revoke"),
            who=manages_history,
            sources={AwardRecord.Status.VALID},
            target=AwardRecord.Status.REVOKED,
            verb="award_revoked",
            denied=_("Only the emulation officer revokes an award."),
            refused=_revoked_already,
        ),
    ],
)


# Nominations (hồ sơ đề nghị khen thưởng)

NominationStatus = Nomination.Status


def _nomination_locked(nomination) -> str:
    if nomination.status == NominationStatus.SUBMITTED:
        return gettext(
            "This dossier awaits the emulation office's review; it can be changed again only if "
            "it is returned."
        )
    return gettext("This dossier is %(status)s and can no longer be changed.") % {
        "status": nomination.get_status_display().lower()
    }


def _not_reviewable_nomination(nomination) -> str:
    return gettext("Only a submitted dossier can be reviewed; this one is %(status)s.") % {
        "status": nomination.get_status_display().lower()
    }


nomination_list = Workflow(
    "nomination_list",
    NominationList,
    select_related=("unit", "campaign"),
    actions=[
        # Adding, editing and removing the unit's dossiers until the list is sent.
        Action(
            "change",
            _("Nominate"),
            who=acts_for_unit,
            sources={NominationList.Status.DRAFT},
            denied=lambda nomination_list: (
                gettext("Only the head of %(unit)s or the emulation officer nominates its people.")
                % {"unit": nomination_list.unit}
            ),
            refused=_(
                "The list has been sent to the emulation office; a returned dossier is fixed "
                "and sent again on its own page."
            ),
        ),
        Action(
            "submit",
            _("Send the list"),
            who=acts_for_unit,
            sources={NominationList.Status.DRAFT},
            target=NominationList.Status.SUBMITTED,
            verb="nomination_list_submitted",
            denied=lambda nomination_list: (
                gettext("Only the head of %(unit)s or the emulation officer sends its list.")
                % {"unit": nomination_list.unit}
            ),
            refused=_("This list has already been sent to the emulation office."),
        ),
    ],
)

nomination = Workflow(
    "nomination",
    Nomination,
    select_related=("nomination_list__unit", "award", "person__unit", "unit"),
    actions=[
        Action(
            "change",
            _("Edit"),
            who=acts_for_unit,
            sources=NominationStatus.editable,
            denied=_("Only the unit's head or the emulation officer edits this dossier."),
            refused=_nomination_locked,
        ),
        # Taking a draft off the list before it is sent (a sent dossier stays on record).
        Action(
            "remove",
            _("Remove"),
            who=acts_for_unit,
            sources={NominationStatus.DRAFT},
            denied=_("Only the unit's head or the emulation officer removes a dossier."),
            refused=_("Only a draft dossier can be removed; a sent one stays on record."),
        ),
        # A draft goes with its unit's list; a returned dossier, once fixed, goes alone.
        Action(
            "send_with_list",
            _("Send with the list"),
            who=None,
            automatic=True,
            sources={NominationStatus.DRAFT},
            target=NominationStatus.SUBMITTED,
            verb="nomination_submitted",
        ),
        Action(
            "submit",
            _("Send again"),
            who=acts_for_unit,
            sources={NominationStatus.RETURNED},
            target=NominationStatus.SUBMITTED,
            verb="nomination_submitted",
            denied=_("Only the unit's head or the emulation officer sends this dossier."),
            refused=lambda nomination: (
                gettext("A draft dossier is sent with its unit's list.")
                if nomination.status == NominationStatus.DRAFT
                else _nomination_locked(nomination)
            ),
        ),
        Action(
            "return",
            _("Return"),
            who=officer_over,
            sources={NominationStatus.SUBMITTED},
            target=NominationStatus.RETURNED,
            verb="nomination_returned",
            denied=_("Only the emulation officer reviews dossiers."),
            refused=_not_reviewable_nomination,
        ),
        Action(
            "accept",
            _("Accept"),
            who=officer_over,
            sources={NominationStatus.SUBMITTED},
            target=NominationStatus.ACCEPTED,
            verb="nomination_accepted",
            denied=_("Only the emulation officer reviews dossiers."),
            refused=_not_reviewable_nomination,
        ),
        # The council's part: placed on a session's agenda, then passed or not by the tally.
        Action(
            "place_before_council",
            _("Place before the council"),
            who=None,
            automatic=True,
            sources={NominationStatus.ACCEPTED},
            target=NominationStatus.IN_COUNCIL,
            verb="nomination_placed_before_council",
        ),
        # Taken off a session's agenda while it is being prepared: accepted again.
        Action(
            "withdraw_from_council",
            _("Take off the agenda"),
            who=None,
            automatic=True,
            sources={NominationStatus.IN_COUNCIL},
            target=NominationStatus.ACCEPTED,
            verb="nomination_withdrawn_from_council",
        ),
        Action(
            "pass",
            _("Passed"),
            who=None,
            automatic=True,
            sources={NominationStatus.IN_COUNCIL},
            target=NominationStatus.PASSED,
            verb="nomination_passed",
        ),
        Action(
            "not_pass",
            _("Not passed"),
            who=None,
            automatic=True,
            sources={NominationStatus.IN_COUNCIL},
            target=NominationStatus.NOT_PASSED,
            verb="nomination_not_passed",
        ),
        # After the council: awarded by the agency's decision, or sent up to the province, which
        # awards it or not.
        Action(
            "decide",
            _("Awarded"),
            who=None,
            automatic=True,
            sources={NominationStatus.PASSED, NominationStatus.SENT_UP},
            target=NominationStatus.DECIDED,
            verb="nomination_decided",
        ),
        Action(
            "send_up",
            _("Sent to the province"),
            who=None,
            automatic=True,
            sources={NominationStatus.PASSED},
            target=NominationStatus.SENT_UP,
            verb="nomination_sent_up",
        ),
        Action(
            "decline",
            _("Not awarded"),
            who=None,
            automatic=True,
            sources={NominationStatus.SENT_UP},
            target=NominationStatus.DECLINED,
            verb="nomination_declined",
        ),
    ],
)


# Council sessions (phiên họp Hội đồng Thi đua - Khen thưởng)

SessionStatus = CouncilSession.Status
RUNS_COUNCIL = _("Only the emulation officer or the council's secretary keeps its sessions.")


council_session = Workflow(
    "council_session",
    CouncilSession,
    select_related=("council__agency",),
    actions=[
        # The agenda, the roll and the date and place, until the vote opens.
        Action(
            "change",
            _("Prepare"),
            who=runs_council,
            sources={SessionStatus.PREPARING},
            denied=RUNS_COUNCIL,
            refused=_("The vote has opened: the agenda and the roll can no longer change."),
        ),
        Action(
            "open",
            _("Open the vote"),
            who=runs_council,
            sources={SessionStatus.PREPARING},
            target=SessionStatus.VOTING,
            verb="council_session_opened",
            denied=RUNS_COUNCIL,
            refused=_("The vote has already been opened."),
        ),
        # A member present casts its own ballot paper; nobody votes for it.
        Action(
            "vote",
            _("Vote"),
            who=sits_on_council,
            in_person=True,
            sources={SessionStatus.VOTING},
            denied=_("Only the members of the council vote."),
            refused=lambda session: (
                gettext("The vote has not opened yet.")
                if session.state.preparing
                else gettext("The vote is closed.")
            ),
        ),
        # The written votes of absent members (phiếu bầu gửi), entered from the paper.
        Action(
            "enter_written",
            _("Enter a written vote"),
            who=runs_council,
            sources={SessionStatus.VOTING},
            denied=RUNS_COUNCIL,
            refused=lambda session: (
                gettext("The vote has not opened yet.")
                if session.state.preparing
                else gettext("The vote is closed.")
            ),
        ),
        Action(
            "close",
            _("Close the vote and count"),
            who=runs_council,
            sources={SessionStatus.VOTING},
            target=SessionStatus.COUNTED,
            verb="council_session_closed",
            denied=RUNS_COUNCIL,
            refused=lambda session: (
                gettext("The vote has not opened yet.")
                if session.state.preparing
                else gettext("The vote is already closed.")
            ),
        ),
        # With no tie at a quota, the count concludes the session at once.
        Action(
            "conclude",
            _("Conclude"),
            who=None,
            automatic=True,
            sources={SessionStatus.COUNTED},
            target=SessionStatus.CONCLUDED,
            verb="council_session_concluded",
        ),
        # Nominees tied at a quota's limit: the chair decides, with a reason on record.
        Action(
            "break_tie",
            _("Decide the tie"),
            who=chairs_council,
            in_person=True,
            sources={SessionStatus.COUNTED},
            target=SessionStatus.CONCLUDED,
            verb="council_tie_broken",
            denied=_("Only the chair of the council decides a tie."),
            refused=_("There is no tie to decide."),
        ),
    ],
)


# Public posting (công khai danh sách)

POSTING_OFFICER = _("Only the emulation officer keeps the public posting.")

posting = Workflow(
    "posting",
    Posting,
    select_related=("agency",),
    actions=[
        Action(
            "change",
            _("Edit"),
            who=officer_over,
            sources={Posting.Status.DRAFT},
            denied=POSTING_OFFICER,
            refused=_("The list is published: it stays as the public read it."),
        ),
        Action(
            "publish",
            _("Publish"),
            who=officer_over,
            sources={Posting.Status.DRAFT},
            target=Posting.Status.PUBLISHED,
            verb="posting_published",
            denied=POSTING_OFFICER,
            refused=_("The list is already published."),
        ),
    ],
)

CommentStatus = PostingComment.Status

posting_comment = Workflow(
    "posting_comment",
    PostingComment,
    select_related=("posting__agency",),
    event_target=lambda comment: comment.posting,
    actions=[
        Action(
            "answer",
            _("Answer"),
            who=officer_over,
            sources={CommentStatus.NEW, CommentStatus.ANSWERED},
            target=CommentStatus.ANSWERED,
            verb="posting_comment_answered",
            denied=POSTING_OFFICER,
            refused=_("This comment was resolved without an answer."),
        ),
        Action(
            "resolve",
            _("Resolve without an answer"),
            who=officer_over,
            sources={CommentStatus.NEW},
            target=CommentStatus.RESOLVED,
            verb="posting_comment_resolved",
            denied=POSTING_OFFICER,
            refused=_("This comment has already been dealt with."),
        ),
    ],
)


# Decisions (quyết định khen thưởng) and submissions to the province (tờ trình)

DECISION_OFFICER = _("Only the emulation officer prepares and issues decisions.")

decision = Workflow(
    "decision",
    Decision,
    select_related=("agency", "posting"),
    actions=[
        Action(
            "change",
            _("Edit"),
            who=officer_over,
            sources={Decision.Status.DRAFT},
            denied=DECISION_OFFICER,
            refused=_("The decision is issued: it stays as it was signed."),
        ),
        Action(
            "issue",
            _("Issue"),
            who=officer_over,
            sources={Decision.Status.DRAFT},
            target=Decision.Status.ISSUED,
            verb="decision_issued",
            denied=DECISION_OFFICER,
            refused=_("The decision has already been issued."),
        ),
    ],
)

SubmissionStatus = Submission.Status
SUBMISSION_OFFICER = _("Only the emulation officer keeps the submissions to the province.")

submission = Workflow(
    "submission",
    Submission,
    select_related=("agency", "posting"),
    actions=[
        Action(
            "change",
            _("Edit"),
            who=officer_over,
            sources={SubmissionStatus.DRAFT, SubmissionStatus.RETURNED},
            denied=SUBMISSION_OFFICER,
            refused=_("The submission is with the province: it changes only if returned."),
        ),
        Action(
            "send",
            _("Send to the province"),
            who=officer_over,
            sources={SubmissionStatus.DRAFT, SubmissionStatus.RETURNED},
            target=SubmissionStatus.SENT,
            verb="submission_sent",
            denied=SUBMISSION_OFFICER,
            refused=_("The submission has already been sent."),
        ),
        Action(
            "return",
            _("Returned for more"),
            who=officer_over,
            sources={SubmissionStatus.SENT},
            target=SubmissionStatus.RETURNED,
            verb="submission_returned",
            denied=SUBMISSION_OFFICER,
            refused=_("Only a submission with the province can come back for more."),
        ),
        Action(
            "record",
            _("Record the province's decision"),
            who=officer_over,
            sources={SubmissionStatus.SENT},
            target=SubmissionStatus.DECIDED,
            verb="submission_decided",
            denied=SUBMISSION_OFFICER,
            refused=lambda submission: (
                gettext("The province's decision is already recorded.")
                if submission.state.decided
                else gettext("Send the submission before recording the province's decision.")
            ),
        ),
    ],
)
