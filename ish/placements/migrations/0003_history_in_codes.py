from django.db import migrations, models

from ish.history import stored_texts_to_codes


def to_codes(apps, schema_editor):
    stored_texts_to_codes(apps.get_model("placements", "PlacementChange"), {'The nomination was withdrawn.': 'nomination_withdrawn', 'Die Nominierung wurde zurückgezogen.': 'nomination_withdrawn'})


class Migration(migrations.Migration):
    """Who acted and the system's reasons are stored as codes, rendered in the reader's
    language (they were stored in the language of whoever's request made the change)."""

    dependencies = [
        ('placements', '0002_match_runs'),
    ]

    operations = [
        migrations.AddField(
            model_name='placementchange',
            name='actor_kind',
            field=models.CharField(blank=True, choices=[('system', 'the system'), ('student', 'the student'), ('applicant', 'the applicant'), ('school', 'the school')], max_length=20, verbose_name='acted as'),
        ),
        migrations.AddField(
            model_name='placementchange',
            name='reason',
            field=models.CharField(blank=True, max_length=40, verbose_name='reason'),
        ),
        migrations.AlterField(
            model_name='placementchange',
            name='action',
            field=models.CharField(max_length=30, verbose_name='event'),
        ),
        migrations.RunPython(to_codes, migrations.RunPython.noop),
    ]
