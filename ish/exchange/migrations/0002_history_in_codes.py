from django.db import migrations, models

from ish.history import stored_texts_to_codes


def to_codes(apps, schema_editor):
    stored_texts_to_codes(apps.get_model("exchange", "ApplicationChange"), {'Confirmed by the school.': 'confirmed_by_school', 'Von der Schule bestätigt.': 'confirmed_by_school', 'Not nominated by the school.': 'not_nominated_by_school', 'Von der Schule nicht nominiert.': 'not_nominated_by_school'}, by_school={'not_nominated_by_school', 'confirmed_by_school'})


class Migration(migrations.Migration):
    """Who acted and the system's reasons are stored as codes, rendered in the reader's
    language (they were stored in the language of whoever's request made the change)."""

    dependencies = [
        ('exchange', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='applicationchange',
            name='actor_kind',
            field=models.CharField(blank=True, choices=[('system', 'the system'), ('student', 'the student'), ('applicant', 'the applicant'), ('school', 'the school')], max_length=20, verbose_name='acted as'),
        ),
        migrations.AddField(
            model_name='applicationchange',
            name='reason',
            field=models.CharField(blank=True, max_length=40, verbose_name='reason'),
        ),
        migrations.AlterField(
            model_name='applicationchange',
            name='action',
            field=models.CharField(max_length=30, verbose_name='event'),
        ),
        migrations.RunPython(to_codes, migrations.RunPython.noop),
    ]
