"""`manage.py loadrun`: users prepared in a synthetic province, signed in through the form, loading
their pages over real HTTP; the statistics exact from every sample.

The end-to-end run is the command as a reviewer runs it: a PostgreSQL database of its own
(created, migrated and dropped here), `--prepare --serve`, gunicorn started and stopped by the
command. Skipped only where PostgreSQL does not answer. Nothing here asserts a timing.
"""

import contextlib
import json
import os
import signal
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from emulation.benchmark import BenchmarkError, build_province
from emulation.benchmark.load import (
    LEADER,
    OFFICER,
    PAGE_LABELS,
    ROLE_PAGES,
    STAFF,
    UNIT_HEAD,
    Sample,
    fetch,
    percentile,
    prepare_users,
    role_of,
    served_environment,
    summarize,
    visitors,
)
from emulation.benchmark.web import Browser, Gunicorn, ServeError, SignInError, answers, free_port
from organizations import roles
from organizations.models import Unit
from tests.factories import PersonFactory, UserFactory
from tests.postgres import dedicated_database

ROOT = Path(__file__).resolve().parents[2]
TINY = ["--people", "40", "--units", "10"]
# The fields of the JSON, overall and for each page.
TOTALS = {
    "requests",
    "errors",
    "errors_by_kind",
    "median_ms",
    "p95_ms",
    "max_ms",
    "elapsed_seconds",
    "requests_per_second",
}
PAGE_FIELDS = {"key", "label", "requests", "errors", "errors_by_kind", "median_ms", "p95_ms"}


def test_percentile_is_the_sample_at_the_nearest_rank():
    assert percentile(list(range(100, 0, -1)), 95) == 95
    assert percentile(list(range(1, 21)), 95) == 19
    assert percentile(list(range(1, 21)), 50) == 10
    # 95 % of 30 samples is 28.5: the 29th smallest, not an interpolation.
    assert percentile([float(n) for n in range(1, 31)], 95) == 29.0
    assert percentile([7.5], 95) == 7.5
    assert percentile([], 95) is None


def test_summary_is_exact_per_page_and_counts_errors_by_kind():
    samples = [
        Sample("home", 10.0),
        Sample("home", 30.0),
        Sample("home", 20.0),
        Sample("home", 40.0),
        Sample("people_list", 100.0, "HTTP 500"),
        Sample("people_list", 30_000.0, "timeout"),
        Sample("people_list", 50.0),
        Sample("people_list", 2.0, "connection"),
    ]
    summary = summarize(samples, elapsed=4.0, labels={"home": "Home", "people_list": "People"})

    assert summary["requests"] == 8
    assert summary["errors"] == 3
    assert summary["errors_by_kind"] == {"HTTP 500": 1, "connection": 1, "timeout": 1}
    assert summary["requests_per_second"] == 2.0
    # The median of an even count is the mean of the two middle samples: (30 + 40) / 2.
    assert summary["median_ms"] == 35.0
    assert summary["p95_ms"] == 30_000.0
    assert summary["max_ms"] == 30_000.0
    home, people = summary["pages"]
    assert home == {
        "key": "home",
        "label": "Home",
        "requests": 4,
        "errors": 0,
        "errors_by_kind": {},
        "median_ms": 25.0,
        "p95_ms": 40.0,
        "max_ms": 40.0,
    }
    assert (people["requests"], people["errors"], people["median_ms"]) == (4, 3, 75.0)


def test_a_page_nobody_reached_is_listed_empty():
    summary = summarize([], elapsed=0, labels={"home": "Home"})

    assert summary["requests"] == 0
    assert summary["requests_per_second"] is None
    assert summary["pages"] == [
        {
            "key": "home",
            "label": "Home",
            "requests": 0,
            "errors": 0,
            "errors_by_kind": {},
            "median_ms": None,
            "p95_ms": None,
            "max_ms": None,
        }
    ]


def test_roles_are_mostly_staff_and_the_first_users_hold_every_kind():
    assert [role_of(index) for index in range(4)] == [OFFICER, LEADER, STAFF, UNIT_HEAD]
    fifty = [role_of(index) for index in range(50)]
    assert {role: fifty.count(role) for role in ROLE_PAGES} == {
        STAFF: 36,
        UNIT_HEAD: 10,
        LEADER: 2,
        OFFICER: 2,
    }


def test_every_page_is_in_some_role_s_mix():
    assert {key for pages in ROLE_PAGES.values() for key in pages} == set(PAGE_LABELS)


