import django.db.models.deletion
from django.db import migrations, models

from ish.history import stored_texts_to_codes


def to_codes(apps, schema_editor):
    stored_texts_to_codes(apps.get_model("nominations", "NominationChange"), {'Confirmed by the student.': 'confirmed_by_student', 'Von der Schülerin oder dem Schüler bestätigt.': 'confirmed_by_student'})


class Migration(migrations.Migration):
    """Who acted and the system's reasons are stored as codes, rendered in the reader's
    language (they were stored in the language of whoever's request made the change)."""

    dependencies = [
        ('nominations', '0003_nominationchange'),
    ]

    operations = [
        migrations.AddField(
            model_name='nominationchange',
            name='actor_kind',
            field=models.CharField(blank=True, choices=[('system', 'the system'), ('student', 'the student'), ('applicant', 'the applicant'), ('school', 'the school')], max_length=20, verbose_name='acted as'),
        ),
        migrations.AddField(
            model_name='nominationchange',
            name='reason',
            field=models.CharField(blank=True, max_length=40, verbose_name='reason'),
        ),
        migrations.AlterField(
            model_name='nominationchange',
            name='action',
            field=models.CharField(max_length=30, verbose_name='event'),
        ),
        migrations.AlterField(
            model_name='nominationchange',
            name='from_status',
            field=models.CharField(blank=True, max_length=20, verbose_name='from'),
        ),
        migrations.AlterField(
            model_name='nominationchange',
            name='nomination',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='changes', to='nominations.nomination'),
        ),
        migrations.AlterField(
            model_name='nominationchange',
            name='to_status',
            field=models.CharField(max_length=20, verbose_name='to'),
        ),
        migrations.RunPython(to_codes, migrations.RunPython.noop),
    ]
