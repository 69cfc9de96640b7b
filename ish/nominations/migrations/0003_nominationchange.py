from django.db import migrations


class Migration(migrations.Migration):
    """The status history becomes one of the StatusChange histories (ish.history)."""

    dependencies = [
        ("nominations", "0002_allergies"),
        ("accounts", "0001_initial"),
    ]

    operations = [
        migrations.RenameModel("Transition", "NominationChange"),
    ]
