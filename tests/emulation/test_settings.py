"""Settings fail loudly on bad values and refuse an unsafe production start."""

import json
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


PRODUCTION = {
    "SECRET_KEY": "r7G-2kq_Vb9xXw4LmZt8pQy3NcHs6JdFe1UoAi5KlWvYgBnRzT0MhCjPuE",
    "ALLOWED_HOSTS": "portal.example.gov.vn",
    "PORTAL_URL": "https://portal.example.gov.vn",
}


def test_production_settings_pass_check_deploy():
    result = run_django(PRODUCTION, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stderr


def test_check_deploy_warns_when_e_mails_would_have_no_link():
    production = {key: value for key, value in PRODUCTION.items() if key != "PORTAL_URL"}
    result = run_django(production, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode != 0
    assert "portal.W001" in result.stderr and "PORTAL_URL" in result.stderr


def test_an_unknown_job_queue_stops_the_start():
    result = run_django({"DJANGO_DEBUG": "1", "TASKS_BACKEND": "celery"}, "check")
    assert result.returncode != 0
    assert "TASKS_BACKEND must be one of database, rq, immediate, not 'celery'" in result.stderr


def postgres_setting(env, name="statement_timeout"):
    """A setting PostgreSQL applies to a portal's connection with this environment (connected
    to the test database, which exists wherever the tests run)."""
    from django.db import connection

    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        pytest.skip("PostgreSQL only: DATABASE_URL points elsewhere")
    url = url.rsplit("/", 1)[0] + "/" + connection.settings_dict["NAME"]
    script = "from django.db import connection; c = connection.cursor(); "
    script += f"c.execute('SHOW {name}'); print(c.fetchone()[0])"
    result = run_django({"DJANGO_DEBUG": "1", "DATABASE_URL": url, **env}, "shell", "-c", script)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_postgresql_cancels_a_web_query_after_30_s_and_a_workers_after_10_min(db):
    assert postgres_setting({}) == "30s"
    assert postgres_setting({"PORTAL_WORKER": "1"}) == "10min"
    assert postgres_setting({"DB_STATEMENT_TIMEOUT": "0"}) == "0"


def test_a_web_query_runs_in_one_process_and_a_job_s_as_postgresql_chooses(db):
    parallel = "max_parallel_workers_per_gather"
    assert postgres_setting({}, parallel) == "0"
    assert postgres_setting({"PORTAL_WORKER": "1"}, parallel) == "2"  # PostgreSQL's default
    assert postgres_setting({"DB_PARALLEL_WORKERS": "4"}, parallel) == "4"


def test_the_planner_prices_reading_out_of_order_for_memory_and_ssd(db):
    cost = "random_page_cost"
    assert postgres_setting({}, cost) == "1.1"
    assert postgres_setting({"DB_RANDOM_PAGE_COST": "0"}, cost) == "4"  # PostgreSQL's own
    assert postgres_setting({"DB_RANDOM_PAGE_COST": "2"}, cost) == "2"


def test_a_cost_that_is_not_a_number_stops_the_start():
    result = run_django({"DJANGO_DEBUG": "1", "DB_RANDOM_PAGE_COST": "1,1"}, "check")
    assert result.returncode != 0
    assert "DB_RANDOM_PAGE_COST must be a number such as 1.1; got '1,1'" in result.stderr


def settings_under(env, *expressions):
    """Return the values of Python expressions (on `settings`, `storages`, `connections`) as
    the portal reads them started with this environment (in development mode)."""
    script = (
        "import json; from django.conf import settings; "
        "from django.core.files.storage import storages; from django.db import connections; "
        f"print(json.dumps([{', '.join(expressions)}], default=str))"
    )
    result = run_django({"DJANGO_DEBUG": "1", **env}, "shell", "-c", script)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


S3 = {
    "PORTAL_STORAGE": "s3",
    "AWS_STORAGE_BUCKET_NAME": "thidua-files",
    "AWS_S3_ENDPOINT_URL": "http://127.0.0.1:9000",
    "AWS_S3_REGION_NAME": "ap-southeast-1",
    "AWS_ACCESS_KEY_ID": "portal",
    "AWS_SECRET_ACCESS_KEY": "not-a-real-secret",
}


def test_uploads_go_to_an_s3_bucket_that_stays_private():
    storage, options = settings_under(
        S3,
        "type(storages['default']).__module__ + '.' + type(storages['default']).__name__",
        "{name: getattr(storages['default'], name) for name in ('bucket_name', 'endpoint_url', "
        "'region_name', 'access_key', 'secret_key', 'default_acl', 'querystring_auth', "
        "'file_overwrite')}",
    )
    assert storage == "storages.backends.s3.S3Storage"
    assert options == {
        "bucket_name": "thidua-files",
        "endpoint_url": "http://127.0.0.1:9000",
        "region_name": "ap-southeast-1",
        "access_key": "portal",
        "secret_key": "not-a-real-secret",
        "default_acl": None,
        "querystring_auth": True,
        "file_overwrite": False,
    }


def test_uploads_stay_on_the_file_system_by_default():
    [storage] = settings_under({}, "settings.STORAGES['default']['BACKEND']")
    assert storage == "django.core.files.storage.FileSystemStorage"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"PORTAL_STORAGE": "s3"}, "PORTAL_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME."),
        ({"PORTAL_STORAGE": "ftp"}, "PORTAL_STORAGE must be filesystem or s3, not 'ftp'."),
        ({"PORTAL_SESSIONS": "file"}, "PORTAL_SESSIONS must be one of db, cache, not 'file'."),
        ({"PORTAL_SESSIONS": "cache"}, "PORTAL_SESSIONS=cache needs a shared cache"),
        ({"CACHE_URL": "memcached://127.0.0.1"}, "CACHE_URL must be a Redis URL"),
        ({"DATABASE_REPLICA_URL": "postgres://h/db"}, "DATABASE_REPLICA_URL needs DATABASE_URL"),
    ],
)
def test_a_bad_topology_stops_the_start(env, message):
    result = run_django({"DJANGO_DEBUG": "1", **env}, "check")
    assert result.returncode != 0
    assert message in result.stderr


