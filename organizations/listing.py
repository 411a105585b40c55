"""What every filtered list page needs: the page of rows, and the filters kept across pages."""

from dataclasses import dataclass

from django.conf import settings
from django.core.paginator import Paginator
from django.forms.widgets import ChoiceWidget
from django.utils.formats import number_format
from django.utils.functional import cached_property
from django.utils.translation import get_language


class CappedPaginator(Paginator):
    """A paginator that counts no further than `settings.LIST_COUNT_LIMIT` rows.

    An exact count reads every row a filter keeps (the whole province's history, unfiltered);
    past the limit the list says "more than 1,000" and offers the pages up to it, and a filter
    narrows it down. The count reads the keys of an unordered slice, so the database stops at
    the limit and sorts nothing; below it, the page is read by those keys.
    """

    def __init__(self, object_list, per_page, limit=None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.limit = limit or settings.LIST_COUNT_LIMIT

    # Whether more rows match than were counted; known once `count` is (get_page reads it).
    is_capped = False

    @cached_property
    def count(self) -> int:
        rows = self.object_list
        if not hasattr(rows, "order_by"):
            return len(rows)
        keys = list(rows.order_by().values_list("pk", flat=True)[: self.limit + 1])
        self.is_capped = len(keys) > self.limit
        if not self.is_capped:
            # Few rows: the page is read by their keys, so the database sorts these few
            # whatever it guessed of the filter. A guess too high had PostgreSQL walk the
            # whole name index to find 25 people named "nguyen van" (55 ms at 300,000; 3 now).
            self.object_list = rows.filter(pk__in=keys)
        return min(len(keys), self.limit)


@dataclass(frozen=True)
class CappedCount:
    """A number of rows counted no further than a limit: "1.000+" past it."""

    n: int
    capped: bool = False

    def __str__(self) -> str:
        shown = number_format(self.n, force_grouping=True)
        return f"{shown}+" if self.capped else shown

    def __int__(self) -> int:
        return self.n


def capped_count(rows, limit=None) -> CappedCount:
    """Count the rows of a queryset no further than `limit` (`settings.LIST_COUNT_LIMIT`): the
    database reads at most that many rows, in no order, whatever the table holds."""
    limit = limit or settings.LIST_COUNT_LIMIT
    counted = rows.order_by()[: limit + 1].count()
    return CappedCount(min(counted, limit), counted > limit)


def keys_or_rows(rows, limit=None):
    """Return the keys of the rows of a queryset as a list, to be reused by several queries
    (one lookup, then `IN` a few keys), or the rows as a subquery when more than `limit`
    (`settings.LIST_COUNT_LIMIT`) match."""
    limit = limit or settings.LIST_COUNT_LIMIT
    keys = list(rows.order_by().values_list("pk", flat=True)[: limit + 1])
    return keys if len(keys) <= limit else rows.values("pk")


def with_default_year(data, years, field: str = "year"):
    """Return the list's query with `field` set to the latest of `years` when the query does not
    name one: a yearly list opens on its latest year, which is what people look at, and reads
    that year's rows only. "All years" (the field given empty) stays a choice."""
    if field in data or not years:
        return data
    data = data.copy()
    data[field] = str(max(years))
    return data


def filtered_rows(filterset):
    """Return the rows a filter set keeps, or all of its rows when nothing was asked."""
    return filterset.qs if filterset.is_bound else filterset.queryset


def filtered_page(request, filterset, rows=None) -> dict:
    """Return the template context of a filtered, paginated list: `filter`, `page`, `query`
    (the filters without the page number, for the pagination links) and `is_filtered`."""
    rows = filtered_rows(filterset) if rows is None else rows
    query = request.GET.copy()
    query.pop("page", None)
    is_filtered = any(value for key, value in request.GET.items() if key != "page")
    return {
        "filter": filterset,
        "filter_version": form_version(filterset.form, is_filtered),
        "page": CappedPaginator(rows, settings.PAGE_SIZE).get_page(request.GET.get("page")),
        "query": query.urlencode(),
        "is_filtered": is_filtered,
    }


def drawn_version(rows, *more) -> str:
    """Return what a list's rows show, as the version under which their drawing is kept
    (`{% cache 600 name obj.pk version %}`): plain rows (dataclasses) holding all that the rows
    show for their reader, in the reader's language. A row that changes in any way is drawn
    again, whatever changed it; the same rows are drawn once."""
    return repr((rows, more, get_language()))


def form_version(form, *more) -> str:
    """Return what a form draws, as the version under which its drawing is kept (`{% cache 600
    name request.path version %}`): each field's name, label, value and errors, the choices of
    a field chosen from a list and what else its widget shows for the value (a unit chooser,
    the unit's name), in the reader's language. A list's filter form is drawn once for each
    query and set of choices. The choices are read once and kept on the widget, so the drawing
    does not read them again."""
    fields = []
    for bound in form:
        widget = bound.field.widget
        choices = None
        if isinstance(widget, ChoiceWidget):
            # On the widget, which draws them; the field still checks a value against its own.
            widget.choices = choices = _plain_choices(widget.choices)
        extra = widget.drawn_for(bound.value()) if hasattr(widget, "drawn_for") else None
        fields.append(
            (bound.html_name, str(bound.label), bound.value(), list(bound.errors), choices, extra)
        )
    return drawn_version(fields, *more)


def _plain_choices(choices) -> list:
    """Choices as (value, label) strings, groups as (label, choices): read once, comparable."""
    return [
        (str(value), _plain_choices(label))
        if isinstance(label, list | tuple)
        else (str(value), str(label))
        for value, label in choices
    ]
