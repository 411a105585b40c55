"""Past one machine (docs/deployment.md, Topology): two web processes and a job worker share one
PostgreSQL database, one Redis and one file store, and nothing else. A person signs in on web A,
goes on as the same person on web B, starts an export there that the worker runs, follows it and
downloads the file on A, reads the dashboard through the replica router, and signs out on B,
which signs them out on A too.

Everything is real: gunicorn, `manage.py rqworker`, HTTP with a cookie jar, a database of its
own (created, migrated and dropped here) and the Redis database of this test process. Skipped,
with the reason, only where PostgreSQL or Redis does not answer; CI has both.
"""

import io
import os
import re
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
import redis
from django.urls import reverse
from openpyxl import load_workbook

from emulation.benchmark.web import Browser, free_port, stop_group, wait_until_answers
from tests.postgres import dedicated_database

pytestmark = pytest.mark.topology

ROOT = Path(__file__).resolve().parents[2]
# Seconds for a process to answer, and for the worker to finish the export: bounds, not waits
# (on a quiet machine the whole test takes about 20 s).
DEADLINE = 60

# The web host's data: an officer of the agency and the award history she exports.
SETUP = """
from awards.models import Award
from organizations import roles
from organizations.models import Unit
from tests.factories import AwardRecordFactory, PersonFactory, UnitFactory, UserFactory

agency = UnitFactory(code="SKHCN", name="Sở Khoa học và Công nghệ", kind=Unit.Kind.AGENCY)
office = UnitFactory(code="VP", name="Văn phòng Sở", parent=agency)
officer = UserFactory(username="tdkt", roles=[roles.OFFICER, roles.STAFF])
PersonFactory(code="TDKT", full_name="Nguyễn Thị Thi Đua", unit=office, user=officer)
award = Award.objects.get(code="LDTT")
for year in (2019, 2019, 2020):
    AwardRecordFactory(person=PersonFactory(unit=office), award=award, year=year)
"""


@pytest.fixture
def database():
    """A database of this test's own on the tests' PostgreSQL server; its URL. Dropped after."""
    with dedicated_database("topology") as url:
        yield url


@pytest.fixture
def redis_url():
    """The Redis database of this test process (as tests/organizations/test_jobs.py numbers
    them: no two xdist workers share one), emptied before and after; its URL."""
    number = 15 - int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
    url = f"redis://127.0.0.1:6379/{number}"
    connection = redis.Redis.from_url(url, socket_connect_timeout=2)
    try:
        connection.flushdb()
    except redis.RedisError as exc:
        pytest.skip(f"Redis does not answer at 127.0.0.1:6379: {exc}")
    yield url
    connection.flushdb()
    connection.close()


