"""The audit log moves from `cycles` to its own app without touching a row.

State only: the models are declared here on the tables `cycles` created (`db_table`), and
`cycles.0003_move_audit_to_audit_app` forgets them. `0002_rename_tables` then gives the tables this
app's names. Every stored row, hash and id stays as it was, so the chain still verifies.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("cycles", "0002_participation_agreement_dissolved_at"),
        ("organisations", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    state_operations = [
        migrations.CreateModel(
            name="AuditHead",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("last_hash", models.CharField(default="", max_length=64)),
            ],
            options={"db_table": "cycles_audithead"},
        ),
        migrations.CreateModel(
            name="AuditEvent",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("at", models.DateTimeField()),
                ("actor_label", models.CharField(max_length=200)),
                ("action", models.CharField(max_length=100)),
                ("object_type", models.CharField(max_length=100)),
                ("object_id", models.CharField(max_length=64)),
                ("from_state", models.CharField(blank=True, max_length=50)),
                ("to_state", models.CharField(blank=True, max_length=50)),
                ("reason", models.TextField(blank=True)),
                ("data", models.JSONField(blank=True, default=dict)),
                ("prev_hash", models.CharField(max_length=64)),
                ("hash", models.CharField(max_length=64, unique=True)),
                (
                    "actor",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "organisation",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        to="organisations.organisation",
                    ),
                ),
                (
                    "participation",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="audit_events",
                        to="cycles.participation",
                    ),
                ),
            ],
            options={
                "verbose_name": "auditregel",
                "verbose_name_plural": "auditlog",
                "ordering": ["pk"],
                "db_table": "cycles_auditevent",
            },
        ),
    ]

    operations = [migrations.SeparateDatabaseAndState(state_operations=state_operations)]
