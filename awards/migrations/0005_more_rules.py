"""More thresholds of the rule sets (certificates of merit); filled by the engine's work."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0004_history_initiatives"),
    ]

    operations = []
