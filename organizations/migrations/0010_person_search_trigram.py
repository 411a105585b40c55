"""A trigram index on the people's folded names, on PostgreSQL: a search for part of a name
("nguyen van") reads the index instead of every person (issue "Province scale": 243 ms at
300,000 people). SQLite has no such index and needs none at its sizes; there this does nothing.

pg_trgm ships with PostgreSQL and is a trusted extension (PostgreSQL 13 and later): the
database's owner may create it (docs/deployment.md).
"""

from django.db import migrations


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS person_search_name_trgm "
        "ON organizations_person USING gin (search_name gin_trgm_ops)"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS person_search_name_trgm")


class Migration(migrations.Migration):
    dependencies = [("organizations", "0009_summary_version")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
