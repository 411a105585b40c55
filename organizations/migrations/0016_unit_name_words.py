"""A unit's name is searched by its words on PostgreSQL (`search_name__words`): one text-search
index of the folded name's words replaces the trigram index of migration 0015, which answered
from the lists of units holding each three letters of the text. Unit names share most of them
("phong", "so", "cong doan"), so every search read thousands of units: 3 ms at 12,000 units,
whatever was typed, where the words' index reads the units that hold them (docs/performance.md,
the tenth round). Without a pending list (`fastupdate = off`): a row written goes into the index
at once, and no search reads a list of the rows written since the last vacuum one by one."""

from django.db import migrations

from organizations.pg_indexes import postgres_indexes


class Migration(migrations.Migration):
    dependencies = [("organizations", "0015_unit_search_indexes")]

    operations = [
        postgres_indexes(
            "organizations_unit",
            {
                "unit_search_words": (
                    "USING gin (to_tsvector('simple'::regconfig, search_name::text)) "
                    "WITH (fastupdate = off)"
                )
            },
            replaces={"unit_search_name_trgm": "USING gin (search_name gin_trgm_ops)"},
        )
    ]
