"""The council (Hội đồng Thi đua - Khen thưởng): its members, its sessions, the secret ballot and
the count. Each write atomic, through the session's declared workflow where its state changes,
recorded as an event; a ballot is written apart from the record of who cast it.

The count follows the rule set of the year considered: the share of "agree" over the council's
total membership (Nghị định 91/2017/NĐ-CP Khoản 8 Điều 45: "tính trên tổng số thành viên của Hội
đồng"), at least the threshold of the award's rule (or more than half, for awards with none);
where a quota limits how many CSTĐCS may pass, those above it are ranked by "agree" votes and the
chair decides a tie at the limit.
"""

from awards.services.council.ballots import (
    ballot_cast,
    session_close,
    tie_break,
    unaccounted,
    written_ballot_enter,
)
from awards.services.council.members import (
    council_create,
    council_member_add,
    council_member_change,
)
from awards.services.council.sessions import (
    eligible_for_session,
    session_attendance,
    session_create,
    session_item_remove,
    session_items_add,
    session_open,
)
from awards.services.council.thresholds import (
    MAJORITY_RULE,
    MANAGE_DENIED,
    QUORUM_RULE,
    VOTE_RULES,
    VoteRule,
    rule_set_of,
    vote_rule,
)

__all__ = [
    "MAJORITY_RULE",
    "MANAGE_DENIED",
    "QUORUM_RULE",
    "VOTE_RULES",
    "VoteRule",
    "ballot_cast",
    "council_create",
    "council_member_add",
    "council_member_change",
    "eligible_for_session",
    "rule_set_of",
    "session_attendance",
    "session_close",
    "session_create",
    "session_item_remove",
    "session_items_add",
    "session_open",
    "tie_break",
    "unaccounted",
    "vote_rule",
    "written_ballot_enter",
]
