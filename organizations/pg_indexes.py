"""Indexes only PostgreSQL has, for the migrations that add them: trigram indexes for the
searches inside a text (`LIKE '%…%'`) and expression indexes written as the searches write their
conditions. SQLite (`make run`) has none of them and needs none at its sizes; there the
operation does nothing.

pg_trgm ships with PostgreSQL and is a trusted extension (PostgreSQL 13 and later): the
database's owner may create it (docs/deployment.md).
"""

from django.db import migrations


def postgres_indexes(
    table: str, indexes: dict[str, str], *, replaces: dict[str, str] | None = None
):
    """Return a migration operation that creates `indexes` on `table` ({name: what follows
    `ON table`, e.g. "USING gin (search_name gin_trgm_ops)"}), dropping `replaces` (of the same
    form) first; reversed, it drops `indexes` and creates `replaces` again."""
    replaces = replaces or {}

    def change(schema_editor, dropped: dict[str, str], created: dict[str, str]) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for name in dropped:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
        for name, definition in created.items():
            schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} {definition}")

    def forwards(apps, schema_editor):
        change(schema_editor, replaces, indexes)

    def backwards(apps, schema_editor):
        change(schema_editor, indexes, replaces)

    return migrations.RunPython(forwards, backwards, elidable=False)
