"""The organisation's background jobs (organizations.jobs): the people list's Excel export."""

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organizations import importer, selectors
from organizations.filters import PersonFilter
from organizations.jobs import job_kind, query_of
from organizations.listing import filtered_rows
from organizations.models import Unit

EXPORTERS_ONLY = _("Only the emulation officer and the leadership export the people list.")


def people_filter(user, data) -> PersonFilter:
    """Return the people list's filter for a user: the page's and its export's."""
    return PersonFilter(data or None, queryset=selectors.people_for_list(user), user=user)


@job_kind("organizations.person_export", title=_("People list: Excel export"))
def person_export(job, progress):
    """The units in the owner's scope and the people as the list showed them, in the import
    format, if the owner still may export them."""
    if not job.owner.has_perm("organizations.export_people"):
        raise PermissionDenied(EXPORTERS_ONLY)
    people = filtered_rows(people_filter(job.owner, query_of(job)))
    units = Unit.objects.visible_to(job.owner).select_related("parent").order_by("path")
    content = importer.build_export(
        units=units.iterator(chunk_size=2000),
        people=progress.over(people.iterator(chunk_size=2000), people.count()),
    )
    return f"can-bo-{timezone.localdate():%Y%m%d}.xlsx", content
