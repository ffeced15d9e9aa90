import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    """The moment a held year is entered. Rows entered before stay empty (their moment is unknown):
    the column is added without a default first, then new rows get the time of entry."""

    dependencies = [("organisations", "0005_heldmark_history_only")]

    operations = [
        migrations.AddField(
            model_name="heldmark",
            name="created_at",
            field=models.DateTimeField(blank=True, editable=False, null=True, verbose_name="vastgelegd op"),
        ),
        migrations.AlterField(
            model_name="heldmark",
            name="created_at",
            field=models.DateTimeField(
                blank=True,
                default=django.utils.timezone.now,
                editable=False,
                null=True,
                verbose_name="vastgelegd op",
            ),
        ),
    ]
