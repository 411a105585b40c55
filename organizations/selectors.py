"""Reads shared by several pages: the home page, the people list and dashboards."""

from django.contrib.auth import get_user_model
from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    Func,
    Max,
    OuterRef,
    Q,
    Value,
    When,
    Window,
)
from django.db.models.functions import RowNumber
from django.utils import timezone

from organizations import roles, summaries
from organizations.events import describe
from organizations.listing import keys_or_rows
from organizations.models import AnnualRating, Event, Membership, Person, Unit
from organizations.scope import agency_root_path, scope_for
from organizations.vietnamese import fold


def recent_events(target, *, limit: int) -> list[tuple[Event, str]]:
    """Return the latest events about an object, each with its reading in the user's language."""
    events = Event.objects.for_target(target).select_related("actor__person")[:limit]
    return [(event, describe(event)) for event in events]


def people_for_list(user):
    """Return the people a user may see, with what the list shows, in Vietnamese order."""
    return Person.objects.visible_to(user).select_related("unit").order_by("sort_key", "id")


def rating_summary(user, year: int) -> dict:
    """Count the active people in scope by their rating for a year, with those not yet rated:
    counted once, then kept until a rating or a person changes (organizations.summaries); while
    it is counted afresh, others are shown the previous count."""
    today = timezone.localdate()
    numbers = summaries.cached(
        summaries.RATINGS,
        f"{scope_key(user)}:{year}:{today.isoformat()}",
        lambda: _rating_numbers(Person.objects.visible_to(user).active(), year),
        previous=True,
    )
    return _rating_levels(*numbers, year)


def scope_key(user) -> str:
    """Return what a user's scope is, as a part of the key a figure of that scope is kept
    under (organizations.summaries)."""
    scope = scope_for(user)
    return "*" if scope.everything else ",".join(scope.paths + ("chairs",) + scope.chaired)


def rating_counts(people, year: int | None) -> dict:
    """Count people by their rating for a year, with those not yet rated (all of them, for no
    year). Two queries, whatever their number."""
    return _rating_levels(*_rating_numbers(people, year), year)


def _rating_numbers(people, year: int | None) -> tuple[dict, dict]:
    # A person has one rating a year, so those rated are the ratings counted by level: the
    # people are counted on their own, not joined to their ratings and counted distinct (a
    # sort of every person's every rating: over a second at 300,000 people).
    by_level = dict(
        AnnualRating.objects.filter(person__in=people, year=year)
        .order_by()
        .values_list("level")
        .annotate(n=Count("id"))
        .values_list("level", "n")
    )
    return {"total": people.count(), "rated": sum(by_level.values())}, by_level


def _rating_levels(counts: dict, by_level: dict, year: int | None) -> dict:
    levels = [
        {
            "level": level,
            "label": level.label,
            "count": by_level.get(level.value, 0),
            "colour": level.badge,
        }
        for level in AnnualRating.Level
    ]
    rated = counts["rated"] if year else 0
    return {
        "year": year,
        "total": counts["total"],
        "rated": rated,
        "missing": counts["total"] - rated,
        "levels": levels,
    }


def latest_rating_year(user, default: int) -> int:
    """Return the most recent year anyone in the user's scope was rated, else `default`."""
    latest = summaries.cached(
        summaries.RATINGS,
        f"{scope_key(user)}:latest",
        lambda: (
            AnnualRating.objects.filter(person__in=Person.objects.visible_to(user)).aggregate(
                year=Max("year")
            )["year"]
            or 0
        ),
        previous=True,
    )
    return latest or default


_KIND_ORDER = [
    Unit.Kind.AGENCY,
    Unit.Kind.LEADERSHIP_BOARD,
    Unit.Kind.DIVISION,
    Unit.Kind.SUBORDINATE_UNIT,
    Unit.Kind.TRADE_UNION,
    Unit.Kind.YOUTH_UNION,
    Unit.Kind.PARTY_CELL,
]


def in_tree_order(units) -> list:
    """Order units depth-first, siblings by kind (board, divisions, units, unions), then name.

    Units whose parent is not in the list (outside the user's scope) are treated as roots.
    """
    units = list(units)
    present = {unit.pk for unit in units}
    children: dict = {}
    for unit in units:
        parent = unit.parent_id if unit.parent_id in present else None
        children.setdefault(parent, []).append(unit)

    ordered = []
    stack = sorted(children.get(None, []), key=_sibling_key, reverse=True)
    while stack:
        unit = stack.pop()
        ordered.append(unit)
        stack.extend(sorted(children.get(unit.pk, []), key=_sibling_key, reverse=True))
    return ordered


