"""Ordered indexes of the people's folded names from each of their words, on PostgreSQL, for
the name search by the start of a word (organizations.lookups.WordStart): "nguyen van" reads
the 809 names that begin with it at 300,000 people, where the trigram index read the lists of
the third of the province whose names hold "ngu" or "van" (docs/performance.md). The trigram
index of the names goes: nothing searches inside a word any more. SQLite needs none of this at
its sizes; there this does nothing.
"""

from django.db import migrations

from organizations.pg_indexes import postgres_indexes

# Written as organizations.lookups.WordStart writes its conditions, so that PostgreSQL matches
# them (a test reads the plan: tests/organizations/test_person_list.py).
INDEXES = {
    "person_search_name_prefix": "(search_name varchar_pattern_ops)",
    **{
        f"person_search_name_word{n + 1}": (
            f"((substring(search_name, '^(?:\\S+ ){{{n}}}(.*)$')) text_pattern_ops)"
        )
        for n in (1, 2, 3, 4)
    },
    "person_search_name_last": "((substring(search_name, ' (\\S+)$')) text_pattern_ops)",
}


class Migration(migrations.Migration):
    dependencies = [("organizations", "0012_unit_name_trigram")]

    operations = [
        postgres_indexes(
            "organizations_person",
            INDEXES,
            replaces={"person_search_name_trgm": "USING gin (search_name gin_trgm_ops)"},
        )
    ]
