"""The audit log moved to `keurmerk.audit` (see `audit.0001_move_audit_from_cycles`): forget the
models here, keep their tables and rows (state only)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("cycles", "0002_participation_agreement_dissolved_at"),
        ("audit", "0001_move_audit_from_cycles"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="AuditEvent"),
                migrations.DeleteModel(name="AuditHead"),
            ]
        )
    ]