def units_with_headcount(user):
    """Return the units in scope, each with its number of active people and whether it has
    units below it."""
    today = timezone.localdate()
    active = Q(people__start_date__lte=today) & (
        Q(people__end_date__isnull=True) | Q(people__end_date__gte=today)
    )
    return (
        Unit.objects.visible_to(user)
        .annotate(
            headcount=Count("people", filter=active),
            has_children=Exists(Unit.objects.filter(parent=OuterRef("pk"))),
        )
        .order_by("path")
    )


# How many units right below one the tree shows at a time; "More units" shows the next ones.
TREE_PAGE = 50

# What ordering siblings needs of a unit: read for every sibling, counted for a page of them.
_TREE_FIELDS = ("id", "code", "name", "kind", "sort_order", "parent_id", "path")


def _sibling_key(unit):
    return (_KIND_ORDER.index(unit.kind), unit.sort_order, fold(unit.name), unit.code)


class _Binary(Func):
    """A text compared by its characters' codes, as Python compares strings: PostgreSQL's
    collation would order "phong ke hoach - tai chinh" by its letters alone."""

    template = "%(expressions)s"

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template='%(expressions)s COLLATE "C"', **extra)


# `_sibling_key` in SQL (the name folded is stored: `search_name`), so the database orders the
# units below one and reads a page of them, not the 1,200 departments of a province.
_SIBLING_ORDER = [
    Case(
        *(When(kind=kind, then=Value(index)) for index, kind in enumerate(_KIND_ORDER)),
        default=Value(len(_KIND_ORDER)),
    ),
    "sort_order",
    _Binary("search_name", output_field=CharField()),
    _Binary("code", output_field=CharField()),
]


def _counted(user, units: list) -> list:
    """Return the units with their headcount and whether they have units below, counted for
    these units only (a province's units hold hundreds of thousands of people)."""
    counted = units_with_headcount(user).in_bulk([unit.pk for unit in units])
    return [counted[unit.pk] for unit in units if unit.pk in counted]


def _with_siblings(units):
    """The units, each with its position among its siblings and how many they are."""
    return units.annotate(
        position=Window(RowNumber(), partition_by=F("parent_id"), order_by=_SIBLING_ORDER),
        siblings=Window(Count("pk"), partition_by=F("parent_id")),
    )


def tree_top(user) -> list:
    """Return the top of the user's unit tree in tree order: the units its scope starts at and
    the first `TREE_PAGE` units right below each. Deeper units open on demand, and the next
    siblings page by page (`units_below`): a province's tree has thousands.

    The last unit shown below a top unit with more carries `more_after` = (the top unit, the
    position of the next page)."""
    scope = scope_for(user)
    units = Unit.objects.visible_to(user).only(*_TREE_FIELDS)
    tops = (
        units.filter(parent__isnull=True)
        if scope.everything
        else units.filter(path__in=scope.paths)
    )
    tops = {top.pk: top for top in tops}
    below = (
        _with_siblings(units.filter(parent__in=list(tops)).exclude(pk__in=list(tops)))
        .filter(position__lte=TREE_PAGE)
        .order_by()
    )
    shown, more = list(tops.values()), {}
    for unit in below:
        shown.append(unit)
        if unit.position == TREE_PAGE and unit.siblings > TREE_PAGE:
            more[unit.pk] = (tops[unit.parent_id], TREE_PAGE, unit.siblings - TREE_PAGE)
    ordered = in_tree_order(_counted(user, shown))
    for unit in ordered:
        unit.more_after = more.get(unit.pk)
    return ordered


def units_below(user, unit, start: int = 0) -> list:
    """Return `TREE_PAGE` units right below `unit` within the user's scope from position
    `start`, in tree order; the last carries `more_after` when more follow."""
    start = max(start, 0)
    siblings = (
        Unit.objects.visible_to(user)
        .only(*_TREE_FIELDS)
        .filter(parent=unit)
        .annotate(siblings=Window(Count("pk")))
        .order_by(*_SIBLING_ORDER)[start : start + TREE_PAGE]
    )
    siblings = list(siblings)
    page = _counted(user, siblings)
    following = (siblings[0].siblings if siblings else 0) - start - len(page)
    if page and following > 0:
        page[-1].more_after = (unit, start + TREE_PAGE, following)
    return page


