import django.db.models.deletion
from django.db import migrations, models


def link_existing_amendments(apps, schema_editor):
    """Link the commitments of amendments made before the link existed to those they copied.

    A commitment is linked when the amended version has, for the same party, exactly one
    commitment with the same focus area and text, and the amendment exactly one too; one whose
    text was changed in the amendment cannot be told from a new one and stays unlinked.
    """
    from collections import Counter

    Covenant = apps.get_model("campaigns", "Covenant")
    Commitment = apps.get_model("campaigns", "Commitment")
    for amendment in Covenant.objects.filter(amends__isnull=False).order_by("pk"):
        earlier = list(
            Commitment.objects.filter(party__covenant_id=amendment.amends_id).values_list(
                "pk", "party__unit_id", "focus_area_id", "text"
            )
        )
        later = list(
            Commitment.objects.filter(
                party__covenant=amendment, carried_from__isnull=True
            ).values_list("pk", "party__unit_id", "focus_area_id", "text")
        )
        earlier_keys = Counter(row[1:] for row in earlier)
        later_keys = Counter(row[1:] for row in later)
        earlier_by_key = {row[1:]: row[0] for row in earlier if earlier_keys[row[1:]] == 1}
        for pk, *key in later:
            key = tuple(key)
            if later_keys[key] == 1 and key in earlier_by_key:
                Commitment.objects.filter(pk=pk).update(carried_from_id=earlier_by_key[key])


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="commitment",
            name="carried_from",
            field=models.OneToOneField(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="carried_into",
                to="campaigns.commitment",
                verbose_name="continues",
            ),
        ),
        migrations.RunPython(link_existing_amendments, migrations.RunPython.noop),
    ]
