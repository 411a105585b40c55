"""The awards app's background jobs (organizations.jobs): exports too long for a request."""

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from awards import importer, nomination_export, registration_export
from awards.forms.history import award_record_filter, initiative_filter
from awards.forms.nominations import OFFICER_ONLY, nomination_desk_filter
from awards.forms.registrations import TABLE_READERS, registration_table_filter
from organizations.jobs import job_kind, query_of
from organizations.listing import filtered_rows


@job_kind("awards.history_export", title=_("Award history: Excel export"))
def history_export(job, progress):
    """The award history as the list showed it (its filters), in the owner's scope."""
    records = filtered_rows(award_record_filter(job.owner, query_of(job)))
    rows = progress.over(records.iterator(chunk_size=2000), records.count())
    return f"khen-thuong-{timezone.localdate():%Y%m%d}.xlsx", importer.build_history_export(rows)


@job_kind("awards.initiative_export", title=_("Initiatives: Excel export"))
def initiative_export(job, progress):
    """The initiatives as the list showed them (its filters), in the owner's scope."""
    initiatives = filtered_rows(initiative_filter(job.owner, query_of(job)))
    rows = progress.over(initiatives.iterator(chunk_size=2000), initiatives.count())
    return f"sang-kien-{timezone.localdate():%Y%m%d}.xlsx", importer.build_initiative_export(rows)


@job_kind("awards.registration_export", title=_("Registration table: Excel export"))
def registration_export_job(job, progress):
    """The consolidated registration table as the page showed it, if its owner still reads it."""
    if not job.owner.has_perm("awards.view_registration_table"):
        raise PermissionDenied(TABLE_READERS)
    table = registration_table_filter(job.owner, query_of(job))
    rows = filtered_rows(table)
    content = registration_export.build_workbook(
        progress.over(rows.iterator(chunk_size=2000), rows.count())
    )
    return f"dang-ky-thi-dua-{timezone.localdate():%Y%m%d}.xlsx", content


@job_kind("awards.nomination_desk_export", title=_("Dossiers at the desk: Excel export"))
def nomination_desk_export(job, progress):
    """The officer's desk as the page showed it, if its owner still reviews dossiers."""
    if not job.owner.has_perm("awards.review_nominations"):
        raise PermissionDenied(OFFICER_ONLY)
    rows = filtered_rows(nomination_desk_filter(job.owner, query_of(job)))
    content = nomination_export.build_workbook(
        progress.over(rows.iterator(chunk_size=2000), rows.count())
    )
    return f"ho-so-de-nghi-{timezone.localdate():%Y%m%d}.xlsx", content
