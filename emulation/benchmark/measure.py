"""Time the key pages, the eligibility engine and the imports, and count their SQL queries.

Pages go through Django's test client as a signed-in officer, leader and staff member of the
synthetic province, with DEBUG off as in production. Each item runs once to warm up, then
`repeat` times; every item runs in a savepoint rolled back after it, so what one writes does not
change the next.
"""

import datetime
import gc
import io
import logging
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import quote_plus

from django.conf import settings
from django.contrib.auth.models import User
from django.db import connection, transaction
from django.db.models import Count
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from awards import importer as award_importer
from awards.eligibility import evaluate, quota_check
from awards.models import AwardRecord, Decision, Initiative, Nomination, Registration
from awards.services import award_history_import
from emulation.benchmark.province import BenchmarkError, Province
from organizations import importer as staff_importer
from organizations import jobs
from organizations.models import AnnualRating, Job, Person, Unit
from organizations.services import staff_import
from organizations.vietnamese import fold

ENGINE_PEOPLE = 100
PEOPLE_SEARCH = "nguyen van"
L = AnnualRating.Level


@dataclass
class Result:
    """The timings and the SQL query count of one measured item."""

    key: str
    label: str
    actor: str
    times_ms: list[float] = field(default_factory=list)
    queries: int | None = None
    error: str = ""
    # The key of the Django admin change list of the same model, if there is one to compare to.
    admin: str = ""
    floor_ratio: float | None = None
    admin_ratio: float | None = None

    @property
    def median_ms(self) -> float | None:
        return statistics.median(self.times_ms) if self.times_ms else None

    @property
    def max_ms(self) -> float | None:
        return max(self.times_ms) if self.times_ms else None

    def as_dict(self) -> dict:
        return {
            "key": self.key,
            "label": self.label,
            "as": self.actor,
            "median_ms": round(self.median_ms, 1) if self.times_ms else None,
            "max_ms": round(self.max_ms, 1) if self.times_ms else None,
            "queries": self.queries,
            "x_floor": _round(self.floor_ratio),
            "x_admin": _round(self.admin_ratio),
            "error": self.error,
        }


def _round(ratio: float | None) -> float | None:
    return None if ratio is None else round(ratio, 2)


class QueryCounter:
    """Count the SQL statements a block runs (a `connection.execute_wrapper`).

    Unlike CaptureQueriesContext it keeps no log, so it neither slows the timed run nor stops
    counting at the 9,000 queries Django keeps in `connection.queries`.
    """

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def _host() -> str:
    """Return a host name the portal answers to, so the test client passes ALLOWED_HOSTS."""
    hosts = list(settings.ALLOWED_HOSTS)
    if not hosts or "*" in hosts or "testserver" in hosts:
        return "testserver"
    return hosts[0].lstrip(".")


FLOOR = "floor"


