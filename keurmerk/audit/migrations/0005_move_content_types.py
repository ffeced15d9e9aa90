"""The content types (and so the permissions granted on them) of the moved models follow them from
`cycles` to `audit`, instead of staying behind as stale rows while new ones are created."""

from django.db import migrations

MODELS = ["auditevent", "audithead"]


def forwards(apps, schema_editor):
    content_type = apps.get_model("contenttypes", "ContentType")
    for model in MODELS:
        if not content_type.objects.filter(app_label="audit", model=model).exists():
            content_type.objects.filter(app_label="cycles", model=model).update(app_label="audit")


def backwards(apps, schema_editor):
    content_type = apps.get_model("contenttypes", "ContentType")
    for model in MODELS:
        if not content_type.objects.filter(app_label="cycles", model=model).exists():
            content_type.objects.filter(app_label="audit", model=model).update(app_label="cycles")


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0004_keyed_chain"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
