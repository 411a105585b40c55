"""The awards app's models, one module per area; all importable from `awards.models`."""

from awards.models.catalogue import Award, AwardQuerySet, Rule, RuleSet, RuleSetQuerySet
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
    "Initiative",
    "InitiativeAuthor",
    "InitiativeQuerySet",
    "Nomination",
    "NominationAttachment",
    "NominationList",
    "NominationListQuerySet",
    "NominationQuerySet",
    "Registration",
    "RegistrationList",
    "RegistrationListQuerySet",
    "RegistrationQuerySet",
    "Rule",
    "RuleSet",
    "RuleSetQuerySet",
]
