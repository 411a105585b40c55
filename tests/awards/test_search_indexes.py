"""The searches of the award history, the initiatives and the units read their own indexes on
PostgreSQL (awards' migrations 0024 to 0026, organizations' 0015 and 0016): written otherwise
than its index, a condition reads every row of the province (145 ms for a staff code in the
award history, 320 ms for a title among 35,000 initiatives, 3 ms for a unit's name among 12,000
units at 300,000 people: docs/performance.md, the eighth to tenth rounds)."""

import pytest
from django.db import connection

from awards.models import AwardRecord, Decision, Initiative
from organizations.models import Unit

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's plans (CI runs it)"
)


@pytest.mark.parametrize(
    ("rows", "index"),
    [
        (
            lambda: AwardRecord.objects.filter(decision_number__icontains="BM0A000123").order_by(),
            "award_record_number_upper_trgm",
        ),
        (
            lambda: Initiative.objects.filter(search_title__words="so hoa ho so").order_by(),
            "initiative_search_words",
        ),
        (
            lambda: Decision.objects.filter(search_title__words="khen thuong thanh").order_by(),
            "decision_search_words",
        ),
        (
            lambda: Initiative.objects.filter(decision_number__icontains="123/QĐ").order_by(),
            "initiative_number_upper_trgm",
        ),
        (
            lambda: Unit.objects.filter(search_name__words="phong to chuc").order_by(),
            "unit_search_words",
        ),
        (
            lambda: Unit.objects.filter(code__iexact="skhcn-vp").order_by(),
            "unit_code_upper_pattern",
        ),
        (
            # The unit chooser's search by the start of a code.
            lambda: Unit.objects.filter(code__istartswith="skhcn").order_by(),
            "unit_code_upper_pattern",
        ),
    ],
    ids=[
        "award number",
        "initiative title",
        "decision title",
        "initiative number",
        "unit name",
        "unit code",
        "unit code start",
    ],
)
def test_a_search_condition_reads_its_index(db, rows, index):
    # The condition alone, as the lists' count reads it (in no order); on the empty tables of
    # a test the planner would rather walk any index than the trigram one, so walking
    # sequentially or down a B-tree is off: only an index answering the condition is left.
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        plan = rows().explain()
    assert index in plan, plan
    assert "Seq Scan" not in plan, plan


def test_no_search_index_keeps_a_pending_list(db):
    """A GIN index's pending list (the rows written since the last vacuum) is read row by row by
    every search: 11 ms for the initiatives of a province just imported, 4 ms once merged."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, c.reloptions FROM pg_class c JOIN pg_am a ON a.oid = c.relam "
            "WHERE a.amname = 'gin' ORDER BY c.relname"
        )
        indexes = dict(cursor.fetchall())
    assert set(indexes) >= {
        "unit_search_words",
        "initiative_search_words",
        "decision_search_words",
        "award_record_number_upper_trgm",
    }
    assert {
        name for name, options in indexes.items() if "fastupdate=off" not in (options or [])
    } == set()
