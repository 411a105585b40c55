"""Forms of the awards app, one module per area; the award-history forms are re-exported."""

from awards.forms.history import (
    AuthorForm,
    AuthorFormSet,
    AwardRecordForm,
    AwardRevokeForm,
    InitiativeForm,
    InitiativeUseForm,
)

__all__ = [
    "AuthorForm",
    "AuthorFormSet",
    "AwardRecordForm",
    "AwardRevokeForm",
    "InitiativeForm",
    "InitiativeUseForm",
]
