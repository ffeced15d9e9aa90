from django_tasks import task

from .services import deliver


@task()
def send_notification(notification_id):
    deliver(notification_id)
