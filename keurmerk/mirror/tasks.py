from django_tasks import task

from .services import mirror_upload_process


@task()
def process_upload(job_id):
    """Read a queued mirror upload in the background worker (`manage.py db_worker`)."""
    mirror_upload_process(job_id=job_id)
