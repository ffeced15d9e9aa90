"""Give the moved tables this app's names (`audit_auditevent`, `audit_audithead`); a rename keeps
every row, id and hash."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_move_audit_from_cycles"),
        ("cycles", "0003_move_audit_to_audit_app"),
    ]

    operations = [
        migrations.AlterModelTable(name="audithead", table=None),
        migrations.AlterModelTable(name="auditevent", table=None),
    ]
