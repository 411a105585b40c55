"""The units' searches read indexes, on PostgreSQL: a trigram index on the folded name
(`search_name__contains`, migration 0014) and an ordered index on the code as the searches compare
it (`code__iexact`, `code__istartswith`: `UPPER(code) = …`, `UPPER(code) LIKE '…%'`). Without them
every search of the award history, the registrations, the decisions and the unit chooser read
all the units: 3 ms at 12,000 units (the synthetic province of 300,000 people), ten times what it
takes at 1,200. The trigram index of the names as they were compared before migration 0014
(`UPPER(name)`, migration 0012) goes: nothing reads it any more.
"""

from django.db import migrations

from organizations.pg_indexes import postgres_indexes


class Migration(migrations.Migration):
    dependencies = [("organizations", "0014_unit_search_name")]

    operations = [
        postgres_indexes(
            "organizations_unit",
            {
                "unit_search_name_trgm": "USING gin (search_name gin_trgm_ops)",
                "unit_code_upper_pattern": "((UPPER(code::text)) text_pattern_ops)",
            },
            replaces={"unit_name_upper_trgm": "USING gin ((UPPER(name::text)) gin_trgm_ops)"},
        )
    ]
