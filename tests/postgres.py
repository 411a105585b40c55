"""A PostgreSQL database of a test's own, for the tests that start real processes on it (gunicorn,
a job worker, `manage.py loadrun`): they cannot see the rows of the test database, which live in a
transaction that is never committed."""

import contextlib
import os
from collections.abc import Iterator
from urllib.parse import urlsplit

import dj_database_url
import psycopg2
import pytest


def postgres_server_url() -> str:
    """The PostgreSQL server the tests run on (DATABASE_URL), else the machine's own."""
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith("postgres") else "postgres://postgres@127.0.0.1:5432/postgres"


@contextlib.contextmanager
def dedicated_database(prefix: str) -> Iterator[str]:
    """Create the database `<prefix>_<pid>` on the tests' PostgreSQL server and give its URL;
    drop it after. Skip the test, saying why, when the server does not answer."""
    server = postgres_server_url()
    params = dj_database_url.parse(server)
    credentials = {
        "host": params["HOST"] or "127.0.0.1",
        "port": params["PORT"] or 5432,
        "user": params["USER"] or None,
        "password": params["PASSWORD"] or None,
    }
    try:
        admin = psycopg2.connect(dbname="postgres", connect_timeout=3, **credentials)
    except psycopg2.OperationalError as exc:
        pytest.skip(f"PostgreSQL does not answer at {credentials['host']}: {exc}".strip())
    admin.autocommit = True
    name = f"{prefix}_{os.getpid()}"
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlsplit(server)._replace(path=f"/{name}", query="").geturl()
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()
