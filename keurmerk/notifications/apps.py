from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django_tasks_db.apps import TasksAppConfig


class NotificationsConfig(AppConfig):
    name = "keurmerk.notifications"
    label = "notifications"
    verbose_name = _("Meldingen")


class TaskQueueConfig(TasksAppConfig):
    """django-tasks' database queue under a Dutch name in the admin (issue 11, item 8)."""

    default = False
    verbose_name = _("Takenwachtrij (e-mail op de achtergrond)")
