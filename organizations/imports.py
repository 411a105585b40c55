"""Excel imports as background jobs (organizations.jobs): the upload page stores the workbook
and starts a job; a worker reads it and runs the import's service, all or nothing in one
transaction, and keeps what it found for the job's page. The units and staff import is here;
the award history's is in awards/jobs.py, run the same way by `run_import`."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from organizations import importer, services
from organizations.jobs import job_kind

IMPORTER_ONLY = _("Only the emulation officer imports units and staff.")
STAFF_IMPORT = "organizations.staff_import"
# The codes a check lists for each outcome; the counts say how many in all.
LISTED_CODES = 20


def run_import(job, progress, *, permission: str, denied, read, service, details=None):
    """Run an Excel import as a job, if its owner still may: read the stored workbook with
    `read(file)`, run `service(actor=, workbook=, dry_run=, progress=)` and keep its summary
    and problems in `job.result` (plus `details(result)`). A file with problems fails the job,
    nothing written; so does an error in the middle, the service's transaction rolled back."""
    if not job.owner.has_perm(permission):
        raise PermissionDenied(denied)
    with job.source.open("rb") as file:
        workbook = read(file)
    with progress.aside():
        result = service(
            actor=job.owner,
            workbook=workbook,
            dry_run=bool(job.params.get("dry_run")),
            progress=progress,
        )
    job.result = importer.result_data(result, **(details(result) if details else {}))
    if not result.ok:
        count = len(result.errors)
        raise ValidationError(
            ngettext(
                "The file has %(counter)s problem; nothing has been saved.",
                "The file has %(counter)s problems; nothing has been saved.",
                count,
            )
            % {"counter": count}
        )


def _staff_details(result: importer.ImportResult) -> dict:
    outcomes = (
        "units_created",
        "units_updated",
        "units_unchanged",
        "people_created",
        "people_updated",
        "people_unchanged",
    )
    return {
        "counts": result.counts,
        "codes": {outcome: getattr(result, outcome)[:LISTED_CODES] for outcome in outcomes},
        "changes": [list(change) for change in result.changes],
    }


@job_kind(
    STAFF_IMPORT,
    title=_("Units and staff: Excel import"),
    page="organizations/partials/staff_import_result.html",
)
def staff_import(job, progress):
    """Import (or only check, `dry_run`) the units and staff of the stored workbook."""
    run_import(
        job,
        progress,
        permission="organizations.import_staff",
        denied=IMPORTER_ONLY,
        read=importer.read_workbook,
        service=services.staff_import,
        details=_staff_details,
    )
