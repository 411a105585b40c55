"""An issued decision keeps the number of awards it granted (`Decision.award_count`), written as it
is issued: the registry showed each decision's count by counting its award records, 1.7 ms for a
page of decisions of about 1,000 awards each at 300,000 people. The decisions issued before are
counted once here. And the registry's earliest year is read from an index of the years.
"""

from django.db import migrations, models
from django.db.models import Count, OuterRef, Subquery


def count(apps, schema_editor):
    Decision = apps.get_model("awards", "Decision")
    AwardRecord = apps.get_model("awards", "AwardRecord")
    granted = (
        AwardRecord.objects.filter(decision=OuterRef("pk"))
        .order_by()
        .values("decision")
        .annotate(n=Count("pk"))
        .values("n")
    )
    Decision.objects.filter(status="issued").update(award_count=Subquery(granted))
    # An issued decision without a record left (none is, records are protected) counts none.
    Decision.objects.filter(status="issued", award_count__isnull=True).update(award_count=0)


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0026_decision_search_title"),
        ("organizations", "0016_unit_name_words"),
    ]

    operations = [
        migrations.AddField(
            model_name="decision",
            name="award_count",
            field=models.PositiveIntegerField(
                blank=True, editable=False, null=True, verbose_name="awards granted"
            ),
        ),
        migrations.AddField(
            model_name="historicaldecision",
            name="award_count",
            field=models.PositiveIntegerField(
                blank=True, editable=False, null=True, verbose_name="awards granted"
            ),
        ),
        migrations.AddIndex(
            model_name="decision",
            index=models.Index(fields=["year"], name="decision_year_idx"),
        ),
        migrations.RunPython(count, migrations.RunPython.noop),
    ]
