"""A trigram index on the units' names as a search compares them (`name__icontains`, which
PostgreSQL reads as `UPPER(name) LIKE UPPER('%…%')`), on PostgreSQL: the decisions' and the
dossiers' searches by a unit's name read the index instead of every unit (6–17 ms at 12,000
units, the synthetic province of 300,000 people). SQLite has no such index; there this does
nothing. pg_trgm is created by migration 0010.
"""

from django.db import migrations

from organizations.pg_indexes import postgres_indexes


class Migration(migrations.Migration):
    dependencies = [("organizations", "0011_person_code_upper_index")]

    operations = [
        postgres_indexes(
            "organizations_unit",
            {"unit_name_upper_trgm": "USING gin ((UPPER(name::text)) gin_trgm_ops)"},
        )
    ]