def chaired_organisations(person):
    """Return the mass organisations a person currently chairs, with their member counts."""
    if person is None:
        return Unit.objects.none()
    chaired = Membership.objects.filter(
        person=person,
        end_date__isnull=True,
        role__in=[Membership.Role.CHAIR, Membership.Role.VICE_CHAIR],
    ).values("organisation")
    return Unit.objects.filter(pk__in=chaired).annotate(
        member_count=Count("memberships", filter=Q(memberships__end_date__isnull=True))
    )


def _is_deputy(person: Person) -> bool:
    # "Phó giám đốc", "Phó trưởng phòng": a deputy signs only when no head can be found.
    return fold(person.position or "").startswith("pho ")


def default_representative(unit: Unit) -> Person | None:
    """Return who usually signs for a unit: the board's leader, a union's chair, a unit's head."""
    if unit.kind in Unit.Kind.mass_organisation_kinds():
        membership = (
            Membership.objects.filter(
                organisation=unit, role=Membership.Role.CHAIR, end_date__isnull=True
            )
            .select_related("person")
            .order_by("-start_date")
            .first()
        )
        return membership.person if membership else None
    role = roles.LEADERSHIP if unit.kind == Unit.Kind.LEADERSHIP_BOARD else roles.UNIT_HEAD
    candidates = list(
        Person.objects.active()
        .filter(unit=unit, user__is_active=True, user__groups__name=role)
        .order_by("sort_key", "id")
    )
    candidates.sort(key=_is_deputy)
    return candidates[0] if candidates else None


def possible_representatives(unit: Unit):
    """Return the people who may sign for a unit, for a chooser: a union's current members, a
    unit's (or the board's) own people at work; its default representative among them."""
    people = Person.objects.active()
    if unit.kind in Unit.Kind.mass_organisation_kinds():
        people = people.filter(
            memberships__organisation=unit, memberships__end_date__isnull=True
        ).distinct()
    else:
        people = people.filter(unit=unit)
    return people.select_related("unit").order_by("sort_key", "id")


def own_agency(user) -> Unit | None:
    """Return the agency (the top unit) of the user's own person, or None for a login without
    a person."""
    from organizations.scope import agency_root_path, person_of

    person = person_of(user)
    if person is None:
        return None
    return Unit.objects.filter(path=agency_root_path(person.unit.path)).first()


SUGGESTED_UNITS = 20


def people_named(text: str, people=None):
    """Return those of `people` (everyone by default) whose name has a word that begins with the
    text (with or without diacritics), or whose staff code is the text: their keys, read once
    through the name's and the code's indexes, for a list to match its rows' person by
    (`listing.among`); the people as a subquery when more match than a list holds.

    Matched through the rows' own join instead (`person__search_name…` in an OR with the
    rows' other columns), PostgreSQL could use no index and read every row: 2.3 s for the
    award history's search of "nguyen van an" at 300,000 people."""
    return keys_or_rows((Person.objects.all() if people is None else people).named(text))


def units_named(units, text: str) -> list[int]:
    """Return the keys of those of `units` whose name holds the text's words (with or without
    diacritics, the last one begun) or whose code is the text."""
    text = text.strip()
    return list(
        units.filter(Q(search_name__words=fold(text)) | Q(code__iexact=text))
        .order_by()
        .values_list("pk", flat=True)
    )


def units_matching(user, text: str, *, limit: int = SUGGESTED_UNITS) -> list[Unit]:
    """Return at most `limit` units of the user's scope whose code starts with the text, or whose
    name holds its words (with or without diacritics, the last one begun: "khoa h"), in the
    tree's order; the top of the tree for no text. One query, on the names stored folded."""
    units = Unit.objects.visible_to(user).order_by("path")
    folded = fold(text.strip())
    if not folded:
        return list(units[:limit])
    return list(units.filter(Q(code__istartswith=folded) | Q(search_name__words=folded))[:limit])


def officers_of(unit: Unit):
    """Return the active logins of the emulation officers of the unit's agency: whom a unit's
    report, list or dossier sent for review notifies."""
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            groups__name=roles.OFFICER,
            person__unit__path__startswith=agency_root_path(unit.path),
        )
        .distinct()
    )


def heads_of(unit: Unit):
    """Return the active logins of the heads of a unit."""
    return get_user_model().objects.filter(
        is_active=True, groups__name=roles.UNIT_HEAD, person__unit=unit
    )
