"""Writes of the awards app, one module per area: registrations, initiatives, the award history
and its Excel import. The latter three are re-exported here."""

from awards.services.history import award_record_add, award_record_revoke
from awards.services.history_import import award_history_import
from awards.services.initiatives import initiative_record, initiative_use

__all__ = [
    "award_history_import",
    "award_record_add",
    "award_record_revoke",
    "initiative_record",
    "initiative_use",
]
