"""One demo per test module: `load_demo` runs once, and each test works inside a savepoint.

Loading the demo takes seconds (longer on PostgreSQL); loading it for each of sixty tests made
these modules most of the suite's run time. The demo is loaded inside a transaction held open for
the module and rolled back at its end; pytest-django's per-test atomic blocks nest inside it as
savepoints, so each test still starts from the freshly loaded demo and nothing leaks out.

A module that uses `demo_output` must hold only tests that expect the demo loaded: a test that
needs an empty database belongs in another module.
"""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

# The demo hashes a dozen passwords; the real hasher would make loading crawl.
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="module")
def demo_output(django_db_setup, django_db_blocker):
    """Load the demo once for the module; return what `load_demo` printed."""
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        with transaction.atomic():
            out = StringIO()
            call_command("load_demo", stdout=out)
            yield out.getvalue()
            transaction.set_rollback(True)
