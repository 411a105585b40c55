"""The read replica (organizations.routers): reads go to it only inside `reads_from_replica`, the
dashboards' views; writes, every other read and the sign-in and rights tables stay on the
primary. The pages are tested with a `replica` alias on the test database, a replica that never
lags, so that what the page read through it shows."""

import copy
import re
import threading

import pytest
from django.contrib.auth.models import Group, User
from django.contrib.sessions.models import Session
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from organizations.models import Person, Unit
from organizations.routers import REPLICA, ReplicaRouter, reads_from_replica

pytestmark = pytest.mark.usefixtures("english")

router = ReplicaRouter()
# What a query of the sign-in and the rights reads from.
PRIMARY_ONLY = re.compile(r'^SELECT .*? FROM "(django_session|auth_\w+)"')


def test_reads_go_to_the_replica_only_inside_the_context():
    assert router.db_for_read(Person) == DEFAULT_DB_ALIAS
    with reads_from_replica():
        assert router.db_for_read(Person) == REPLICA
        assert router.db_for_read(Unit) == REPLICA
        assert router.db_for_write(Person) == DEFAULT_DB_ALIAS
    assert router.db_for_read(Person) == DEFAULT_DB_ALIAS
    assert router.db_for_write(Person) == DEFAULT_DB_ALIAS


def test_who_is_signed_in_and_their_rights_are_read_from_the_primary():
    with reads_from_replica():
        for model in (User, Group, Session):
            assert router.db_for_read(model) == DEFAULT_DB_ALIAS


def test_a_decorated_view_reads_from_the_replica_and_leaves_no_trace():
    @reads_from_replica
    def view(request):
        return router.db_for_read(Person)

    @reads_from_replica
    def failing_view(request):
        raise ValueError("broken")

    assert view(None) == REPLICA
    assert view.__name__ == "view"
    with pytest.raises(ValueError):
        failing_view(None)
    assert router.db_for_read(Person) == DEFAULT_DB_ALIAS


def test_another_thread_does_not_inherit_the_choice():
    seen = []
    with reads_from_replica():
        thread = threading.Thread(target=lambda: seen.append(router.db_for_read(Person)))
        thread.start()
        thread.join()
    assert seen == [DEFAULT_DB_ALIAS]


@pytest.mark.django_db(transaction=True)
def test_reads_inside_a_transaction_stay_on_the_primary():
    with reads_from_replica():
        with transaction.atomic():
            assert router.db_for_read(Person) == DEFAULT_DB_ALIAS
        assert router.db_for_read(Person) == REPLICA


def test_rows_relate_across_the_two_and_only_the_primary_migrates():
    from_primary, from_replica, elsewhere = Person(), Unit(), Unit()
    from_primary._state.db, from_replica._state.db = DEFAULT_DB_ALIAS, REPLICA
    elsewhere._state.db = "archive"
    assert router.allow_relation(from_primary, from_replica) is True
    assert router.allow_relation(from_primary, elsewhere) is None
    assert router.allow_migrate(DEFAULT_DB_ALIAS, "organizations") is True
    assert router.allow_migrate(REPLICA, "organizations") is False


@pytest.fixture(scope="module")
def replica_alias(django_db_setup, django_db_blocker):
    """A `replica` alias on the test database, as settings add for DATABASE_REPLICA_URL: a
    replica that never lags. Made before a test's database access is set up, which must list
    it; being a second connection, it sees only what is committed: the tests that use it commit."""
    database = copy.deepcopy(connections.settings[DEFAULT_DB_ALIAS])
    database["TEST"]["MIRROR"] = DEFAULT_DB_ALIAS
    connections.settings[REPLICA] = database
    yield
    with django_db_blocker.unblock():
        connections[REPLICA].close()
    del connections[REPLICA]
    del connections.settings[REPLICA]


@pytest.fixture
def replica(replica_alias, settings):
    """The replica and the router on."""
    settings.DATABASE_ROUTERS = ["organizations.routers.ReplicaRouter"]
    return connections[REPLICA]


with_replica = pytest.mark.django_db(transaction=True, databases=[DEFAULT_DB_ALIAS, REPLICA])


def queries_on_each(client, url):
    """GET a page; return it, and the SQL it sent to the primary and to the replica."""
    with (
        CaptureQueriesContext(connections[DEFAULT_DB_ALIAS]) as primary,
        CaptureQueriesContext(connections[REPLICA]) as replica,
    ):
        response = client.get(url)
    return response, [q["sql"] for q in primary], [q["sql"] for q in replica]


@with_replica
def test_the_dashboards_read_from_the_replica(org, leader, login, replica):
    client = login(leader)
    for url, shown in (
        (reverse("dashboards:agency"), org.agency.name),
        (reverse("dashboards:unit", args=[org.technical.code]), org.technical.name),
    ):
        page, on_primary, on_replica = queries_on_each(client, url)
        assert page.status_code == 200 and shown in page.content.decode()
        assert any('"organizations_unit"' in sql for sql in on_replica), url
        # The session, the user and the user's groups came from the primary, and nothing else.
        assert any('"django_session"' in sql for sql in on_primary)
        assert any('"auth_group"' in sql for sql in on_primary)
        assert not any('"django_session"' in sql or '"auth_' in sql for sql in on_replica)
        assert all(PRIMARY_ONLY.search(sql) for sql in on_primary), on_primary


@with_replica
def test_other_pages_read_from_the_primary(org, login, replica):
    page, on_primary, on_replica = queries_on_each(login(org.alice), reverse("home"))
    assert page.status_code == 200
    assert on_primary and not on_replica