def test_sessions_stay_in_the_database_and_the_cache_in_memory_by_default():
    assert settings_under(
        {}, "settings.SESSION_ENGINE", "settings.CACHES['default']['BACKEND']"
    ) == [
        "django.contrib.sessions.backends.db",
        "django.core.cache.backends.locmem.LocMemCache",
    ]


def test_sessions_go_to_the_redis_cache_every_web_host_shares():
    values = settings_under(
        {"PORTAL_SESSIONS": "cache", "CACHE_URL": "redis://127.0.0.1:6379/3"},
        "settings.SESSION_ENGINE",
        "settings.CACHES['default']['BACKEND']",
        "settings.CACHES['default']['LOCATION']",
    )
    assert values == [
        "django.contrib.sessions.backends.cache",
        "django.core.cache.backends.redis.RedisCache",
        "redis://127.0.0.1:6379/3",
    ]
    # Without CACHE_URL, the Redis of the job queue serves as the cache too.
    [location] = settings_under(
        {"REDIS_URL": "redis://queue:6379/1"}, "settings.CACHES['default']['LOCATION']"
    )
    assert location == "redis://queue:6379/1"


def test_a_replica_is_a_second_alias_the_router_reads_from():
    primary = "postgres://thidua@db1:5432/thidua"
    replica = "postgres://thidua_ro@db2:5432/thidua"
    aliases, routers, host, test, options = settings_under(
        {"DATABASE_URL": primary, "DATABASE_REPLICA_URL": replica},
        "list(settings.DATABASES)",
        "settings.DATABASE_ROUTERS",
        "settings.DATABASES['replica']['HOST']",
        "settings.DATABASES['replica']['TEST']['MIRROR']",
        "settings.DATABASES['replica']['OPTIONS']['options']",
    )
    assert aliases == ["default", "replica"]
    assert routers == ["organizations.routers.ReplicaRouter"]
    assert (host, test) == ("db2", "default")
    assert options == (
        "-c statement_timeout=30000 -c max_parallel_workers_per_gather=0 -c random_page_cost=1.1"
    )
    # Off by default: one database, no router.
    assert settings_under(
        {"DATABASE_URL": primary}, "list(settings.DATABASES)", "settings.DATABASE_ROUTERS"
    ) == [
        ["default"],
        [],
    ]
