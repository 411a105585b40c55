"""Settings fail loudly on bad values and refuse an unsafe production start."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from emulation.settings import envbool, envint, envlist

ROOT = Path(__file__).resolve().parents[2]


def test_envbool_reads_yes_and_no(monkeypatch):
    monkeypatch.setenv("X_FLAG", "yes")
    assert envbool("X_FLAG", False) is True
    monkeypatch.setenv("X_FLAG", "0")
    assert envbool("X_FLAG", True) is False
    monkeypatch.delenv("X_FLAG")
    assert envbool("X_FLAG", True) is True


def test_envbool_refuses_a_vague_value(monkeypatch):
    monkeypatch.setenv("X_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="X_FLAG"):
        envbool("X_FLAG", False)


def test_envint_refuses_a_word(monkeypatch):
    monkeypatch.setenv("X_NUM", "ten")
    with pytest.raises(ImproperlyConfigured, match="X_NUM"):
        envint("X_NUM", 1)


def test_envlist_splits_on_commas(monkeypatch):
    monkeypatch.setenv("X_LIST", "a.gov.vn, b.gov.vn,,")
    assert envlist("X_LIST", []) == ["a.gov.vn", "b.gov.vn"]


def run_django(env_overrides, *args):
    env = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {
            "DJANGO_DEBUG",
            "DJANGO_TESTING",
            "SECRET_KEY",
            "ALLOWED_HOSTS",
            "DATABASE_URL",
            "DJANGO_ALLOW_ASYNC_UNSAFE",  # set for the browser tests, never in production
        }
    }
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_secret_key():
    result = run_django({"ALLOWED_HOSTS": "portal.example.gov.vn"}, "check")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = run_django({"SECRET_KEY": "k" * 60}, "check")
    assert result.returncode != 0
    assert "ALLOWED_HOSTS is not set" in result.stderr


def test_a_bad_debug_value_stops_the_start():
    result = run_django({"DJANGO_DEBUG": "perhaps"}, "check")
    assert result.returncode != 0
    assert "DJANGO_DEBUG" in result.stderr


def test_production_settings_pass_check_deploy():
    result = run_django(
        {
            "SECRET_KEY": "r7G-2kq_Vb9xXw4LmZt8pQy3NcHs6JdFe1UoAi5KlWvYgBnRzT0MhCjPuE",
            "ALLOWED_HOSTS": "portal.example.gov.vn",
        },
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stderr


def test_an_unknown_job_queue_stops_the_start():
    result = run_django({"DJANGO_DEBUG": "1", "TASKS_BACKEND": "celery"}, "check")
    assert result.returncode != 0
    assert "TASKS_BACKEND must be one of database, rq, immediate, not 'celery'" in result.stderr


def postgres_timeout(env):
    """The statement_timeout PostgreSQL applies to a portal's connection with this environment
    (connected to the test database, which exists wherever the tests run)."""
    from django.db import connection

    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        pytest.skip("PostgreSQL only: DATABASE_URL points elsewhere")
    url = url.rsplit("/", 1)[0] + "/" + connection.settings_dict["NAME"]
    script = "from django.db import connection; c = connection.cursor(); "
    script += "c.execute('SHOW statement_timeout'); print(c.fetchone()[0])"
    result = run_django({"DJANGO_DEBUG": "1", "DATABASE_URL": url, **env}, "shell", "-c", script)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_postgresql_cancels_a_web_query_after_30_s_and_a_workers_after_10_min(db):
    assert postgres_timeout({}) == "30s"
    assert postgres_timeout({"PORTAL_WORKER": "1"}) == "10min"
    assert postgres_timeout({"DB_STATEMENT_TIMEOUT": "0"}) == "0"