def test_the_served_portal_runs_with_debug_off_over_plain_http():
    env = served_environment({"DJANGO_DEBUG": "1", "DATABASE_URL": "postgres://db"}, testing=False)

    assert env["DJANGO_DEBUG"] == "0"
    assert env["DATABASE_URL"] == "postgres://db"
    assert env["SECURE_SSL_REDIRECT"] == env["SESSION_COOKIE_SECURE"] == "0"
    assert env["ALLOWED_HOSTS"] == "127.0.0.1"
    assert len(env["SECRET_KEY"]) > 50

    kept = served_environment({"SECRET_KEY": "k", "ALLOWED_HOSTS": "portal.vn"}, testing=False)
    assert (kept["SECRET_KEY"], kept["ALLOWED_HOSTS"]) == ("k", "portal.vn,127.0.0.1")
    # The test settings bring their own key and hosts.
    assert "SECRET_KEY" not in served_environment({}, testing=True)
    assert "ALLOWED_HOSTS" not in served_environment({}, testing=True)


@pytest.mark.django_db
def test_it_gives_logins_with_the_roles_of_the_province_builder():
    province = build_province(people=120, units=20, first_year=2018, last_year=2020)
    with pytest.raises(BenchmarkError, match="too few people for 500 logins"), transaction.atomic():
        prepare_users(province, 500, "known")
    users = prepare_users(province, 8, "known")

    assert [user.username for user in users] == [f"loadrun-00{n}" for n in range(1, 9)]
    assert all(user.check_password("known") for user in users)
    groups = [set(user.groups.values_list("name", flat=True)) for user in users]
    assert groups[:4] == [
        {roles.OFFICER, roles.STAFF},
        {roles.LEADERSHIP, roles.STAFF},
        {roles.STAFF},
        {roles.UNIT_HEAD, roles.STAFF},
    ]
    assert users[1].person.unit.kind == Unit.Kind.LEADERSHIP_BOARD
    # Staff and unit heads each in another division.
    others = [user.person.unit_id for user in users[2:]]
    assert len(set(others)) == len(others)

    found = visitors(10)
    assert [(visitor.username, visitor.role) for visitor in found[:4]] == [
        ("loadrun-001", OFFICER),
        ("loadrun-002", LEADER),
        ("loadrun-003", STAFF),
        ("loadrun-004", UNIT_HEAD),
    ]
    # The pages of the role first, then everyone's from another page for each user.
    assert [page.key for page in found[0].pages] == [
        "registration_table",
        "nomination_desk",
        *ROLE_PAGES[STAFF],
    ]
    assert [page.key for page in found[2].pages][:2] == ROLE_PAGES[STAFF][2:4]
    assert {page.key for page in found[1].pages} == set(ROLE_PAGES[LEADER])
    staff = found[2]
    unit = users[2].person.unit
    assert f"/{unit.code}/" in next(p.path for p in staff.pages if p.key == "unit_page")
    colleague = next(p.path for p in staff.pages if p.key == "person_page")
    assert users[2].person.code not in colleague

    with pytest.raises(BenchmarkError, match="already holds loadrun"):
        prepare_users(province, 1, "known")


@pytest.mark.django_db
def test_it_refuses_to_prepare_over_people_and_to_run_without_users():
    with pytest.raises(CommandError, match="Give --url"):
        call_command("loadrun", stderr=StringIO())
    with pytest.raises(CommandError, match="holds no loadrun"):
        call_command("loadrun", "--url", "http://127.0.0.1:9", stderr=StringIO())
    PersonFactory()
    with pytest.raises(CommandError, match="already holds 1 people"):
        call_command("loadrun", "--prepare", *TINY, stderr=StringIO())
    with pytest.raises(CommandError, match="--users must be at least 1"):
        call_command("loadrun", "--users", "0", "--serve", stderr=StringIO())


@pytest.mark.parametrize(
    "options, message",
    [
        (["--seconds", "0"], "--seconds must be more than 0"),
        (["--timeout", "-1"], "--timeout must be more than 0"),
        (["--think", "-5"], "--think must be 0 or more"),
        (["--units", "3"], "--units must be at least 5"),
        (["--workers", "0"], "--workers must be at least 1"),
    ],
)
def test_it_refuses_options_out_of_range(options, message):
    with pytest.raises(CommandError, match=message):
        call_command("loadrun", "--serve", *options, stderr=StringIO())


@pytest.mark.django_db
def test_a_user_of_nobody_is_refused_with_the_remedy():
    UserFactory(username="loadrun-001")
    with pytest.raises(CommandError, match="loadrun-001 is nobody's login"):
        call_command("loadrun", "--url", "http://127.0.0.1:9", stderr=StringIO())


