"""Titles searched by their words (`search_title__words`, organizations.lookups): the decisions'
titles folded as the initiatives' are (migration 0025), and on PostgreSQL one text-search index of
each table's folded titles, in place of the trigram indexes of the titles. Titles share most of
their letters ("Về việc khen thưởng thành tích năm …", "Giải pháp nâng cao …"), so a trigram
search read nearly every title: 8 ms among 4,223 decisions at 300,000 people, where the words'
index reads the titles that hold the words (docs/performance.md, the tenth round).

Every search index of PostgreSQL's GIN kind, these and the trigram indexes of the numbers, keeps
no pending list (`fastupdate = off`): by default rows written go to a list that every search
reads one by one until a vacuum merges it, 11 ms for the 35,000 initiatives of a province just
imported, 4 ms once merged. The portal writes these rows seldom (an import, a decision) and
searches them on every keystroke.
"""

from django.db import migrations, models

from organizations.pg_indexes import postgres_indexes
from organizations.vietnamese import fold


def fill(apps, schema_editor):
    Decision = apps.get_model("awards", "Decision")
    decisions = list(Decision.objects.only("pk", "title"))
    for decision in decisions:
        decision.search_title = fold(decision.title)
    Decision.objects.bulk_update(decisions, ["search_title"], batch_size=1000)


# The trigram indexes of the numbers (migrations 0023 to 0025), searched when a text has a digit.
NUMBER_INDEXES = (
    "award_record_number_upper_trgm",
    "initiative_number_upper_trgm",
    "decision_symbol_upper_trgm",
)


def _without_pending_list(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    quote = schema_editor.connection.ops.quote_name
    for index in NUMBER_INDEXES:
        schema_editor.execute(f"ALTER INDEX IF EXISTS {quote(index)} SET (fastupdate = off)")
        # What the list holds already goes into the index now.
        schema_editor.execute(
            "SELECT gin_clean_pending_list(oid) FROM pg_class WHERE relname = %s", [index]
        )


def _with_pending_list(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    quote = schema_editor.connection.ops.quote_name
    for index in NUMBER_INDEXES:
        schema_editor.execute(f"ALTER INDEX IF EXISTS {quote(index)} RESET (fastupdate)")


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0025_initiative_search_title"),
        ("organizations", "0016_unit_name_words"),
    ]

    operations = [
        migrations.AddField(
            model_name="decision",
            name="search_title",
            field=models.CharField(default="", editable=False, max_length=300),
        ),
        migrations.AddField(
            model_name="historicaldecision",
            name="search_title",
            field=models.CharField(default="", editable=False, max_length=300),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
        postgres_indexes(
            "awards_decision",
            {
                "decision_search_words": (
                    "USING gin (to_tsvector('simple'::regconfig, search_title::text)) "
                    "WITH (fastupdate = off)"
                )
            },
            replaces={"decision_title_upper_trgm": "USING gin ((UPPER(title::text)) gin_trgm_ops)"},
        ),
        migrations.RunPython(_without_pending_list, _with_pending_list, elidable=False),
        postgres_indexes(
            "awards_initiative",
            {
                "initiative_search_words": (
                    "USING gin (to_tsvector('simple'::regconfig, search_title::text)) "
                    "WITH (fastupdate = off)"
                )
            },
            replaces={"initiative_search_title_trgm": "USING gin (search_title gin_trgm_ops)"},
        ),
    ]
