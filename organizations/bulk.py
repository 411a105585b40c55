"""Batch writes that keep each row's history (django-simple-history), as a service's `save()`
would: `Model.objects.bulk_create` and `bulk_update` skip the signals the history hangs on."""

from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from organizations.actors import user_or_none


def create_all(model, rows, *, actor=None, batch_size=None):
    """Insert the rows with one history row each, recorded as the actor's (else the request's
    user); return the rows with their keys."""
    return bulk_create_with_history(
        rows, model, batch_size=batch_size, default_user=user_or_none(actor)
    )


def update_all(model, rows, fields, *, actor=None, batch_size=None):
    """Update the fields of the rows with one history row each, as `create_all` records them."""
    return bulk_update_with_history(
        rows, model, fields, batch_size=batch_size, default_user=user_or_none(actor)
    )
