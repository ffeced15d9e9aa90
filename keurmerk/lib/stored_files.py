"""The fields every privately stored upload keeps (`lib.uploads.store` writes the file): where it
is, what it was called, what it is and who put it there. An abstract model, so that each app's
attachment table (answers' attachments, meeting notes' files) has them in one place."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class StoredFile(models.Model):
    path = models.CharField(max_length=200)
    original_name = models.CharField(_("bestandsnaam"), max_length=255)
    content_type = models.CharField(_("soort bestand"), max_length=120)
    size = models.PositiveIntegerField(_("grootte (bytes)"))
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        abstract = True
        ordering = ["pk"]

    def __str__(self):
        return self.original_name
