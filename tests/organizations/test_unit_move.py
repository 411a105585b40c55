"""Moving a unit (`organizations.services.unit_move`): the whole subtree in one UPDATE."""

from contextlib import contextmanager

import pytest
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from organizations import importer, roles, services
from organizations.actors import SYSTEM
from organizations.events import describe
from organizations.models import Event, Person, Unit
from tests.factories import PersonFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.usefixtures("english")


def fresh(persona_or_user):
    """Return the login as a new request would: no roles or scope cached on the object."""
    user = getattr(persona_or_user, "user", persona_or_user)
    return User.objects.get(pk=user.pk)


def subtree(code: str, parent: Unit, middles: int) -> Unit:
    """Build a unit with three levels: it, `middles` units below it, two below each of those."""
    top = UnitFactory(code=code, name=f"Khối {code}", parent=parent)
    for i in range(middles):
        middle = UnitFactory(code=f"{code}-{i}", parent=top)
        for j in range(2):
            UnitFactory(code=f"{code}-{i}-{j}", parent=middle)
    return top


def assert_paths_consistent():
    """Every unit's path is its parent's path followed by its own code."""
    units = {unit.pk: unit for unit in Unit.objects.all()}
    for unit in units.values():
        parent = units.get(unit.parent_id)
        expected = f"{parent.path if parent else '/'}{unit.code}/"
        assert unit.path == expected, (unit.code, unit.path, expected)


def snapshot():
    return (
        list(Unit.objects.order_by("pk").values_list("code", "parent_id", "path")),
        Event.objects.count(),
        Unit.history.count(),
    )


@contextmanager
def database_unchanged():
    before = snapshot()
    yield
    assert snapshot() == before


def move(actor, unit, parent, **kwargs):
    return services.unit_move(actor=fresh(actor), unit=unit, parent=parent, **kwargs)


def test_3_or_30_units_below_cost_the_same_queries(org, django_assert_num_queries):
    small = subtree("NHO", org.office, 1)
    large = subtree("LON", org.office, 10)
    assert Unit.objects.subtree(small).count() - 1 == 3
    assert Unit.objects.subtree(large).count() - 1 == 30

    ContentType.objects.get_for_model(Unit)  # cached per process: the first event reads it
    with CaptureQueriesContext(connection) as captured:
        move(org.alice, small, org.technical)
    with django_assert_num_queries(len(captured)):
        move(org.alice, large, org.technical)

    large.refresh_from_db()
    assert Unit.objects.subtree(large).count() == 31
    assert Unit.objects.get(code="LON-9-1").path == "/SKHCN/KT/LON/LON-9/LON-9-1/"
    assert Unit.objects.get(code="NHO-0-1").path == "/SKHCN/KT/NHO/NHO-0/NHO-0-1/"
    assert_paths_consistent()


def test_a_new_code_moves_the_paths_below_too(org):
    top = subtree("CU", org.office, 2)
    moved = move(org.alice, top, org.office, code="MOI")
    assert moved.path == "/SKHCN/VP/MOI/"
    assert Unit.objects.get(code="CU-1-0").path == "/SKHCN/VP/MOI/CU-1/CU-1-0/"
    assert_paths_consistent()


def test_people_below_stay_in_the_scope_of_the_new_parents_head(org):
    top = subtree("KHOI", org.office, 1)
    deep = PersonFactory(unit=Unit.objects.get(code="KHOI-0-1"))
    assert not Person.objects.visible_to(fresh(org.carol)).filter(pk=deep.pk).exists()
    assert Person.objects.visible_to(fresh(org.bob)).filter(pk=deep.pk).exists()

    move(org.alice, top, org.technical)

    assert Person.objects.visible_to(fresh(org.carol)).filter(pk=deep.pk).exists()
    assert not Person.objects.visible_to(fresh(org.bob)).filter(pk=deep.pk).exists()


@pytest.mark.parametrize("below", ["KHOI", "KHOI-0", "KHOI-0-1"])
def test_it_refuses_a_move_below_itself(org, below):
    top = subtree("KHOI", org.office, 1)
    with database_unchanged(), pytest.raises(ValidationError) as refused:
        move(org.alice, top, Unit.objects.get(code=below))
    assert "cannot move below itself" in refused.value.message_dict["parent"][0]


