"""The load run behind `manage.py loadrun`: many signed-in users loading pages at once.

`prepare_users` gives logins with a known password to people of a synthetic province
(`build_province`), with the roles spread as in an agency: mostly staff of different units, some
unit heads, officers and leaders. `visitors` reads them back, with the pages each one opens.
`run_load` signs them in through the sign-in form, then has each, in a thread of its own, load its
pages over HTTP one after the other until the time is up; `summarize` counts the requests and the
errors and computes the percentiles from every sample.
"""

import math
import secrets
import statistics
import time
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from http.client import HTTPException
from typing import NamedTuple

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, User
from django.urls import reverse
from django.utils import timezone

from emulation.benchmark.province import BenchmarkError, Province
from emulation.benchmark.web import Browser, SignInError
from organizations import roles
from organizations.models import Person, Unit

# The load run's logins: loadrun-001, loadrun-002, …
USER_PREFIX = "loadrun-"
# The years of the synthetic province: the benchmark's default.
FIRST_YEAR, LAST_YEAR = 2018, 2020
# A sign-in hashes the password (hundreds of milliseconds with the production hasher), and all
# users sign in at once before the clock starts: they may wait longer than a page would.
SIGN_IN_TIMEOUT = 120

OFFICER, LEADER, UNIT_HEAD, STAFF = "officer", "leader", "unit_head", "staff"
# The groups each kind of user holds, as build_province gives them to its own logins.
ROLE_GROUPS = {
    OFFICER: [roles.OFFICER, roles.STAFF],
    LEADER: [roles.LEADERSHIP, roles.STAFF],
    UNIT_HEAD: [roles.UNIT_HEAD, roles.STAFF],
    STAFF: [roles.STAFF],
}

# The group that makes a user an officer, a leader or a unit head; staff otherwise.
_ROLE_OF_GROUP = [
    (roles.OFFICER, OFFICER),
    (roles.LEADERSHIP, LEADER),
    (roles.UNIT_HEAD, UNIT_HEAD),
]

# Every page of the mix, in the order of the table.
PAGE_LABELS = {
    "home": "Home page",
    "people_list": "People list",
    "person_page": "Person page (a colleague)",
    "unit_tree": "Unit tree",
    "unit_page": "Unit page (their own unit)",
    "history_list": "Award history list",
    "initiative_list": "Initiative list",
    "registration_table": "Registration table",
    "nomination_desk": "Nomination desk",
    "dashboard_agency": "Agency dashboard",
}
_EVERYONE = [
    "home",
    "people_list",
    "person_page",
    "unit_tree",
    "unit_page",
    "history_list",
    "initiative_list",
]
# The pages each kind of user goes through, each once a round: what its menu offers.
ROLE_PAGES = {
    STAFF: _EVERYONE,
    UNIT_HEAD: [*_EVERYONE, "registration_table"],
    LEADER: [*_EVERYONE, "registration_table", "dashboard_agency"],
    OFFICER: [*_EVERYONE, "registration_table", "nomination_desk"],
}


def role_of(index: int) -> str:
    """Return the role of the index-th user (from 0): of every 25, one officer, one leader, five
    unit heads and eighteen staff, mixed so that the first few users already hold every role."""
    position = index % 25
    if position == 0:
        return OFFICER
    if position == 1:
        return LEADER
    return UNIT_HEAD if position % 5 == 3 else STAFF


@dataclass(frozen=True)
class Page:
    key: str
    label: str
    path: str


def page_mix(role: str, *, unit_code: str, person_code: str, start: int = 0) -> list[Page]:
    """Return the pages a user of `role` goes through: those of its role first, then those
    everyone opens (the menu's lists, its own unit, a colleague) from the start-th, so that not
    every user opens the same page at the same moment."""
    paths = {
        "home": reverse("home"),
        "people_list": reverse("organizations:person_list"),
        "person_page": reverse("organizations:person_detail", args=[person_code]),
        "unit_tree": reverse("organizations:unit_tree"),
        "unit_page": reverse("organizations:unit_detail", args=[unit_code]),
        "history_list": reverse("awards:history_list"),
        "initiative_list": reverse("awards:initiative_list"),
        "registration_table": reverse("awards:registration_table"),
        "nomination_desk": reverse("awards:nomination_desk"),
        "dashboard_agency": reverse("dashboards:agency"),
    }
    own = [key for key in ROLE_PAGES[role] if key not in _EVERYONE]
    start %= len(_EVERYONE)
    keys = [*own, *_EVERYONE[start:], *_EVERYONE[:start]]
    return [Page(key, PAGE_LABELS[key], paths[key]) for key in keys]


