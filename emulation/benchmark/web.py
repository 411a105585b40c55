"""Talk to a running portal over real HTTP as a browser does, and serve one with gunicorn.

`manage.py loadrun` signs its users in and loads pages through `Browser`, against a `Gunicorn`
it starts or a portal already running; tests/emulation/test_topology.py drives its web hosts with
the same `Browser`. Only the standard library: urllib, a cookie jar, subprocess.
"""

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from email.message import Message
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.error import HTTPError
from urllib.parse import urlencode, urljoin, urlsplit
from urllib.request import HTTPCookieProcessor, HTTPRedirectHandler, build_opener

from django.urls import reverse

CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class SignInError(Exception):
    """Raised when the sign-in form does not open or does not let the user in."""


class ServeError(Exception):
    """Raised when gunicorn does not start answering."""


@dataclass
class Response:
    """What a request came back with: the final address (after redirects), status, headers,
    body."""

    url: str
    status: int
    headers: Message
    body: bytes


class _NoRedirects(HTTPRedirectHandler):
    """Hand a redirect back as it is: a load run counts it, instead of loading the next page."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


class Browser:
    """One person's browser: a cookie jar shared by every host it talks to."""

    def __init__(self, *, follow_redirects: bool = True, timeout: float = 60):
        handlers = [HTTPCookieProcessor(CookieJar())]
        if not follow_redirects:
            handlers.append(_NoRedirects())
        self.opener = build_opener(*handlers)
        self.timeout = timeout

    def get(self, url: str) -> Response:
        return self.request(url)

    def post(self, url: str, data: dict) -> Response:
        return self.request(url, urlencode(data).encode())

    def request(self, url: str, data: bytes | None = None) -> Response:
        """Send the request and read the whole body. An answer other than 2xx is returned too;
        a connection that fails or times out raises OSError (URLError, TimeoutError)."""
        try:
            with self.opener.open(url, data=data, timeout=self.timeout) as response:
                return Response(
                    response.geturl(), response.status, response.headers, response.read()
                )
        except HTTPError as error:
            with error:
                return Response(error.url, error.code, error.headers, error.read())

    def csrf_token(self, url: str) -> str:
        """Open the form at `url` and return its CSRF token."""
        page = self.get(url)
        match = CSRF_FIELD.search(page.body.decode(errors="replace"))
        if page.status != 200 or not match:
            raise SignInError(f"GET {url} answered {page.status} without a form")
        return match.group(1)

    def sign_in(self, base: str, username: str, password: str) -> None:
        """Sign in through the portal's sign-in form, as a person does."""
        login = base + reverse("login")
        token = self.csrf_token(login)
        answer = self.post(
            login, {"username": username, "password": password, "csrfmiddlewaretoken": token}
        )
        # The form lets the user in with a redirect away from itself (followed or not), and
        # shows itself again (or the lock-out page) when it does not.
        if answer.status == 302:
            landed = urljoin(login, answer.headers.get("Location", ""))
        else:
            landed = answer.url if answer.status == 200 else login
        if urlsplit(landed).path == urlsplit(login).path:
            raise SignInError(f"{username} could not sign in at {login} ({answer.status})")


def free_port() -> int:
    """Return a TCP port of the loopback nobody listens on (a moment ago)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def answers(base: str) -> bool:
    """Return whether the portal at `base` says ok on its health check."""
    try:
        with build_opener().open(f"{base}/healthz", timeout=5) as response:
            return response.read() == b"ok"
    except OSError:  # refused, or accepted while the worker still loads the portal
        return False


def wait_until_answers(
    base: str, *, running: Callable[[], bool] = lambda: True, seconds: float = 60
) -> bool:
    """Poll the health check until it answers; False if `running()` turns false or time is up."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not running():
            return False
        if answers(base):
            return True
        time.sleep(0.2)
    return False


class Gunicorn:
    """gunicorn serving the portal on a free loopback port, in a process group of its own.

    Use it as a context manager: leaving the block stops the master and its workers, whatever
    happened inside.
    """

    def __init__(
        self,
        *,
        workers: int,
        threads: int = 1,
        env: Mapping[str, str] | None = None,
        log: Path,
        timeout: int = 60,
        cwd: Path | None = None,
    ):
        self.workers, self.threads, self.timeout = workers, threads, timeout
        self.env = dict(os.environ if env is None else env)
        self.log, self.cwd = log, cwd
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None

    def start(self, *, seconds: float = 60) -> str:
        """Start gunicorn and wait until it answers; return its address."""
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "emulation.wsgi",
                    "--bind",
                    f"127.0.0.1:{self.port}",
                    "--workers",
                    str(self.workers),
                    "--threads",
                    str(self.threads),
                    "--timeout",
                    str(self.timeout),
                ],
                cwd=self.cwd,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                # Its own group: stop() ends the workers with the master, and a Ctrl-C meant
                # for the caller does not reach them before the caller stops them.
                start_new_session=True,
            )
        if not wait_until_answers(self.url, running=self.running, seconds=seconds):
            self.stop()
            raise ServeError(f"gunicorn did not answer at {self.url}:\n{self.output()}")
        return self.url

    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def output(self) -> str:
        """Return what gunicorn wrote (its start, its workers' errors)."""
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def stop(self) -> None:
        """End the master and its workers: SIGTERM, then SIGKILL after 10 s."""
        process, self.process = self.process, None
        if process is not None:
            stop_group(process)

    def __enter__(self) -> "Gunicorn":
        self.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()


def stop_group(process: subprocess.Popen, seconds: float = 10) -> None:
    """End a process started in a session of its own and all it forked (gunicorn's workers, an
    RQ work horse): SIGTERM to the whole group, even if the leader is gone, then SIGKILL after
    `seconds`."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