class Bench:
    """Collect the items, then run them: each once to warm it up, then `repeat` rounds in which
    every item runs once, in turn. Interleaved rounds spread whatever slows the machine for a
    while (another process, the disk, a collection) over all items instead of a few.

    Each page is compared with the floor (a signed-in page rendering only the layout) and, for a
    list, with the Django admin's change list of the same model (`admin=`, the key of an item
    measured with `compare`).
    """

    def __init__(
        self,
        repeat: int,
        progress: Callable[[str], None] | None = None,
        only: tuple[str, ...] = (),
    ):
        self.repeat = repeat
        self.progress = progress or (lambda message: None)
        self.only = only
        self.results: list[Result] = []
        self._actions: dict[str, Callable[[], None]] = {}
        self._counts: dict[str, list[int]] = {}
        self._admin_lists: dict[str, tuple[str, Callable[[], None]]] = {}

    def wants(self, *keys: str) -> bool:
        """Return whether any of the items is to run (all are, unless `only` names some: a key's
        prefix, or the key itself followed by "$")."""
        return not self.only or any(
            key == name[:-1] if name.endswith("$") else key.startswith(name)
            for key in keys
            for name in self.only
        )

    def measure(
        self, key: str, label: str, actor: str, action: Callable[[], None], *, admin: str = ""
    ) -> Result | None:
        if key != FLOOR and not self.wants(key):
            return None
        result = Result(key, label, actor, admin=admin)
        self.results.append(result)
        self._actions[key] = action
        return result

    def compare(self, key: str, label: str, action: Callable[[], None]) -> None:
        """Offer an admin change list to compare list pages with; it runs if one of them does."""
        self._admin_lists[key] = (label, action)

    def run(self) -> list[Result]:
        """Run the items (the floor and the admin lists they compare with first); return the
        results, each with its ratios."""
        if not self.results:
            return self.results
        wanted = {result.admin for result in self.results if result.admin}
        extra = [
            Result(key, label, "admin")
            for key, (label, _action) in self._admin_lists.items()
            if key in wanted
        ]
        for result in extra:
            self._actions[result.key] = self._admin_lists[result.key][1]
        if FLOOR in self._actions and self.results[0].key != FLOOR:
            floor = next(result for result in self.results if result.key == FLOOR)
            self.results.remove(floor)
            self.results.insert(0, floor)
        self.results[1:1] = extra
        # What the build left in this process (the province's people, ratings and records, some
        # millions of objects a server never holds) is frozen out of the garbage collector's
        # reach: walked by the collections a page triggers, it slowed every page, the floor
        # from 6.9 to 11.5 ms at 300,000 people.
        gc.collect()
        gc.freeze()
        try:
            for result in self.results:
                self.progress(f"Warming up: {result.label}")
                self._run_once(result, timed=False)
            for round_number in range(1, self.repeat + 1):
                self.progress(f"Round {round_number} of {self.repeat}")
                for result in self.results:
                    if not result.error:
                        self._run_once(result, timed=True)
        finally:
            gc.unfreeze()
        for result in self.results:
            counts = self._counts.get(result.key)
            result.queries = max(counts) if counts and not result.error else None
        self._ratios()
        return self.results

    def _run_once(self, result: Result, *, timed: bool) -> None:
        action = self._actions[result.key]
        # Collect the garbage earlier items left, so a full collection does not land in this run.
        gc.collect()
        try:
            # A savepoint per run: what an item writes is undone, and a failing item leaves
            # the transaction usable for the next ones.
            with transaction.atomic():
                if not timed:
                    action()  # warm-up: templates, translations and caches load on the first run
                else:
                    counter = QueryCounter()
                    with connection.execute_wrapper(counter):
                        started = time.perf_counter()
                        action()
                        result.times_ms.append((time.perf_counter() - started) * 1000)
                    self._counts.setdefault(result.key, []).append(counter.count)
                transaction.set_rollback(True)
        except Exception as error:  # report the failure and go on with the other items
            result.error = f"{type(error).__name__}: {error}"
            result.times_ms = []

    def _ratios(self) -> None:
        medians = {result.key: result.median_ms for result in self.results}
        floor = medians.get(FLOOR)
        for result in self.results:
            median = result.median_ms
            if median is None or result.actor in NOT_PAGES or result.key == FLOOR:
                continue
            if floor:
                result.floor_ratio = median / floor
            if medians.get(result.admin):
                result.admin_ratio = median / medians[result.admin]


# Items that are not pages a person waits for in the browser: no ratio to the floor.
NOT_PAGES = {"engine", "import", "worker"}


def _page(client: Client, url: str, content_type: str = "text/html") -> Callable[[], None]:
    secure = settings.SECURE_SSL_REDIRECT

    def action():
        response = client.get(url, secure=secure)
        if response.status_code != 200:
            raise BenchmarkError(f"GET {url} answered {response.status_code}")
        if not response["Content-Type"].startswith(content_type):
            raise BenchmarkError(f"GET {url} answered {response['Content-Type']}")
        # A streamed response is only produced when read.
        if response.streaming:
            b"".join(response.streaming_content)

    return action


