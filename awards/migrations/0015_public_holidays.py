"""The public holidays whose dates do not move (Bộ luật Lao động 2019, Khoản 1 Điều 112): New
Year's Day, Reunification Day, International Workers' Day and National Day, 2020–2030. Tết and the
Hùng Kings' commemoration follow the lunar calendar and the government's yearly notice, so the
emulation officer enters them (and the days added to the National Day) each year."""

import datetime

from django.db import migrations

FIXED = [
    (1, 1, "Tết Dương lịch"),
    (4, 30, "Ngày Chiến thắng"),
    (5, 1, "Ngày Quốc tế lao động"),
    (9, 2, "Quốc khánh"),
]
YEARS = range(2020, 2031)


def load(apps, schema_editor):
    PublicHoliday = apps.get_model("awards", "PublicHoliday")
    for year in YEARS:
        for month, day, name in FIXED:
            PublicHoliday.objects.get_or_create(
                day=datetime.date(year, month, day), defaults={"name": name}
            )


def unload(apps, schema_editor):
    PublicHoliday = apps.get_model("awards", "PublicHoliday")
    days = [datetime.date(year, month, day) for year in YEARS for month, day, _name in FIXED]
    PublicHoliday.objects.filter(day__in=days).delete()


class Migration(migrations.Migration):
    dependencies = [("awards", "0014_public_posting")]

    operations = [migrations.RunPython(load, unload)]
