"""An assessment exists from the submission on (it is made when the self-evaluation is submitted,
so that opening the assessment page writes nothing). Submissions from before get theirs here."""

from django.db import migrations


def open_assessments(apps, schema_editor):
    SelfEvaluation = apps.get_model("selfevaluations", "SelfEvaluation")
    Assessment = apps.get_model("assessments", "Assessment")
    missing = SelfEvaluation.objects.filter(status="submitted", assessment__isnull=True)
    Assessment.objects.bulk_create(Assessment(self_evaluation=se) for se in missing)


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0002_verdicts_summaries_reports"),
        ("selfevaluations", "0001_selfevaluations_answers_attachments_messages"),
    ]

    operations = [migrations.RunPython(open_assessments, migrations.RunPython.noop)]
