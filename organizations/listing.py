"""What every filtered list page needs: the page of rows, and the filters kept across pages."""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db import connections
from django.db.models import BooleanField, Expression, F, OrderBy, Q
from django.forms.widgets import ChoiceWidget
from django.utils.formats import number_format
from django.utils.functional import cached_property
from django.utils.translation import get_language


class CappedPaginator(Paginator):
    """A paginator that counts no further than `settings.LIST_COUNT_LIMIT` rows.

    An exact count reads every row a filter keeps (the whole province's history, unfiltered);
    past the limit the list says "more than 1,000" and offers the pages up to it, and a filter
    narrows it down. The count reads the keys of an unordered slice, so the database stops at
    the limit whatever it guessed of the filter, and puts those few in the list's order (see
    `keys_in_order`); below the limit, a page is read by the keys it holds.
    """

    def __init__(self, object_list, per_page, limit=None, *, unfiltered=None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.limit = limit or settings.LIST_COUNT_LIMIT
        # The list's rows before its filters (their scope, order and related rows): once the
        # count has found the keys, a page is read from them by its keys alone, without the
        # search that found them. With it, PostgreSQL found the 281 initiatives titled "luu tru
        # dien tu …" a second time by their words' index to keep the page's 25: 3.1 ms at
        # 300,000 people, where 25 keys are 25 reads of the primary key's index.
        self.unfiltered = unfiltered

    # Whether more rows match than were counted; known once `count` is (get_page reads it).
    is_capped = False
    # The keys of the rows in the list's order, when they were all counted.
    keys = None

    @cached_property
    def count(self) -> int:
        rows = self.object_list
        if not hasattr(rows, "order_by"):
            return len(rows)
        keys, ordered = keys_in_order(rows, self.limit + 1)
        self.is_capped = len(keys) > self.limit
        if not self.is_capped and ordered:
            self.keys = keys
        elif not self.is_capped:
            # Keys in no order: each page sorts all of them, whatever the filter.
            self.object_list = rows.filter(AmongKeys(keys))
        return min(len(keys), self.limit)

    def page(self, number):
        if self.count and self.keys is not None:
            # The page's rows only, by their keys: the database reads 25 rows, not the 809
            # people named "nguyen van" at 300,000 a second time to sort them.
            number = self.validate_number(number)
            bottom = (number - 1) * self.per_page
            shown = self.keys[bottom : bottom + self.per_page]
            return self._get_page(self._keyed_rows().filter(AmongKeys(shown)), number, self)
        return super().page(number)

    def _keyed_rows(self):
        rows, unfiltered = self.object_list, self.unfiltered
        if (
            unfiltered is not None
            and unfiltered.model is rows.model
            and unfiltered.query.order_by == rows.query.order_by
        ):
            return unfiltered
        return rows


def keys_in_order(rows, limit: int) -> tuple[list, bool]:
    """Return the keys of at most `limit` rows of a queryset, in the queryset's order, and
    whether they are in that order.

    The rows are read unordered up to the limit, which the database does by the filter's own
    indexes, then only those are sorted (`SELECT … FROM (… LIMIT n) ORDER BY …`). Ordered and
    limited in one, PostgreSQL may walk an index in the list's order instead, testing the
    filter on each row, which for a rare match reads most of the table (a guess too high had it
    walk the whole name index to find the 25 people named "nguyen van": 55 ms at 300,000)."""
    query = rows.query
    ordering = query.order_by or (query.get_meta().ordering if query.default_ordering else ())
    terms = []
    for term in ordering:
        nulls = ""
        if isinstance(term, str):
            if term == "?":
                break
            expression, descending = F(term.removeprefix("-")), term.startswith("-")
        elif isinstance(term, OrderBy):
            expression, descending = term.expression, term.descending
            nulls = " NULLS FIRST" if term.nulls_first else " NULLS LAST" if term.nulls_last else ""
        elif hasattr(term, "resolve_expression"):
            expression, descending = term, False
        else:
            break
        direction = ("DESC" if descending else "ASC") + nulls
        terms.append((f"_listed_order{len(terms)}", expression, direction))
    else:
        if not query.distinct and not query.group_by and not query.combinator:
            return _sorted_keys(rows, limit, terms), True
    # An order this cannot restate (random, a grouped or combined query): the keys in no order.
    return list(rows.order_by().values_list("pk", flat=True)[:limit]), False


def _sorted_keys(rows, limit: int, terms) -> list:
    inner = (
        rows.order_by()
        .annotate(_listed_key=F("pk"), **{alias: expression for alias, expression, _ in terms})
        .values_list("_listed_key", *(alias for alias, _, _ in terms))[:limit]
    )
    try:
        sql, params = inner.query.sql_with_params()
    except EmptyResultSet:  # a filter that matches nothing, such as an empty list of keys
        return []
    connection = connections[rows.db]
    quote = connection.ops.quote_name
    order = ", ".join(f"{quote(alias)} {direction}" for alias, _, direction in terms)
    # The SQL is Django's own, compiled from the queryset, and the aliases are this function's;
    # the values stay parameters. Only the keys come back: the values they are sorted by stay in
    # the database (1,001 dates fewer to read for "nguyen van" at 300,000).
    key = quote("_listed_key")
    statement = f"SELECT {key} FROM ({sql}) AS listed {'ORDER BY ' if order else ''}{order}"  # nosec B608
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        # A key repeats when the order follows a relation with several rows: the first stays.
        return list(dict.fromkeys(row[0] for row in cursor.fetchall()))


class AmongKeys(Expression):
    """A condition: the row's key is one of `keys`, a list read by an earlier query.

    As `pk__in=keys`, but on PostgreSQL the keys go as one array (`id = ANY(%s)`): `__in`
    prepares each key on its own, 5 ms for the 809 people named "nguyen van" at 300,000."""

    output_field = BooleanField()
    conditional = True

    def __init__(self, keys, column=None):
        super().__init__()
        self.keys = list(keys)
        self.column = column if column is not None else F("pk")

    def get_source_expressions(self):
        return [self.column]

    def set_source_expressions(self, expressions):
        (self.column,) = expressions

    def as_sql(self, compiler, connection):
        column, params = compiler.compile(self.column)
        if connection.vendor == "postgresql":
            # Typed as the column (`bigint[]`, not the `integer[]` psycopg sends): against an
            # array of another type PostgreSQL compares each row with every key in turn, where
            # against its own type it hashes the keys once. Walking the award history for the
            # 809 people named "nguyen van" at 300,000: 11.3 ms untyped, 1.4 ms typed.
            db_type = self.column.output_field.db_type(connection)
            keys = self.keys
            if all(type(key) is int for key in keys):
                # As one array's text ('{181,250,…}'), which PostgreSQL reads in one go: a list
                # goes as `ARRAY[181, 250, …]`, one constant per key for the planner to fold.
                # For the 809 people named "nguyen van" at 300,000: 1.8 → 0.85 ms of planning.
                keys = "{" + ",".join(str(key) for key in keys) + "}"
            return f"{column} = ANY(%s::{db_type}[])", [*params, keys]
        if not self.keys:
            raise EmptyResultSet
        return f"{column} IN ({', '.join(['%s'] * len(self.keys))})", [*params, *self.keys]


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


def among(column: str, keys) -> Q:
    """A condition: `column` (a key, or a relation's) is one of `keys`, what `keys_or_rows`
    returned: a list of keys (one array on PostgreSQL, see `AmongKeys`) or a subquery."""
    if isinstance(keys, list):
        return Q(AmongKeys(keys, F(column)))
    return Q(**{f"{column}__in": keys})


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
    paginator = CappedPaginator(rows, settings.PAGE_SIZE, unfiltered=filterset.queryset)
    query = request.GET.copy()
    query.pop("page", None)
    is_filtered = any(value for key, value in request.GET.items() if key != "page")
    return {
        "filter": filterset,
        "filter_version": form_version(filterset.form, is_filtered),
        "page": paginator.get_page(request.GET.get("page")),
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