@pytest.fixture
def staff_user(db):
    """A load-run login of a staff member, as `--prepare` would give, with the password demo."""
    user = UserFactory(username="loadrun-001", roles=[roles.STAFF])
    PersonFactory(code="LR1", user=user)
    return user


def test_serve_needs_the_collected_static_files_with_debug_off(staff_user, settings, tmp_path):
    settings.TESTING, settings.DEBUG, settings.STATIC_ROOT = False, True, tmp_path
    with pytest.raises(CommandError, match="staticfiles.json is missing"):
        call_command("loadrun", "--serve", "--users", "1", stderr=StringIO())


def test_serve_says_why_gunicorn_did_not_start(staff_user, monkeypatch):
    # The served portal takes this environment: its settings refuse it, and the worker stops.
    monkeypatch.setenv("PORTAL_SESSIONS", "nowhere")
    with pytest.raises(CommandError, match="gunicorn did not answer"):
        call_command("loadrun", "--serve", "--workers", "1", "--users", "1", stderr=StringIO())


class StubPortal(BaseHTTPRequestHandler):
    """A portal whose sign-in works and whose pages fail: the home page answers, the people
    list fails, the person page is too slow, anything else is missing."""

    def do_GET(self):
        if self.path == "/dang-nhap/":
            self._answer(200, b'<input name="csrfmiddlewaretoken" value="token">')
        elif self.path == "/":
            self._answer(200, b"home")
        elif self.path == "/to-chuc/can-bo/":
            self._answer(500, b"error")
        elif self.path.startswith("/to-chuc/can-bo/"):
            time.sleep(0.5)
            self._answer(200, b"late")
        else:
            self._answer(404, b"missing")

    def do_POST(self):
        self.rfile.read(int(self.headers["Content-Length"]))
        self.send_response(302)
        self.send_header("Location", "/")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _answer(self, status, body):
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass  # the client gave up on a slow page: the broken pipe is the point


@pytest.fixture
def stub_portal():
    server = QuietServer(("127.0.0.1", 0), StubPortal)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_fetch_tells_the_kinds_of_error_apart(stub_portal):
    browser = Browser(follow_redirects=False, timeout=0.2)

    assert fetch(browser, stub_portal + "/", "home").error == ""
    assert fetch(browser, stub_portal + "/to-chuc/can-bo/", "people_list").error == "HTTP 500"
    late = fetch(browser, stub_portal + "/to-chuc/can-bo/LR1/", "person_page")
    assert (late.error, late.ms >= 200) == ("timeout", True)
    closed = fetch(browser, f"http://127.0.0.1:{free_port()}/", "home")
    assert closed.error == "connection"
    with pytest.raises(SignInError, match="answered 404 without a form"):
        browser.csrf_token(stub_portal + "/nowhere/")


def test_it_prints_the_errors_by_kind_and_fails(staff_user, stub_portal):
    out = StringIO()
    with pytest.raises(CommandError, match=r"\d+ of \d+ requests failed"):
        call_command(
            "loadrun",
            *("--url", stub_portal, "--users", "1", "--seconds", "1.5", "--timeout", "0.2"),
            *("--password", "demo"),
            stdout=out,
            stderr=StringIO(),
        )
    table = out.getvalue()
    assert "1 user (1 staff member)" in table
    home = next(line for line in table.splitlines() if line.startswith("Home page"))
    assert home.split()[3] == "0"  # its requests, no error
    assert "HTTP 404" in table and "HTTP 500" in table and "timeout)." in table


@pytest.mark.django_db
def test_it_refuses_to_run_with_debug_and_testing_off(settings):
    settings.DEBUG = settings.TESTING = False
    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command("loadrun", "--serve", stderr=StringIO())


@pytest.mark.django_db(transaction=True)
def test_it_loads_a_running_portal_as_signed_in_users(live_server):
    # Without --url or --serve it only prepares, and keeps what it built.
    err = StringIO()
    call_command("loadrun", "--prepare", *TINY, "--users", "4", stdout=StringIO(), stderr=err)
    assert "kept for the next runs" in err.getvalue()

    # One user: the tests' live server shares one SQLite connection between its threads, which
    # does not bear concurrent requests (the end-to-end run below has gunicorn and PostgreSQL).
    out = StringIO()
    call_command(
        "loadrun",
        *("--users", "1", "--seconds", "1", "--url", live_server.url, "--json"),
        stdout=out,
        stderr=StringIO(),
    )
    report = json.loads(out.getvalue())

    assert report["url"] == live_server.url and report["server"] is None
    assert report["roles"] == {OFFICER: 1}
    assert report["requests"] > 0 and report["errors"] == 0, report
    # The officer's pages: all but the leadership's dashboard.
    assert [page["key"] for page in report["pages"]] == [
        key for key in PAGE_LABELS if key != "dashboard_agency"
    ]

    out = StringIO()
    call_command(
        "loadrun",
        *("--users", "1", "--seconds", "0.5", "--think", "10", "--url", live_server.url),
        stdout=out,
        stderr=StringIO(),
    )
    table = out.getvalue()
    assert "1 user (1 officer) for 0.5 s" in table and "a portal already running" in table
    assert "Registration table" in table and "All pages" in table and "no errors." in table

    with pytest.raises(CommandError, match="4 loadrun-\\* users, fewer than --users 5"):
        call_command("loadrun", "--users", "5", "--url", live_server.url, stderr=StringIO())
    with pytest.raises(CommandError, match="could not sign in"):
        call_command(
            "loadrun", "--users", "1", "--password", "wrong", "--url", live_server.url,
            stderr=StringIO(),
        )  # fmt: skip


