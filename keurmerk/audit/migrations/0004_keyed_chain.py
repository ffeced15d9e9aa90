"""The chain becomes keyed (HMAC-SHA256 with a secret outside the database).

Every row that exists is marked `scheme` 1 (plain SHA-256) and keeps its content and hash: they are
verified as they were written, not rewritten. Rows appended from now on default to `scheme` 2.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_dutch_labels")]

    operations = [
        migrations.AddField(
            model_name="auditevent",
            name="scheme",
            field=models.PositiveSmallIntegerField(
                choices=[(1, "SHA-256 (van vóór de sleutel)"), (2, "HMAC-SHA256 met de auditsleutel")], default=1
            ),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="scheme",
            field=models.PositiveSmallIntegerField(
                choices=[(1, "SHA-256 (van vóór de sleutel)"), (2, "HMAC-SHA256 met de auditsleutel")], default=2
            ),
        ),
    ]
