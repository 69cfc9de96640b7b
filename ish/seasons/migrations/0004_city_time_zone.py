"""Each city's time zone, for deadlines shown in the city's own time; the reference cities get
theirs."""

from django.db import migrations, models

import ish.dates

ZONES = {
    "hangzhou": "Asia/Shanghai",
    "palo-alto": "America/Los_Angeles",
    "montpellier": "Europe/Paris",
    "cambridge": "Europe/London",
    "rehovot": "Asia/Jerusalem",
    "bautzen": "Europe/Berlin",
    "simferopol": "Europe/Simferopol",
    "kumamoto": "Asia/Tokyo",
    "mostar": "Europe/Sarajevo",
    "jelenia-gora": "Europe/Warsaw",
    "heidelberg-gauteng": "Africa/Johannesburg",
    "nysf": "Australia/Sydney",  # Canberra keeps Sydney's clock
}


def fill(apps, schema_editor):
    City = apps.get_model("seasons", "City")
    for slug, zone in ZONES.items():
        City.objects.filter(slug=slug).update(time_zone=zone)


class Migration(migrations.Migration):
    dependencies = [("seasons", "0003_exchange_deadline")]

    operations = [
        migrations.AddField(
            model_name="city",
            name="time_zone",
            field=models.CharField(
                default="Europe/Berlin",
                help_text=(
                    "The city's IANA time zone, such as Asia/Tokyo: its coordinators see "
                    "deadlines in Heidelberg time and in this one."
                ),
                max_length=64,
                validators=[ish.dates.validate_time_zone],
                verbose_name="time zone",
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