def prepare_users(province: Province, count: int, password: str) -> list[User]:
    """Give `count` people of the province logins `loadrun-001`… with `password`, their roles
    after `role_of`: officers in each department's first division, leaders on the boards, unit
    heads and staff each in another division, department after department."""
    if User.objects.filter(username__startswith=USER_PREFIX).exists():
        raise BenchmarkError(
            f"The database already holds {USER_PREFIX}* users: run without --prepare to use them."
        )
    groups = {group.name: group for group in Group.objects.all()}
    if {name for names in ROLE_GROUPS.values() for name in names} - set(groups):
        raise BenchmarkError("The role groups are missing: run `manage.py migrate` first.")
    # The first division of every department comes first, then the second of every one, …
    divisions = sorted(province.divisions, key=lambda unit: (unit.sort_order, unit.path))
    boards = list(
        Unit.objects.filter(
            path__startswith=province.root.path, kind=Unit.Kind.LEADERSHIP_BOARD
        ).order_by("path")
    )
    today = timezone.localdate()
    free: dict[int, list[Person]] = {}
    for person in province.people:
        # A person who has left holds no role (organizations.roles): a login must be current.
        if person.user_id is None and (person.end_date is None or person.end_date >= today):
            free.setdefault(person.unit_id, []).append(person)

    def take(units: list[Unit], index: int) -> Person:
        for step in range(len(units)):
            people = free.get(units[(index + step) % len(units)].pk)
            if people:
                return people.pop(0)
        raise BenchmarkError(f"The province has too few people for {count} logins.")

    # Hashed once for all: the production hasher takes a noticeable time per hash.
    encoded = make_password(password)
    width = max(3, len(str(count)))
    taken = Counter()
    users = []
    for index in range(count):
        role = role_of(index)
        # Unit heads and staff share one count, so that each goes to another division.
        counted = role if role in (OFFICER, LEADER) else STAFF
        person = take(boards if role == LEADER else divisions, taken[counted])
        taken[counted] += 1
        user = User.objects.create(username=f"{USER_PREFIX}{index + 1:0{width}d}", password=encoded)
        user.groups.add(*[groups[name] for name in ROLE_GROUPS[role]])
        Person.objects.filter(pk=person.pk).update(user=user)
        users.append(user)
    return users


@dataclass
class Visitor:
    """A load-run user: who signs in, as what, and the pages it goes through."""

    username: str
    role: str
    pages: list[Page]


def visitors(count: int) -> list[Visitor]:
    """Return the first `count` load-run users (fewer if fewer exist), with their pages."""
    users = (
        User.objects.filter(username__startswith=USER_PREFIX, is_active=True)
        .select_related("person__unit")
        .prefetch_related("groups")
        .order_by("username")[:count]
    )
    found = []
    for index, user in enumerate(users):
        person = getattr(user, "person", None)
        if person is None:
            raise BenchmarkError(f"{user.username} is nobody's login: prepare the users again.")
        names = {group.name for group in user.groups.all()}
        role = next((role for group, role in _ROLE_OF_GROUP if group in names), STAFF)
        colleague = (
            Person.objects.filter(unit_id=person.unit_id)
            .exclude(pk=person.pk)
            .order_by("pk")
            .values_list("code", flat=True)
            .first()
        )
        pages = page_mix(
            role, unit_code=person.unit.code, person_code=colleague or person.code, start=index
        )
        found.append(Visitor(user.username, role, pages))
    return found


class Sample(NamedTuple):
    """One request: the page, how long it took to the last byte, and what went wrong if any."""

    page: str
    ms: float
    error: str = ""


def fetch(browser: Browser, url: str, page: str) -> Sample:
    """Load one page, its whole body; anything but a 200 is an error, by kind."""
    started = time.perf_counter()
    try:
        status = browser.get(url).status
        error = "" if status == 200 else f"HTTP {status}"
    except (OSError, HTTPException) as exc:
        # urllib wraps a refused or timed-out connection in URLError; a read times out bare.
        reason = getattr(exc, "reason", exc)
        error = "timeout" if isinstance(reason, TimeoutError) else "connection"
    return Sample(page, (time.perf_counter() - started) * 1000, error)


def visit(
    browser: Browser,
    base: str,
    pages: Sequence[Page],
    *,
    deadline: float,
    think: float = 0.0,
) -> list[Sample]:
    """Go through the pages in turn, again and again, until the deadline (time.monotonic());
    `think` seconds between two pages. A page started before the deadline is waited for."""
    samples = []
    index = 0
    while time.monotonic() < deadline:
        page = pages[index % len(pages)]
        samples.append(fetch(browser, base + page.path, page.key))
        index += 1
        if think:
            time.sleep(min(think, max(0.0, deadline - time.monotonic())))
    return samples


@dataclass
class LoadRun:
    samples: list[Sample]
    elapsed: float  # seconds from the start to the last answer


