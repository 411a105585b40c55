"""Titles searched by their words (`search_title__words`, organizations.lookups): the decisions'
titles folded as the initiatives' are (migration 0025), and on PostgreSQL one text-search index of
each table's folded titles, in place of the trigram indexes of the titles. Titles share most of
their letters ("Về việc khen thưởng thành tích năm …", "Giải pháp nâng cao …"), so a trigram
search read nearly every title: 8 ms among 4,223 decisions at 300,000 people, where the words'
index reads the titles that hold the words (docs/performance.md, the tenth round).
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
                    "USING gin (to_tsvector('simple'::regconfig, search_title::text))"
                )
            },
            replaces={"decision_title_upper_trgm": "USING gin ((UPPER(title::text)) gin_trgm_ops)"},
        ),
        postgres_indexes(
            "awards_initiative",
            {
                "initiative_search_words": (
                    "USING gin (to_tsvector('simple'::regconfig, search_title::text))"
                )
            },
            replaces={"initiative_search_title_trgm": "USING gin (search_title gin_trgm_ops)"},
        ),
    ]
