"""A year awarded on the platform is what the participation's state already says (the holder rule
in `cycles.calendar.holder_ids`); `HeldMark` keeps only the history from before the platform. The
copies that the award step used to write (source "awarded") go."""

from django.db import migrations


def drop_awarded_copies(apps, schema_editor):
    apps.get_model("organisations", "HeldMark").objects.filter(source="awarded").delete()


class Migration(migrations.Migration):
    dependencies = [("organisations", "0001_initial")]

    operations = [migrations.RunPython(drop_awarded_copies, migrations.RunPython.noop)]
