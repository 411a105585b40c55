"""A trigram index on the award records' decision number as the award history's search compares
it (`icontains`: `UPPER(…) LIKE UPPER('%…%')`), on PostgreSQL. A search holding a digit (a
decision number, or a staff code: "BM0A000123") also matches the records' decision numbers;
without the index that condition read every record of the province (145 ms at 711,000 records,
300,000 people), whatever the person it found. SQLite has no such index; there this does
nothing. pg_trgm is created by organizations' migration 0010.
"""

from django.db import migrations

from organizations.pg_indexes import postgres_indexes

class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0023_decision_search_trigram"),
        ("organizations", "0010_person_search_trigram"),
    ]

    operations = [
        postgres_indexes(
            "awards_awardrecord",
            {
                "award_record_number_upper_trgm": (
                    "USING gin ((UPPER(decision_number::text)) gin_trgm_ops)"
                )
            },
        )
    ]
