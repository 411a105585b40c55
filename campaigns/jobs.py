"""The campaigns app's background jobs (organizations.jobs): a covenant's PDF and workbook."""

from django.utils.translation import gettext_lazy as _

from campaigns import documents, selectors
from campaigns.models import Covenant
from organizations.jobs import get_for_owner, job_kind

COVENANT_GONE = _("You may no longer read this covenant.")


def _covenant_and_parties(job) -> tuple[Covenant, list]:
    """Return the job's covenant, if its owner still reads it, with its parties."""
    covenant = get_for_owner(
        job,
        Covenant.objects.select_related("campaign__organiser__parent", "amends"),
        gone=COVENANT_GONE,
        code=job.params["code"],
    )
    return covenant, list(selectors.covenant_with_parties(covenant))


@job_kind("campaigns.covenant_pdf", title=_("Covenant: PDF"))
def covenant_pdf(job, progress):
    """The covenant as the Vietnamese document to sign, if its owner still reads it."""
    covenant, parties = _covenant_and_parties(job)
    content = documents.covenant_pdf(covenant, parties, base_url=f"{job.params['site']}/")
    return documents.covenant_filename(covenant, "pdf"), content


@job_kind("campaigns.covenant_export", title=_("Covenant: Excel export"))
def covenant_export(job, progress):
    """The covenant's commitments and their quarterly progress, if its owner still reads it."""
    covenant, parties = _covenant_and_parties(job)
    content = documents.covenant_workbook(covenant, parties)
    return documents.covenant_filename(covenant, "xlsx"), content
