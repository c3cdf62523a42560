"""What the product counts about itself for its dashboards, privately: no third-party
analytics. A challenge's page views are one counter row per challenge and day, so a busy page
costs one upsert per view and the funnel reads a handful of rows."""

from __future__ import annotations

from datetime import date

from django.db import connection, models
from django.utils.translation import gettext_lazy as _


class ChallengeViewDayQuerySet(models.QuerySet["ChallengeViewDay"]):
    def count_view(self, *, challenge_id: int, day: date) -> None:
        """Add one view to the day's counter in one statement (no read-modify-write race
        between two processes counting the same challenge at once)."""
        table = self.model._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} (challenge_id, day, views) VALUES (%s, %s, 1) "  # noqa: S608
                "ON CONFLICT (challenge_id, day) DO UPDATE SET views = "
                f"{table}.views + 1",
                [challenge_id, day],
            )


class ChallengeViewDay(models.Model):
    """Views of a challenge's page on one day by people outside the posting organisation."""

    challenge = models.ForeignKey(
        "marketplace.Challenge", on_delete=models.CASCADE, related_name="view_days"
    )
    day = models.DateField()
    views = models.PositiveIntegerField(default=0)

    objects = ChallengeViewDayQuerySet.as_manager()

    class Meta:
        ordering = ["challenge_id", "day"]
        verbose_name = _("challenge views on a day")
        verbose_name_plural = _("challenge views per day")
        constraints = [
            models.UniqueConstraint(fields=["challenge", "day"], name="one_view_counter_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.challenge_id} {self.day}: {self.views}"
