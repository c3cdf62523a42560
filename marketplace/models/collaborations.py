"""Track record: past joint projects (e.g. EU research projects) and who took part."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Collaboration(models.Model):
    ref = models.CharField(_("external reference"), max_length=100, unique=True)
    title = models.CharField(_("title"), max_length=500, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    start = models.DateField(_("start"), null=True, blank=True)
    tags = models.JSONField(_("tags"), default=list, blank=True)
    organisations = models.ManyToManyField(
        "marketplace.Organisation", through="Participation", related_name="collaborations"
    )

    class Meta:
        ordering = ["-start", "ref"]
        verbose_name = _("past collaboration")
        verbose_name_plural = _("past collaborations")

    def __str__(self) -> str:
        return self.title or self.ref


class Participation(models.Model):
    class ParticipationRole(models.TextChoices):
        COORDINATOR = "coordinator", _("Coordinator")
        PARTICIPANT = "participant", _("Participant")

    collaboration = models.ForeignKey(
        Collaboration, on_delete=models.CASCADE, related_name="participations"
    )
    organisation = models.ForeignKey(
        "marketplace.Organisation", on_delete=models.CASCADE, related_name="participations"
    )
    role = models.CharField(
        max_length=12, choices=ParticipationRole.choices, default=ParticipationRole.PARTICIPANT
    )

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [
            models.UniqueConstraint(
                fields=["collaboration", "organisation"], name="one_participation_per_org"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} in {self.collaboration}"
