"""Writes to the organisation's records: each one atomic, checking the actor's right, recorded
as an event. One module per area; everything is importable from here."""

from organizations.services.hr_records import (
    discipline_record,
    leave_record,
    pending_review_close,
    pending_review_open,
    rating_record,
    unit_rating_record,
)
from organizations.services.staff_import import staff_import
from organizations.services.units import unit_move

__all__ = [
    "discipline_record",
    "leave_record",
    "pending_review_close",
    "pending_review_open",
    "rating_record",
    "staff_import",
    "unit_move",
    "unit_rating_record",
]
