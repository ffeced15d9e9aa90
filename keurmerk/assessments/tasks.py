from django_tasks import task

from .batch import year_certificates_zip


@task()
def year_certificates(year):
    """In the background worker: the ZIP of every certificate of `year` (`batch`)."""
    path, count = year_certificates_zip(year=year)
    return {"path": str(path), "count": count}