def sign_in_all(
    base: str, people: Sequence[Visitor], password: str, *, timeout: float
) -> list[Browser]:
    """Sign everyone in at once through the sign-in form; return their browsers, which do not
    follow redirects (a page that redirects counts as an error)."""

    def sign_in(visitor: Visitor) -> Browser:
        browser = Browser(follow_redirects=False, timeout=max(timeout, SIGN_IN_TIMEOUT))
        browser.sign_in(base, visitor.username, password)
        browser.timeout = timeout
        return browser

    with ThreadPoolExecutor(max_workers=len(people)) as pool:
        futures = [pool.submit(sign_in, visitor) for visitor in people]
    failures = [
        f"{visitor.username}: {future.exception()}"
        for visitor, future in zip(people, futures, strict=True)
        if future.exception() is not None
    ]
    if failures:
        raise SignInError(
            f"{len(failures)} of {len(people)} users could not sign in (a wrong --password, or "
            "users prepared under other PASSWORD_HASHERS?): " + "; ".join(failures[:5])
        )
    return [future.result() for future in futures]


def run_load(
    base: str,
    people: Sequence[Visitor],
    password: str,
    *,
    seconds: float,
    think_ms: float = 0,
    timeout: float = 30,
    progress: Callable[[str], None] = lambda message: None,
) -> LoadRun:
    """Sign everyone in, then have each go through its pages in a thread of its own for
    `seconds`; return every request's sample."""
    progress(f"Signing in {len(people)} users")
    browsers = sign_in_all(base, people, password, timeout=timeout)
    progress(f"Loading pages for {seconds:g} s")
    started = time.monotonic()
    deadline = started + seconds
    with ThreadPoolExecutor(max_workers=len(people)) as pool:
        futures = [
            pool.submit(
                visit, browser, base, visitor.pages, deadline=deadline, think=think_ms / 1000
            )
            for visitor, browser in zip(people, browsers, strict=True)
        ]
        samples = [sample for future in futures for sample in future.result()]
    return LoadRun(samples, time.monotonic() - started)


def percentile(values: Sequence[float], percent: int) -> float | None:
    """Return the nearest-rank percentile: the smallest value with at least `percent` % of the
    values at or below it (one of the values, never an interpolation)."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(percent * len(ordered) / 100))
    return ordered[rank - 1]


def _stats(samples: Sequence[Sample]) -> dict:
    """Count the requests and errors and compute the latencies of every request, failed ones
    included (a timeout counts as the time it waited)."""
    times = [sample.ms for sample in samples]
    errors = Counter(sample.error for sample in samples if sample.error)
    return {
        "requests": len(samples),
        "errors": sum(errors.values()),
        "errors_by_kind": dict(sorted(errors.items())),
        "median_ms": _round(statistics.median(times) if times else None),
        "p95_ms": _round(percentile(times, 95)),
        "max_ms": _round(max(times, default=None)),
    }


def summarize(
    samples: Sequence[Sample], elapsed: float, labels: Mapping[str, str] = PAGE_LABELS
) -> dict:
    """Return the totals, the requests per second and, page by page in the order of `labels`,
    the counts and latencies; exact, from every sample."""
    by_page: dict[str, list[Sample]] = {key: [] for key in labels}
    for sample in samples:
        by_page.setdefault(sample.page, []).append(sample)
    return {
        **_stats(samples),
        "elapsed_seconds": round(elapsed, 2),
        "requests_per_second": round(len(samples) / elapsed, 1) if elapsed > 0 else None,
        "pages": [
            {"key": key, "label": labels.get(key, key), **_stats(page_samples)}
            for key, page_samples in by_page.items()
        ],
    }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def served_environment(environ: Mapping[str, str], *, testing: bool) -> dict[str, str]:
    """Return the environment of a gunicorn the load run starts: the caller's (its database,
    cache and sessions), with DEBUG off as in production and plain HTTP on the loopback."""
    env = dict(environ)
    # Timed as in production, as the benchmark does: DEBUG keeps every query and template
    # debugging data, a cost that has nothing to do with the pages.
    env["DJANGO_DEBUG"] = "0"
    # The proxy's TLS is not part of the run: gunicorn is reached over plain HTTP.
    for name in ("SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE"):
        env[name] = "0"
    hosts = [host.strip() for host in env.get("ALLOWED_HOSTS", "").split(",") if host.strip()]
    if hosts or not testing:
        env["ALLOWED_HOSTS"] = ",".join(dict.fromkeys([*hosts, "127.0.0.1"]))
    if not testing and not env.get("SECRET_KEY"):
        # Development keeps a fixed key only while DEBUG is on; a run's sessions need one key.
        env["SECRET_KEY"] = secrets.token_urlsafe(50)
    return env