def _fresh(action: Callable[[], None]) -> Callable[[], None]:
    """The action with no cache: a page's cost when its summaries (organizations.summaries) are
    counted again, as on the first view after a change. What the other items keep in the cache
    stays there (the rounds interleave)."""

    def fresh():
        with override_settings(CACHES=NO_CACHE):
            action()

    return fresh


NO_CACHE = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}


def _post(client: Client, url: str, data: dict) -> Callable[[], None]:
    secure = settings.SECURE_SSL_REDIRECT

    def action():
        response = client.post(url, data, secure=secure)
        if response.status_code != 302:
            raise BenchmarkError(f"POST {url} answered {response.status_code}")

    return action


def _job(user: User, kind: str, params: dict | None = None) -> Callable[[], None]:
    """Run a job as a worker does (organizations.jobs.run_job), its file written and read."""

    def action():
        job = Job.objects.create(owner=user, kind=kind, title=kind, params=params or {})
        jobs.run_job.call(str(job.code), settings.LANGUAGE_CODE)
        job.refresh_from_db()
        if job.status != Job.Status.DONE:
            raise BenchmarkError(f"The job {kind} failed: {job.error}")
        job.file.delete(save=False)

    return action


def _client(user: User) -> Client:
    client = Client(HTTP_HOST=_host())
    client.force_login(user, backend="organizations.backends.PortalModelBackend")
    return client


# The portal's address a PDF job is given when started (organizations.downloads.site_url).
SITE = "https://tdkt.example.vn"


def run_benchmarks(
    province: Province,
    *,
    repeat: int,
    rows: int,
    progress: Callable[[str], None] | None = None,
    only: tuple[str, ...] = (),
) -> list[Result]:
    """Time the pages, the eligibility engine and the imports; return one Result per item.

    `only` keeps the items whose key starts with one of its prefixes ("dashboard_", say).
    """
    bench = Bench(repeat, progress, only)
    # WeasyPrint logs each step of each PDF at INFO; the table is what this run is for.
    weasyprint_log = logging.getLogger("weasyprint")
    level = weasyprint_log.level
    weasyprint_log.setLevel(logging.WARNING)
    try:
        # Timed as in production: with DEBUG on, Django logs every query and keeps template
        # debugging data, which slows pages down by an amount that has nothing to do with them.
        # The benchmark's URLs add the floor (emulation/benchmark/urls.py).
        with override_settings(DEBUG=False, ROOT_URLCONF="emulation.benchmark.urls"):
            _measure_pages(bench, province)
            if bench.wants("evaluate_unit", "evaluate_people", "quota_check"):
                _measure_engine(bench, province)
            if bench.wants("staff_import", "history_import"):
                _measure_imports(bench, province, rows)
            return bench.run()
    finally:
        weasyprint_log.setLevel(level)