def test_it_leaves_a_unit_whose_code_differs_only_in_case_alone(org):
    """SQLite's LIKE ignores case: the subtree is matched exactly, on both databases."""
    upper = subtree("AB", org.office, 1)
    subtree("ab", org.office, 1)
    move(org.alice, upper, org.technical)
    paths = dict(Unit.objects.values_list("code", "path"))
    assert paths["ab-0-1"] == "/SKHCN/VP/ab/ab-0/ab-0-1/"
    assert paths["AB-0-1"] == "/SKHCN/KT/AB/AB-0/AB-0-1/"
    assert_paths_consistent()


def test_the_move_is_recorded_as_an_event(org):
    top = subtree("KHOI", org.office, 1)
    move(org.alice, top, org.technical)
    event = Event.objects.for_target(top).get()
    assert (event.verb, event.actor) == ("unit_moved", org.alice.user)
    assert event.data == {"from": "/SKHCN/VP/KHOI/", "to": "/SKHCN/KT/KHOI/", "below": 3}
    assert describe(event) == (
        "Unit moved from /SKHCN/VP/KHOI/ to /SKHCN/KT/KHOI/, with 3 units below it"
    )


def test_only_the_moved_unit_gets_a_history_row(org):
    """The paths below are derived data: their rewrite is one UPDATE, with no history rows."""
    top = subtree("KHOI", org.office, 1)
    before = Unit.history.count()
    move(org.alice, top, org.technical)
    assert Unit.history.count() == before + 1
    assert Unit.history.latest("history_date").code == "KHOI"


def test_nothing_to_change_writes_nothing(org):
    top = subtree("KHOI", org.office, 1)
    with database_unchanged():
        move(org.alice, top, org.office, code="KHOI")


# Rights: the officer within its agency; the system everywhere


def test_staff_may_not_move_a_unit(org):
    top = subtree("KHOI", org.office, 1)
    with database_unchanged(), pytest.raises(PermissionDenied):
        move(org.bob, top, org.technical)


def test_an_officer_of_another_agency_may_not_move_a_unit(org):
    officer = UserFactory(username="oscar", roles=[roles.OFFICER, roles.STAFF])
    PersonFactory(code="OSCAR", unit=org.other, user=officer)
    top = subtree("KHOI", org.office, 1)
    with database_unchanged(), pytest.raises(PermissionDenied):
        move(officer, top, org.technical)
    with database_unchanged(), pytest.raises(PermissionDenied):
        move(officer, top, org.other)


def test_an_officer_may_not_move_a_unit_out_of_its_agency(org):
    top = subtree("KHOI", org.office, 1)
    with database_unchanged(), pytest.raises(PermissionDenied):
        move(org.alice, top, org.other)
    with database_unchanged(), pytest.raises(PermissionDenied):
        move(org.alice, top, None)


def test_the_system_moves_a_unit_anywhere_recorded_as_no_user(org):
    top = subtree("KHOI", org.office, 1)
    services.unit_move(actor=SYSTEM, unit=top, parent=None)
    assert Unit.objects.get(code="KHOI-0-0").path == "/KHOI/KHOI-0/KHOI-0-0/"
    assert Event.objects.for_target(top).get().actor is None
    assert_paths_consistent()


# The staff import moves units the same way, in a number of queries bounded by the file


def test_the_import_moves_a_subtree_without_a_query_per_unit_below(org):
    def import_move(code, parent_code):
        workbook = importer.StaffWorkbook(
            units=[importer.UnitRow(2, code, f"Khối {code}", "division", parent_code)],
            unit_headers={key: key for key in ("code", "name", "kind", "parent_code")},
        )
        with CaptureQueriesContext(connection) as captured:
            result = services.staff_import(actor=fresh(org.alice), workbook=workbook)
        assert result.ok, result.errors
        assert result.units_updated == [code]
        return len(captured)

    subtree("NHO", org.office, 1)
    subtree("LON", org.office, 10)
    assert import_move("NHO", "KT") == import_move("LON", "KT")
    assert Unit.objects.get(code="LON-9-1").path == "/SKHCN/KT/LON/LON-9/LON-9-1/"
    assert_paths_consistent()
