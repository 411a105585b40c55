"""Trigram indexes on the decisions' symbol and title as the registry's search compares them
(`icontains`: `UPPER(…) LIKE UPPER('%…%')`), on PostgreSQL: the search reads the two indexes and
the awardees' decisions by key instead of every decision (7.6 ms at 4,236 decisions, the
synthetic province of 300,000 people). SQLite has no such index; there this does nothing.
pg_trgm is created by organizations' migration 0010.
"""

from django.db import migrations

from organizations.pg_indexes import postgres_indexes

class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0022_initiative_list_index"),
        ("organizations", "0010_person_search_trigram"),
    ]

    operations = [
        postgres_indexes(
            "awards_decision",
            {
                "decision_symbol_upper_trgm": "USING gin ((UPPER(symbol::text)) gin_trgm_ops)",
                "decision_title_upper_trgm": "USING gin ((UPPER(title::text)) gin_trgm_ops)",
            },
        )
    ]