def _measure_pages(bench: Bench, province: Province) -> None:
    officer, leader, staff = (
        _client(u) for u in (province.officer, province.leader, province.staff)
    )
    year = province.year
    person, unit, department = province.person, province.unit, province.departments[0]
    m = bench.measure
    m(FLOOR, "Floor: a signed-in page rendering only the layout", "officer", _floor(officer))
    _compare_with_admin(bench, province)

    people_url = reverse("organizations:person_list")
    m("people_list", "People list", "officer", _page(officer, people_url), admin="admin_person")
    m(
        "people_search",
        f"People list, search “{PEOPLE_SEARCH}”",
        "officer",
        _page(officer, f"{people_url}?q={PEOPLE_SEARCH.replace(' ', '+')}"),
        admin="admin_person_search",
    )
    # One person, by the staff code officers copy from a paper: the same one match at every
    # size, where the common name's matches grow with the province.
    m(
        "people_search_code",
        "People list, search a staff code",
        "officer",
        _page(officer, f"{people_url}?q={person.code}"),
    )
    m("people_list_staff", "People list", "staff", _page(staff, people_url))
    m(
        "person_page",
        "Person page",
        "officer",
        _page(officer, reverse("organizations:person_detail", args=[person.code])),
    )
    m(
        "unit_page",
        f"Unit page (division of {_members(unit)})",
        "officer",
        _page(officer, reverse("organizations:unit_detail", args=[unit.code])),
    )
    m(
        "department_page",
        "Unit page (department)",
        "officer",
        _page(officer, reverse("organizations:unit_detail", args=[department.code])),
    )
    m("unit_tree", "Unit tree", "officer", _page(officer, reverse("organizations:unit_tree")))
    m("home_leader", "Home page with the rating summary", "leader", _page(leader, reverse("home")))
    m(
        "home_leader_fresh",
        "Home page, the rating summary counted afresh (first view after a change)",
        "leader",
        _fresh(_page(leader, reverse("home"))),
    )
    m(
        "home_officer",
        "Home page of the emulation officer",
        "officer",
        _page(officer, reverse("home")),
    )
    m(
        "campaign_page",
        "Campaign page",
        "leader",
        _page(leader, reverse("campaigns:campaign_detail", args=[province.campaign.code])),
    )
    covenant_code = province.covenant.code
    parties = province.covenant.parties.count()
    m(
        "covenant_page",
        f"Covenant page ({parties} parties)",
        "leader",
        _page(leader, reverse("campaigns:covenant_detail", args=[covenant_code])),
    )
    m(
        "covenant_pdf",
        f"Covenant PDF ({parties} parties): the job, in a worker",
        "worker",
        _job(province.leader, "campaigns.covenant_pdf", {"code": str(covenant_code), "site": SITE}),
    )
    m(
        "registration_table",
        "Registration table",
        "officer",
        _page(officer, reverse("awards:registration_table")),
        admin="admin_registration",
    )
    awardee = fold(province.person.full_name).replace(" ", "+")
    m(
        "registration_search",
        "Registration table, search a person's name",
        "officer",
        _page(officer, f"{reverse('awards:registration_table')}?q={awardee}"),
    )
    registrations = Registration.objects.filter(
        registration_list__unit__path__startswith=province.root.path
    ).count()
    m(
        "registration_export",
        f"Registration table, Excel export: the job, in a worker ({registrations} rows)",
        "worker",
        _job(province.officer, "awards.registration_export"),
    )
    m(
        "history_list",
        "Award history list",
        "officer",
        _page(officer, reverse("awards:history_list")),
        admin="admin_awardrecord",
    )
    m(
        "history_search",
        "Award history, search an awardee's name",
        "officer",
        _page(officer, f"{reverse('awards:history_list')}?q={awardee}"),
    )
    m(
        "history_search_common",
        f"Award history, search “{PEOPLE_SEARCH}”",
        "officer",
        _page(officer, f"{reverse('awards:history_list')}?q={quote_plus(PEOPLE_SEARCH)}"),
    )
    m(
        "history_search_code",
        "Award history, search an awardee's staff code",
        "officer",
        _page(officer, f"{reverse('awards:history_list')}?q={person.code}"),
    )
    history_rows = (
        AwardRecord.objects.filter(person__unit__path__startswith=province.root.path).count()
        + AwardRecord.objects.filter(unit__path__startswith=province.root.path).count()
    )
    m(
        "history_export_start",
        "Award history, Excel export: the request that starts the job",
        "officer",
        _post(officer, reverse("awards:history_export"), {"query": ""}),
    )
    m(
        "history_export",
        f"Award history, Excel export: the job, in a worker ({history_rows} rows)",
        "worker",
        _job(province.officer, "awards.history_export"),
    )
    m(
        "person_export",
        f"People list, Excel export: the job, in a worker ({len(province.people)} people)",
        "worker",
        _job(province.officer, "organizations.person_export"),
    )
    m(
        "initiative_list",
        "Initiative list",
        "officer",
        _page(officer, reverse("awards:initiative_list")),
        admin="admin_initiative",
    )
    titled = (
        Initiative.objects.filter(unit__path__startswith=province.root.path)
        .order_by("pk")
        .values_list("title", flat=True)
        .first()
    )
    m(
        "initiative_search",
        "Initiative list, search a title",
        "officer",
        _page(officer, f"{reverse('awards:initiative_list')}?q={quote_plus(fold(titled or ''))}"),
    )
    m(
        "person_eligibility",
        f"Person eligibility page ({year})",
        "officer",
        _page(officer, f"{reverse('awards:person_eligibility', args=[person.code])}?year={year}"),
    )
    m(
        "unit_eligibility",
        f"Unit eligibility page ({year}, {_members(unit)} people)",
        "officer",
        _page(officer, f"{reverse('awards:unit_eligibility', args=[unit.code])}?year={year}"),
    )
    _measure_nominations(bench, province, officer)
    _measure_decisions(bench, province, officer)
    m(
        "dashboard_agency",
        f"Agency dashboard ({year})",
        "leader",
        _page(leader, f"{reverse('dashboards:agency')}?year={year}"),
    )
    for key, label, shown in (
        ("dashboard_unit", f"Unit dashboard ({year}, division of {_members(unit)})", unit),
        ("dashboard_department", f"Unit dashboard ({year}, department)", unit.parent),
    ):
        url = f"{reverse('dashboards:unit', args=[shown.code])}?year={year}"
        m(key, label, "leader", _page(leader, url))
    m(
        "dashboard_agency_fresh",
        f"Agency dashboard ({year}), counted afresh (first view after a change)",
        "leader",
        _fresh(_page(leader, f"{reverse('dashboards:agency')}?year={year}")),
    )
    parties = province.covenant.parties.count()
    report = {"code": str(province.campaign.code), "kind": "tong-ket", "site": SITE}
    for key, label in (
        ("report_pdf", f"Year-end report, PDF ({parties} parties): the job, in a worker"),
        ("report_xlsx", f"Year-end report, Excel ({parties} parties): the job, in a worker"),
    ):
        m(key, label, "worker", _job(province.leader, f"dashboards.{key}", report))


