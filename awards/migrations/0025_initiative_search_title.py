"""The initiatives' titles folded (lower-case, without diacritics), for the list's search: read
by the database, through a trigram index on PostgreSQL, instead of every title in scope folded
in Python on every search (320 ms at 35,000 initiatives, the synthetic province of 300,000
people). A trigram index on the decision numbers too, which a search holding a digit also
matches. SQLite has no such indexes; there only the column is added and filled. pg_trgm is
created by organizations' migration 0010.
"""

from django.db import migrations, models

from organizations.pg_indexes import postgres_indexes
from organizations.vietnamese import fold

INDEXES = {
    "initiative_search_title_trgm": "USING gin (search_title gin_trgm_ops)",
    "initiative_number_upper_trgm": "USING gin ((UPPER(decision_number::text)) gin_trgm_ops)",
}


def fill(apps, schema_editor):
    Initiative = apps.get_model("awards", "Initiative")
    initiatives = list(Initiative.objects.only("pk", "title"))
    for initiative in initiatives:
        initiative.search_title = fold(initiative.title)
    Initiative.objects.bulk_update(initiatives, ["search_title"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0024_award_record_number_trigram"),
        ("organizations", "0010_person_search_trigram"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalinitiative",
            name="search_title",
            field=models.CharField(default="", editable=False, max_length=500),
        ),
        migrations.AddField(
            model_name="initiative",
            name="search_title",
            field=models.CharField(default="", editable=False, max_length=500),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
        postgres_indexes("awards_initiative", INDEXES),
    ]
