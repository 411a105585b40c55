"""What every filtered list page needs: the page of rows, and the filters kept across pages."""

from django.conf import settings
from django.core.paginator import Paginator


def filtered_rows(filterset):
    """Return the rows a filter set keeps, or all of its rows when nothing was asked."""
    return filterset.qs if filterset.is_bound else filterset.queryset


def filtered_page(request, filterset, rows=None) -> dict:
    """Return the template context of a filtered, paginated list: `filter`, `page`, `query`
    (the filters without the page number, for the pagination links) and `is_filtered`."""
    rows = filtered_rows(filterset) if rows is None else rows
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "filter": filterset,
        "page": Paginator(rows, settings.PAGE_SIZE).get_page(request.GET.get("page")),
        "query": query.urlencode(),
        "is_filtered": any(value for key, value in request.GET.items() if key != "page"),
    }
