"""The awards app's background jobs (organizations.jobs): exports and prints too long for a
request, and the award history's Excel import."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from awards import decision_documents as documents
from awards import decision_export, importer, nomination_export, registration_export, selectors
from awards.forms.decisions import (
    CERTIFICATE_PRINTERS,
    DECISION_GONE,
    NO_CERTIFICATE,
    decision_filter,
)
from awards.forms.history import HISTORY_IMPORTERS_ONLY, award_record_filter, initiative_filter
from awards.forms.nominations import OFFICER_ONLY, nomination_desk_filter
from awards.forms.registrations import TABLE_READERS, registration_table_filter
from awards.services import award_history_import
from awards.services.history import AWARD_HISTORY
from organizations.imports import run_import
from organizations.jobs import get_for_owner, job_kind, query_of
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


@job_kind("awards.decision_export", title=_("Register of decisions: Excel export"))
def decision_export_job(job, progress):
    """The awards of the issued decisions as the registry showed them (its filters), in the
    owner's reach, if the owner still reads decisions."""
    if not job.owner.has_perm("awards.view_decisions"):
        raise PermissionDenied(_("You do not have the right to do this."))
    decisions = filtered_rows(decision_filter(job.owner, query_of(job)))
    records = selectors.decision_register(decisions)
    content = decision_export.build_workbook(
        progress.over(records.iterator(chunk_size=2000), records.count())
    )
    return f"so-quyet-dinh-{timezone.localdate():%Y%m%d}.xlsx", content


@job_kind("awards.decision_certificates", title=_("Certificates of a decision: PDF"))
def decision_certificates(job, progress):
    """Every certificate of a decision as one PDF, a page each, if its owner still prints
    them; the QR codes link to the portal's address the job was started on."""
    decision = get_for_owner(
        job,
        selectors.decision_registry(job.owner).select_related("agency"),
        gone=DECISION_GONE,
        permission="awards.manage_decisions",
        denied=CERTIFICATE_PRINTERS,
        code=job.params["code"],
    )
    records = documents.certificate_records(documents.certificates_of(decision))
    if not records:
        raise ValidationError(NO_CERTIFICATE)
    progress.set_total(len(records))
    site = job.params["site"]
    content = documents.certificates_pdf(
        records,
        verify_url=documents.verify_url_on(site),
        base_url=f"{site}/",
        progress=lambda done, total: progress.advance(done - progress.done),
    )
    filename = documents.decision_filename(decision).replace("quyet-dinh", "giay-khen")
    return filename, content


HISTORY_IMPORT = "awards.history_import"


@job_kind(
    HISTORY_IMPORT,
    title=_("Award history: Excel import"),
    page="awards/_history_import_result.html",
)
def history_import(job, progress):
    """Add (or only check, `dry_run`) the award records of the stored workbook."""
    run_import(
        job,
        progress,
        permission=AWARD_HISTORY,
        denied=HISTORY_IMPORTERS_ONLY,
        read=importer.read_award_workbook,
        service=award_history_import,
    )