def _measure_nominations(bench: Bench, province: Province, officer: Client) -> None:
    """The officer's December desk and its export, a unit's list, the council's session."""
    m = bench.measure
    year, unit, session = province.year, province.unit, province.session
    desk_url = reverse("awards:nomination_desk")
    sent = (
        Nomination.objects.filter(nomination_list__unit__path__startswith=province.root.path)
        .exclude(status=Nomination.Status.DRAFT)
        .count()
    )
    m(
        "nomination_desk",
        f"Nomination desk ({sent} dossiers)",
        "officer",
        _page(officer, desk_url),
        admin="admin_nomination",
    )
    m(
        "nomination_desk_submitted",
        "Nomination desk, stage “submitted”",
        "officer",
        _page(officer, f"{desk_url}?status={Nomination.Status.SUBMITTED}"),
    )
    m(
        "nomination_desk_export",
        f"Nomination desk, Excel export: the job, in a worker ({sent} rows)",
        "worker",
        _job(province.officer, "awards.nomination_desk_export"),
    )
    dossiers = Nomination.objects.filter(nomination_list__unit=unit, year=year).count()
    unit_url = reverse("awards:nomination_unit", args=[unit.code])
    m(
        "nomination_unit",
        f"Unit nomination list ({dossiers} dossiers)",
        "officer",
        _page(officer, f"{unit_url}?year={year}&campaign={province.campaign.code}"),
    )
    m(
        "council_session",
        f"Council session ({session.items.count()} dossiers, {session.roll.count()} members)",
        "officer",
        _page(officer, reverse("awards:council_session", args=[session.pk])),
    )


