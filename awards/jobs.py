"""The awards app's background jobs (organizations.jobs): exports too long for a request."""

from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from awards import importer
from awards.forms.history import award_record_filter
from organizations.jobs import job_kind
from organizations.listing import filtered_rows


@job_kind("awards.history_export", title=_("Award history: Excel export"))
def history_export(job, progress):
    """The award history as the list showed it (its filters), in the owner's scope."""
    records = filtered_rows(award_record_filter(job.owner, QueryDict(job.params.get("query", ""))))
    rows = progress.over(records.iterator(chunk_size=2000), records.count())
    return f"khen-thuong-{timezone.localdate():%Y%m%d}.xlsx", importer.build_history_export(rows)
