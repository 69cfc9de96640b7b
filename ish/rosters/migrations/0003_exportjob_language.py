from django.db import migrations, models


class Migration(migrations.Migration):
    """An export remembers the language it was asked for in: the worker writes it in that one.
    Jobs asked for before were written in English, which the default keeps true."""

    dependencies = [
        ("rosters", "0002_exportjob_updated_at"),
    ]

    operations = [
        migrations.AddField(
            model_name="exportjob",
            name="language",
            field=models.CharField(
                choices=[
                    ("en", "English"),
                    ("de", "German"),
                    ("fr", "French"),
                    ("he", "Hebrew"),
                    ("ja", "Japanese"),
                    ("ru", "Russian"),
                    ("uk", "Ukrainian"),
                    ("zh-hans", "Simplified Chinese"),
                ],
                default="en",
                max_length=7,
                verbose_name="language",
            ),
        ),
    ]