def _measure_decisions(bench: Bench, province: Province, officer: Client) -> None:
    """The registry of decisions, its search and export, the biggest decision's page and the
    public verification of a certificate."""
    m = bench.measure
    decisions = Decision.objects.filter(agency__path__startswith=province.root.path)
    biggest = decisions.annotate(awards=Count("records")).order_by("-awards").first()
    if biggest is None:
        return
    list_url = reverse("awards:decision_list")
    m(
        "decision_list",
        f"Decisions ({decisions.count()})",
        "officer",
        _page(officer, list_url),
        admin="admin_decision",
    )
    name = fold(province.person.full_name)
    m(
        "decision_search",
        "Decisions, search an awardee's name",
        "officer",
        _page(officer, f"{list_url}?q={name.replace(' ', '+')}"),
    )
    m(
        "decision_detail",
        f"Decision page ({biggest.awards} awards, first page)",
        "officer",
        _page(officer, reverse("awards:decision_detail", args=[biggest.code])),
    )
    awards = AwardRecord.objects.filter(decision__in=decisions).count()
    m(
        "decision_export",
        f"Decisions, Excel export ({awards} rows): the job, in a worker",
        "worker",
        _job(province.officer, "awards.decision_export"),
    )
    code = biggest.records.values_list("certificate_code", flat=True).first()
    m(
        "certificate_verify",
        "Certificate verification (public)",
        "anonymous",
        _page(Client(HTTP_HOST=_host()), reverse("awards:certificate_verify", args=[code])),
    )


def _floor(client: Client) -> Callable[[], None]:
    return _page(client, reverse("benchmark_floor"))


# The Django admin's change lists the portal's lists are compared with: key -> model, search.
ADMIN_LISTS = {
    "admin_person": ("organizations", "person", ""),
    "admin_person_search": ("organizations", "person", PEOPLE_SEARCH),
    "admin_awardrecord": ("awards", "awardrecord", ""),
    "admin_registration": ("awards", "registration", ""),
    "admin_initiative": ("awards", "initiative", ""),
    "admin_nomination": ("awards", "nomination", ""),
    "admin_decision": ("awards", "decision", ""),
}


def _compare_with_admin(bench: Bench, province: Province) -> None:
    """Offer the admin's change lists, as a superuser sees them, to compare the lists with."""
    admin = User.objects.create_superuser(f"bench-admin-{province.tag.lower()}", password=None)
    client = _client(admin)
    for key, (app, model, search) in ADMIN_LISTS.items():
        url = reverse(f"admin:{app}_{model}_changelist")
        label = f"Django admin: change list of {model}" + (f", search “{search}”" if search else "")
        if search:
            url = f"{url}?q={search.replace(' ', '+')}"
        bench.compare(key, label, _with_parallel_workers(_page(client, url)))


def _with_parallel_workers(action: Callable[[], None]) -> Callable[[], None]:
    """The action with PostgreSQL's own number of parallel workers per query: the admin's
    change lists count every row, which parallel workers speed up, and the portal's web tier
    turns them off (settings.DB_PARALLEL_WORKERS). The lists are compared with the admin at
    its fastest, as in the rounds before the web tier turned them off."""
    if connection.vendor != "postgresql":
        return action

    def run():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT set_config(name, boot_val, false) FROM pg_settings "
                "WHERE name = 'max_parallel_workers_per_gather'"
            )
        try:
            action()
        finally:
            with connection.cursor() as cursor:
                cursor.execute("RESET max_parallel_workers_per_gather")

    return run


def _members(unit: Unit) -> int:
    return Person.objects.filter(unit=unit).count()


def _measure_engine(bench: Bench, province: Province) -> None:
    year, unit = province.year, province.unit
    department = province.departments[0]
    people = list(
        Person.objects.filter(unit__path__startswith=province.root.path)
        .select_related("unit")
        .order_by("pk")[:ENGINE_PEOPLE]
    )
    nominees = list(
        Person.objects.filter(
            unit__path__startswith=department.path,
            ratings__year=year,
            ratings__level=L.EXCELLENT,
        )
    )

    def evaluate_unit():
        evaluate(unit, "TTLDTT", year)

    def evaluate_people():
        for someone in people:
            evaluate(someone, "CSTDCS", year)

    def check_quota():
        quota_check(department, year, nominees)

    bench.measure(
        "evaluate_unit",
        f"evaluate(TTLĐTT) for a unit of {_members(unit)}",
        "engine",
        evaluate_unit,
    )
    bench.measure(
        "evaluate_people",
        f"evaluate(CSTĐCS) for {len(people)} persons",
        "engine",
        evaluate_people,
    )
    bench.measure(
        "quota_check",
        f"quota_check, department of {Person.objects.in_subtree(department).count()}, "
        f"{len(nominees)} nominees",
        "engine",
        check_quota,
    )


