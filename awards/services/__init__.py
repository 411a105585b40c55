"""Writes of the awards app, one module per area; the award-history services are re-exported."""

from awards.services.history import (
    award_history_import,
    award_record_add,
    award_record_revoke,
    initiative_record,
    initiative_use,
)

__all__ = [
    "award_history_import",
    "award_record_add",
    "award_record_revoke",
    "initiative_record",
    "initiative_use",
]
