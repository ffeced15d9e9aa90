"""Norm frameworks (normenkaders): norms, client promises, qualification criteria, toetsingskader,
Keurmerkwijzer content, target values and exemptions for one year.

A published framework is frozen: every model below refuses to save or delete once its framework
is published (the guard is in the model, so no form, command or shell can get around it).

Two exceptions, because the handbook's Keurmerkwijzer grows during the year (Fase 2 and 3.1): the
Keurmerkwijzer items of a norm (`GuideItem`: documents, links, FAQ) are not frozen at all, and a
criterion's toetsingskader may be saved on its own (`save(update_fields=GUIDANCE_FIELDS)`), with the
date of the change shown as "bijgewerkt op …". The norm texts themselves stay frozen.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class FrameworkFrozenError(ValidationError):
    """Raised when something tries to change a published (frozen) framework."""

    def __init__(self):
        super().__init__(
            _("Dit normenkader is gepubliceerd en kan niet meer worden gewijzigd."),
            code="frozen",
        )


class FrameworkStatus(models.TextChoices):
    CONCEPT = "concept", _("Concept")
    CONSULTATION = "consultation", _("In consultatie")
    ADOPTED = "adopted", _("Vastgesteld")
    PUBLISHED = "published", _("Gepubliceerd")


class Framework(models.Model):
    year = models.PositiveSmallIntegerField(_("jaar"), unique=True)
    name = models.CharField(_("naam"), max_length=200)
    status = models.CharField(
        _("status"), max_length=20, choices=FrameworkStatus.choices, default=FrameworkStatus.CONCEPT
    )
    scheme_owner = models.CharField(_("schema-eigenaar"), max_length=200, default="Stichting KiBG")
    introduction = models.TextField(_("inleiding"), blank=True)
    exemption_note = models.TextField(_("toelichting vrijstellingen"), blank=True)
    adopted_on = models.DateField(_("vastgesteld op"), null=True, blank=True)
    published_at = models.DateTimeField(_("gepubliceerd op"), null=True, blank=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("normenkader")
        verbose_name_plural = _("normenkaders")

    def __str__(self):
        return self.name

    @property
    def is_frozen(self):
        return self.status == FrameworkStatus.PUBLISHED

    def stored_status(self):
        if not self.pk:
            return None
        return Framework.objects.filter(pk=self.pk).values_list("status", flat=True).first()

    def save(self, *args, **kwargs):
        if self.stored_status() == FrameworkStatus.PUBLISHED:
            raise FrameworkFrozenError()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.stored_status() == FrameworkStatus.PUBLISHED:
            raise FrameworkFrozenError()
        return super().delete(*args, **kwargs)


class FrozenGuardQuerySet(models.QuerySet):
    """Bulk updates and deletes go through the same guard as save() and delete()."""

    def _touches_frozen(self):
        return self.filter(**{self.model.framework_lookup + "__status": "published"}).exists()

    def update(self, **kwargs):
        if self._touches_frozen():
            raise FrameworkFrozenError()
        return super().update(**kwargs)

    def delete(self):
        if self._touches_frozen():
            raise FrameworkFrozenError()
        return super().delete()


class FrameworkPart(models.Model):
    """A part of a framework; refuses changes once the framework is published."""

    framework_lookup = "framework"
    objects = FrozenGuardQuerySet.as_manager()

    class Meta:
        abstract = True

    def framework_id_for_guard(self):
        return self.framework_id

    def _guard(self):
        framework_id = self.framework_id_for_guard()
        if Framework.objects.filter(pk=framework_id, status=FrameworkStatus.PUBLISHED).exists():
            raise FrameworkFrozenError()

    def save(self, *args, **kwargs):
        self._guard()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._guard()
        return super().delete(*args, **kwargs)


class Level(FrameworkPart):
    """A level at which providers work (spreekkamer, organisatie, netwerk); 2024 onwards."""

    framework = models.ForeignKey(
        Framework, verbose_name=_("normenkader"), on_delete=models.CASCADE, related_name="levels"
    )
    key = models.SlugField(_("sleutel"), max_length=80)
    name = models.CharField(_("naam"), max_length=100)
    description = models.TextField(_("toelichting"), blank=True)
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        ordering = ["position"]
        unique_together = [("framework", "key")]
        verbose_name = _("niveau")
        verbose_name_plural = _("niveaus")

    def __str__(self):
        return self.name


class Norm(FrameworkPart):
    framework = models.ForeignKey(
        Framework, verbose_name=_("normenkader"), on_delete=models.CASCADE, related_name="norms"
    )
    key = models.SlugField(
        _("sleutel"),
        max_length=80,
        help_text=_("Blijft gelijk over de jaren zolang het dezelfde norm is."),
    )
    number = models.CharField(_("nummer"), max_length=10)
    subject = models.CharField(_("onderwerp"), max_length=200)
    title = models.TextField(_("titel (normstelling)"), blank=True)
    level = models.ForeignKey(
        Level, verbose_name=_("niveau"), on_delete=models.PROTECT, null=True, blank=True, related_name="norms"
    )
    client_promise = models.JSONField(
        _("cliëntbelofte"), default=list, blank=True, help_text=_("Een lijst van alinea's.")
    )
    criteria_intro = models.TextField(_("inleidende zin criteria"), blank=True)
    criteria_note = models.TextField(_("opmerking bij criteria"), blank=True)
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        ordering = ["position"]
        unique_together = [("framework", "key"), ("framework", "number")]
        verbose_name = _("norm")
        verbose_name_plural = _("normen")

    def __str__(self):
        return f"Norm {self.number} {self.subject}"


class NormPart(FrameworkPart):
    framework_lookup = "norm__framework"
    objects = FrozenGuardQuerySet.as_manager()

    class Meta:
        abstract = True

    def framework_id_for_guard(self):
        return Norm.objects.filter(pk=self.norm_id).values_list("framework_id", flat=True).first()


class CriterionGroup(NormPart):
    """A heading or intro sentence over some criteria of a norm (2022 norms 3 and 4)."""

    norm = models.ForeignKey(Norm, verbose_name=_("norm"), on_delete=models.CASCADE, related_name="groups")
    key = models.SlugField(_("sleutel"), max_length=80)
    heading = models.CharField(_("kop"), max_length=200, blank=True)
    intro = models.TextField(_("inleidende zin"), blank=True)
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        ordering = ["position"]
        unique_together = [("norm", "key")]
        verbose_name = _("groep criteria")
        verbose_name_plural = _("groepen criteria")

    def __str__(self):
        return self.heading or self.intro[:60]


class AnswerFieldKind(models.TextChoices):
    NUMBER = "number", _("Getal met eenheid")
    URL = "url", _("Webadres(sen)")
    ATTACHMENT = "attachment", _("Bijlage(n)")


GUIDANCE_FIELDS = frozenset({"guidance", "guidance_updated_at", "guidance_updated_by"})


class Criterion(NormPart):
    norm = models.ForeignKey(Norm, verbose_name=_("norm"), on_delete=models.CASCADE, related_name="criteria")
    group = models.ForeignKey(
        CriterionGroup,
        verbose_name=_("groep"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="criteria",
    )
    key = models.SlugField(
        _("sleutel"),
        max_length=80,
        help_text=_("Blijft gelijk over de jaren zolang het hetzelfde criterium is."),
    )
    number = models.CharField(_("nummer"), max_length=10)
    text = models.TextField(_("tekst"))
    sub_items = models.JSONField(_("onderdelen"), default=list, blank=True)
    guidance = models.TextField(_("toetsingskader"), blank=True)
    guidance_updated_at = models.DateTimeField(_("toetsingskader bijgewerkt op"), null=True, blank=True)
    guidance_updated_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answer_fields = models.JSONField(
        _("antwoordvelden"),
        default=list,
        blank=True,
        help_text=_("Naast de toelichting: getal (met eenheid), webadres of bijlage."),
    )
    optional_for_returning = models.BooleanField(
        _("facultatief voor keurmerkdragers van vorig jaar"), default=False
    )
    described = models.BooleanField(
        _("beschreven, geen officiële tekst"),
        default=False,
        help_text=_("De tekst beschrijft het criterium; de officiële formulering volgt nog."),
    )
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        ordering = ["position"]
        verbose_name = _("kwalificatiecriterium")
        verbose_name_plural = _("kwalificatiecriteria")

    def __str__(self):
        return f"{self.norm.number}.{self.number}"

    def save(self, *args, **kwargs):
        """The toetsingskader alone may change after publication (Keurmerkwijzer guidance)."""
        update_fields = kwargs.get("update_fields")
        if update_fields and self.pk and set(update_fields) <= GUIDANCE_FIELDS:
            models.Model.save(self, *args, **kwargs)
            return
        super().save(*args, **kwargs)


class GuideItemKind(models.TextChoices):
    DOCUMENT = "document", _("Handvatdocument")
    LINK = "link", _("Website")
    FAQ = "faq", _("Veelgestelde vraag")


class GuideItem(models.Model):
    """Keurmerkwijzer content for a norm: guidance documents, links and FAQ.

    Not frozen with the framework: the Keurmerkwijzer may grow after publication, and every item
    shows when it was last changed. A document is a link or an uploaded file (checked by content,
    stored privately and served by a view to whoever may read the framework).
    """

    norm = models.ForeignKey(
        Norm, verbose_name=_("norm"), on_delete=models.CASCADE, related_name="guide_items"
    )
    kind = models.CharField(_("soort"), max_length=20, choices=GuideItemKind.choices)
    title = models.CharField(_("titel of vraag"), max_length=300)
    url = models.URLField(_("webadres"), blank=True)
    body = models.TextField(_("tekst of antwoord"), blank=True)
    file_path = models.CharField(max_length=200, blank=True)
    file_name = models.CharField(_("bestandsnaam"), max_length=255, blank=True)
    file_type = models.CharField(_("soort bestand"), max_length=120, blank=True)
    file_size = models.PositiveIntegerField(_("grootte (bytes)"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    created_at = models.DateTimeField(_("toegevoegd op"), auto_now_add=True, null=True)
    updated_at = models.DateTimeField(_("bijgewerkt op"), null=True, blank=True)

    class Meta:
        ordering = ["kind", "position", "pk"]
        verbose_name = _("Keurmerkwijzer-onderdeel")
        verbose_name_plural = _("Keurmerkwijzer-onderdelen")

    def __str__(self):
        return self.title

    @property
    def has_file(self):
        return bool(self.file_path)


class TargetMetric(models.TextChoices):
    DIRECT = "direct", _("directe tijd")
    TOTAL = "total", _("totale tijd")
    UNSPECIFIED = "unspecified", _("niet gespecificeerd")


class TargetValue(FrameworkPart):
    """A streefwaarde: a treatment-time target in minutes, attached to a criterion."""

    framework = models.ForeignKey(
        Framework, verbose_name=_("normenkader"), on_delete=models.CASCADE, related_name="target_values"
    )
    criterion = models.ForeignKey(
        Criterion,
        verbose_name=_("kwalificatiecriterium"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="target_values",
    )
    metric = models.CharField(_("maat"), max_length=20, choices=TargetMetric.choices)
    minutes = models.PositiveIntegerField(_("minuten"))
    description = models.TextField(_("omschrijving"), blank=True)

    class Meta:
        verbose_name = _("streefwaarde")
        verbose_name_plural = _("streefwaarden")

    def __str__(self):
        return f"{self.minutes} min ({self.get_metric_display()})"


class ChangeExplanation(FrameworkPart):
    """The administrator's explanation of a change against the previous framework, by stable key."""

    framework = models.ForeignKey(
        Framework, verbose_name=_("normenkader"), on_delete=models.CASCADE, related_name="explanations"
    )
    key = models.CharField(_("sleutel"), max_length=80)
    text = models.TextField(_("toelichting"))

    class Meta:
        unique_together = [("framework", "key")]
        verbose_name = _("toelichting op wijziging")
        verbose_name_plural = _("toelichtingen op wijzigingen")

    def __str__(self):
        return self.key