class Processes:
    """The children this test starts, each in its own process group, their output in files."""

    def __init__(self, directory: Path, env: dict):
        self.directory, self.env, self.started = directory, env, []

    def run(self, name, *args):
        """Run a command to its end; fail with its output if it fails."""
        result = subprocess.run(
            [sys.executable, *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, f"{name} failed:\n{result.stdout}\n{result.stderr}"

    def start(self, name, *args, **env):
        log = (self.directory / f"{name}.log").open("wb")
        process = subprocess.Popen(
            [sys.executable, *args],
            cwd=ROOT,
            env={**self.env, **env},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()
        self.started.append((name, process))
        return process

    def output(self) -> str:
        return "\n".join(
            f"--- {name} (exit {process.poll()}):\n{(self.directory / f'{name}.log').read_text()}"
            for name, process in self.started
        )

    def stop(self):
        """End every child and what it forked (gunicorn's worker, the RQ work horse)."""
        for _, process in self.started:
            stop_group(process)


def wait_until_it_answers(processes, process, base):
    if not wait_until_answers(base, running=lambda: process.poll() is None, seconds=DEADLINE):
        pytest.fail(f"{base} did not answer in {DEADLINE} s:\n{processes.output()}")


@pytest.fixture
def portal(database, redis_url, tmp_path):
    """Two web processes and a job worker with the same settings; the web hosts' addresses."""
    env = {
        **os.environ,
        # The test settings (tests/testenv.py): the development key and hosts, static files
        # without collectstatic, a fast password hasher.
        "DJANGO_TESTING": "1",
        "DATABASE_URL": database,
        # The replica is the primary itself here: what matters is that the router is on.
        "DATABASE_REPLICA_URL": database,
        "REDIS_URL": redis_url,
        "CACHE_URL": redis_url,
        "PORTAL_SESSIONS": "cache",
        "TASKS_BACKEND": "rq",
        # One directory for all three stands for the shared file store.
        "MEDIA_ROOT": str(tmp_path / "media"),
    }
    processes = Processes(tmp_path, env)
    try:
        processes.run("migrate", "manage.py", "migrate", "--noinput", "-v", "0")
        processes.run("setup", "manage.py", "shell", "-c", SETUP)
        hosts = []
        for name in ("web-a", "web-b"):
            port = free_port()
            server = processes.start(
                name,
                "-m",
                "gunicorn",
                "emulation.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "1",
                "--timeout",
                "30",
            )
            hosts.append((server, f"http://127.0.0.1:{port}"))
        processes.start(
            "worker",
            "manage.py",
            "rqworker",
            "--job-class",
            "django_tasks_rq.Job",
            "default",
            PORTAL_WORKER="1",
        )
        for server, base in hosts:
            wait_until_it_answers(processes, server, base)
        yield SimpleNamespace(
            a=hosts[0][1], b=hosts[1][1], redis_url=redis_url, processes=processes
        )
    finally:
        processes.stop()


def test_two_web_hosts_and_a_worker_share_sessions_jobs_and_files(portal):
    a, b, browser = portal.a, portal.b, Browser()
    login, home = reverse("login"), reverse("home")
    history = reverse("awards:history_list")

    token = browser.csrf_token(a + login)
    signed_in = browser.post(
        a + login, {"username": "tdkt", "password": "demo", "csrfmiddlewaretoken": token}
    )
    assert (signed_in.status, signed_in.url) == (200, a + home), portal.processes.output()
    # The session is kept in Redis, where web B will find it.
    with redis.Redis.from_url(portal.redis_url) as sessions:
        assert sessions.keys("portal:*django.contrib.sessions.cache*")

    # Web B knows the session web A opened: the list opens, not the sign-in page.
    token = browser.csrf_token(f"{b}{history}?year=2019")
    started = browser.post(
        b + reverse("awards:history_export"), {"query": "year=2019", "csrfmiddlewaretoken": token}
    )
    job_page = re.fullmatch(re.escape(b) + r"/to-chuc/viec/([0-9a-f-]{36})/", started.url)
    assert started.status == 200 and job_page, (started.url, portal.processes.output())
    code = job_page.group(1)

    # Web A follows the job the worker runs, then hands out the file it wrote.
    status_url = a + reverse("organizations:job_status", args=[code])
    deadline = time.monotonic() + DEADLINE
    while b'data-testid="job-download"' not in (status := browser.get(status_url)).body:
        assert status.status == 200 and b'data-testid="job-retry"' not in status.body, (
            status.body.decode()
        )
        assert time.monotonic() < deadline, f"The job did not finish:\n{portal.processes.output()}"
        time.sleep(0.3)
    download = browser.get(a + reverse("organizations:job_download", args=[code]))
    assert download.status == 200
    assert download.headers["Content-Disposition"].startswith("attachment;")
    assert zipfile.is_zipfile(io.BytesIO(download.body))
    sheet = list(load_workbook(io.BytesIO(download.body)).active.values)
    assert [line[3] for line in sheet[1:]] == [2019, 2019]

    # The dashboard reads through the replica router.
    dashboard = browser.get(b + reverse("dashboards:agency"))
    assert dashboard.status == 200 and "Sở Khoa học và Công nghệ" in dashboard.body.decode()

    # Signing out on B ends the session on A too.
    browser.post(b + reverse("logout"), {"csrfmiddlewaretoken": browser.csrf_token(b + history)})
    assert urlsplit(browser.get(a + home).url).path == login
