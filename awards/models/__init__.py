"""The awards app's models, one module per area; all importable from `awards.models`."""

from awards.models.catalogue import Award, AwardQuerySet, Rule, RuleSet, RuleSetQuerySet
from awards.models.council import (
    Ballot,
    BallotParticipation,
    Council,
    CouncilItem,
    CouncilMember,
    CouncilQuerySet,
    CouncilSession,
    CouncilSessionQuerySet,
    SessionMember,
)
from awards.models.decisions import DocumentSequence
from awards.models.history import (
    AwardRecord,
    AwardRecordQuerySet,
    Initiative,
    InitiativeAuthor,
    InitiativeQuerySet,
)
from awards.models.nominations import (
    Nomination,
    NominationAttachment,
    NominationList,
    NominationListQuerySet,
    NominationQuerySet,
)
from awards.models.posting import (
    Posting,
    PostingComment,
    PostingCommentQuerySet,
    PostingEntry,
    PostingEntryQuerySet,
    PostingQuerySet,
    PublicHoliday,
    working_days_after,
)
from awards.models.registrations import (
    Registration,
    RegistrationList,
    RegistrationListQuerySet,
    RegistrationQuerySet,
)

__all__ = [
    "Award",
    "AwardQuerySet",
    "AwardRecord",
    "AwardRecordQuerySet",
    "Ballot",
    "BallotParticipation",
    "Council",
    "CouncilItem",
    "CouncilMember",
    "CouncilQuerySet",
    "CouncilSession",
    "CouncilSessionQuerySet",
    "DocumentSequence",
    "Initiative",
    "InitiativeAuthor",
    "InitiativeQuerySet",
    "Nomination",
    "NominationAttachment",
    "NominationList",
    "NominationListQuerySet",
    "NominationQuerySet",
    "Posting",
    "PostingComment",
    "PostingCommentQuerySet",
    "PostingEntry",
    "PostingEntryQuerySet",
    "PostingQuerySet",
    "PublicHoliday",
    "Registration",
    "RegistrationList",
    "RegistrationListQuerySet",
    "RegistrationQuerySet",
    "Rule",
    "RuleSet",
    "RuleSetQuerySet",
    "SessionMember",
    "working_days_after",
]
