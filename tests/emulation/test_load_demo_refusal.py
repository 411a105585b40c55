"""`manage.py load_demo` refuses to fill a production database unless forced.

Kept apart from test_load_demo.py, whose tests share one loaded demo: these need an empty database.
"""

from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.test import override_settings

from organizations.models import Person

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def load_demo(*args) -> str:
    out = StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


@override_settings(DEBUG=False, TESTING=False)
def test_it_refuses_to_run_in_production_without_force():
    with pytest.raises(CommandError, match="never exist in production"):
        load_demo()
    assert not User.objects.filter(username="admin").exists()
    assert not Person.objects.exists()


@override_settings(DEBUG=False, TESTING=False)
def test_force_overrides_the_refusal():
    load_demo("--force")
    assert User.objects.filter(username="admin").exists()
