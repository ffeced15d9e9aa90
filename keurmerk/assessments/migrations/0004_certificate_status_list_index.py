"""Every certificate gets a stable, random place in the revocation status list (issue 18)."""

import secrets

from django.db import migrations, models

STATUS_LIST_SIZE = 131_072


def allocate(apps, schema_editor):
    Certificate = apps.get_model("assessments", "Certificate")
    taken = set(Certificate.objects.exclude(status_list_index=None).values_list("status_list_index", flat=True))
    for certificate in Certificate.objects.filter(status_list_index=None).order_by("pk"):
        index = secrets.randbelow(STATUS_LIST_SIZE)
        while index in taken:
            index = secrets.randbelow(STATUS_LIST_SIZE)
        taken.add(index)
        certificate.status_list_index = index
        certificate.save(update_fields=["status_list_index"])


class Migration(migrations.Migration):
    dependencies = [("assessments", "0003_assessment_for_every_submission")]

    operations = [
        migrations.AddField(
            model_name="certificate",
            name="status_list_index",
            field=models.PositiveIntegerField(
                editable=False, null=True, unique=True, verbose_name="plaats in de statuslijst"
            ),
        ),
        migrations.RunPython(allocate, migrations.RunPython.noop),
    ]