def test_gunicorn_answers_then_stops(tmp_path):
    env = {**os.environ, "SQLITE_PATH": str(tmp_path / "empty.sqlite3")}
    env.pop("DATABASE_URL", None)
    env.pop("DATABASE_REPLICA_URL", None)
    with Gunicorn(workers=1, env=env, log=tmp_path / "gunicorn.log", cwd=ROOT) as server:
        assert answers(server.url)
        process = server.process
    assert process.poll() is not None
    assert not answers(server.url)


def test_gunicorn_that_cannot_start_says_why(tmp_path):
    env = {**os.environ, "PORTAL_SESSIONS": "nowhere"}
    server = Gunicorn(workers=1, env=env, log=tmp_path / "gunicorn.log", cwd=ROOT)
    with pytest.raises(ServeError, match="PORTAL_SESSIONS must be one of"):
        server.start(seconds=30)
    assert server.process is None


def started_on(database_url: str) -> list[int]:
    """Return the processes running with this database (from their environment)."""
    marker = f"DATABASE_URL={database_url}".encode()
    found = []
    for environ in Path("/proc").glob("[0-9]*/environ"):
        with contextlib.suppress(OSError):
            if marker in environ.read_bytes().split(b"\0"):
                found.append(int(environ.parent.name))
    return found


@pytest.fixture
def database_env():
    """The environment of a process on a PostgreSQL database of this test's own, migrated. Before
    the database is dropped, whatever a failed run left running on it is ended."""
    with dedicated_database("loadrun") as url:
        env = {**os.environ, "DJANGO_TESTING": "1", "DATABASE_URL": url}
        env.pop("DATABASE_REPLICA_URL", None)
        try:
            migrate = subprocess.run(
                [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
                cwd=ROOT,
                env=env,
                capture_output=True,
                text=True,
                timeout=180,
            )
            assert migrate.returncode == 0, migrate.stderr
            yield env
        finally:
            for pid in started_on(url):
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)


def test_it_prepares_serves_and_loads_the_portal_end_to_end(database_env):
    command = [sys.executable, "manage.py", "loadrun", "--prepare", *TINY]
    command += ["--users", "3", "--seconds", "3", "--serve", "--workers", "1", "--json"]
    # Its own process group: a run that overstays is interrupted as Ctrl-C would, so that the
    # command stops its gunicorn on the way out.
    run = subprocess.Popen(
        command,
        cwd=ROOT,
        env=database_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        out, err = run.communicate(timeout=120)
    finally:
        if run.poll() is None:
            os.killpg(run.pid, signal.SIGINT)
            with contextlib.suppress(subprocess.TimeoutExpired):
                run.communicate(timeout=20)
            with contextlib.suppress(ProcessLookupError):
                os.killpg(run.pid, signal.SIGKILL)
    assert run.returncode == 0, err
    report = json.loads(out)

    assert TOTALS <= set(report)
    assert report["server"] == {"workers": 1, "threads": 1}
    assert report["users"] == 3 and report["roles"] == {OFFICER: 1, LEADER: 1, STAFF: 1}
    assert report["errors"] == 0 and report["errors_by_kind"] == {}
    assert report["requests"] == sum(page["requests"] for page in report["pages"])
    assert report["median_ms"] <= report["p95_ms"] <= report["max_ms"]
    # Every page of the mix was loaded; the three users hold every page between them.
    assert {page["key"] for page in report["pages"] if page["requests"]} == set(PAGE_LABELS)
    assert all(PAGE_FIELDS <= set(page) for page in report["pages"])
    assert "Starting gunicorn: 1 worker × 1 thread" in err
    # The command stopped its gunicorn: nothing started on the database runs any more.
    assert started_on(database_env["DATABASE_URL"]) == []
