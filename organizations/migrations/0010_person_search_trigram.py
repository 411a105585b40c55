"""A trigram index on the people's folded names, on PostgreSQL: a search for part of a name
("nguyen van") reads the index instead of every person (issue "Province scale": 243 ms at
300,000 people). SQLite has no such index and needs none at its sizes; there this does nothing.

pg_trgm ships with PostgreSQL and is a trusted extension (PostgreSQL 13 and later): the
database's owner may create it (docs/deployment.md).
"""

from django.db import migrations

from organizations.pg_indexes import postgres_indexes


class Migration(migrations.Migration):
    dependencies = [("organizations", "0009_summary_version")]

    operations = [
        postgres_indexes(
            "organizations_person",
            {"person_search_name_trgm": "USING gin (search_name gin_trgm_ops)"},
        )
    ]