def _measure_imports(bench: Bench, province: Province, rows: int) -> None:
    officer = province.officer
    staff_file = _staff_workbook(province, rows)
    history_file = _history_workbook(province, rows)

    def import_staff():
        # The outer savepoint guarantees nothing stays, whatever the service does.
        with transaction.atomic():
            workbook = staff_importer.read_workbook(io.BytesIO(staff_file))
            result = staff_import(actor=officer, workbook=workbook, dry_run=True)
            transaction.set_rollback(True)
        if not result.ok:
            raise BenchmarkError(f"The staff import refused the file: {result.errors[0]}")

    def import_history():
        with transaction.atomic():
            workbook = award_importer.read_award_workbook(io.BytesIO(history_file))
            result = award_history_import(actor=officer, workbook=workbook, dry_run=True)
            transaction.set_rollback(True)
        if not result.ok:
            raise BenchmarkError(f"The award history import refused the file: {result.errors[0]}")

    bench.measure(
        "staff_import",
        f"Staff import, {rows} rows (read + dry run)",
        "import",
        import_staff,
    )
    bench.measure(
        "history_import",
        f"Award history import, {rows} rows (read + dry run)",
        "import",
        import_history,
    )


def _workbook(sheet: str, columns, rows) -> bytes:
    book = Workbook(write_only=True)
    staff_importer.data_sheet(book, sheet, columns, rows)
    return staff_importer.workbook_bytes(book)


def _staff_workbook(province: Province, rows: int) -> bytes:
    """Return a staff sheet of `rows` rows: every other row a new person, the others promote
    someone already in the portal (so every row writes, whatever the data drew)."""
    word = staff_importer.choice_word
    units = {
        unit.pk: unit.code for unit in Unit.objects.filter(path__startswith=province.root.path)
    }
    existing = province.people
    values = []
    for index in range(rows):
        if index % 2 == 0:
            someone = existing[(index // 2) % len(existing)]
            code, name, position = someone.code, someone.full_name, "Phó Trưởng phòng"
        else:
            someone = existing[index % len(existing)]
            code, name, position = f"BN{province.tag}{index:06d}", someone.full_name, "Chuyên viên"
        values.append(
            [
                code,
                name,
                word(Person.Gender, someone.gender),
                someone.date_of_birth,
                word(Person.EmploymentType, someone.employment_type),
                position,
                units[someone.unit_id],
                someone.start_date,
                someone.end_date,
                "",
            ]
        )
    return _workbook(staff_importer.STAFF_SHEET, staff_importer.PERSON_COLUMNS, values)


def _history_workbook(province: Province, rows: int) -> bytes:
    """Return an award sheet of `rows` Giấy khen (`rows` at most the number of people) for the
    year before the data, when nobody has one yet."""
    year = province.first_year - 1
    people = province.people
    values = [
        [
            people[index % len(people)].code,
            "",
            "GIAY_KHEN",
            year,
            f"{index + 1}/QĐ-GK",
            datetime.date(year, 12, 20),
            "Giám đốc Sở",
            f"Sổ theo dõi khen thưởng năm {year}",
        ]
        for index in range(rows)
    ]
    return _workbook(award_importer.SHEET, award_importer.COLUMNS, values)


def database_description() -> str:
    """Return the database the benchmark ran on ("PostgreSQL 15.2", "SQLite 3.40.1")."""
    vendor = connection.vendor
    if vendor == "postgresql":
        version = connection.pg_version
        return f"PostgreSQL {version // 10000}.{version % 10000}"
    if vendor == "sqlite":
        import sqlite3

        return f"SQLite {sqlite3.sqlite_version}"
    return vendor


def now_text() -> str:
    return timezone.localtime().strftime("%d/%m/%Y %H:%M")
