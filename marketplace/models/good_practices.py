"""Good-practice library: "Factories of the Future"-style cases by sector and technology."""

from __future__ import annotations

from typing import Any

from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import connection, models
from django.db.models import Q, Value
from django.utils.translation import gettext_lazy as _

from marketplace.models.capabilities import CONTENT_LANGUAGES
from marketplace.models.challenges import SEARCH_CONFIGS, Sector


class GoodPracticeQuerySet(models.QuerySet["GoodPracticeCase"]):
    def search(self, text: str) -> GoodPracticeQuerySet:
        text = text.strip()[:200]
        if not text:
            return self
        if connection.vendor != "postgresql":
            return self.filter(Q(title__icontains=text) | Q(problem__icontains=text))
        from django.contrib.postgres.search import SearchQuery

        query = SearchQuery(text, config="simple", search_type="websearch")
        for config in SEARCH_CONFIGS.values():
            query = query | SearchQuery(text, config=config, search_type="websearch")
        return self.filter(search_vector=query)


class GoodPracticeCase(models.Model):
    slug = models.SlugField(max_length=80, unique=True)
    sector = models.CharField(_("sector"), max_length=12, choices=Sector.choices)
    language = models.CharField(max_length=2, choices=CONTENT_LANGUAGES, default="nl")
    title = models.CharField(_("title"), max_length=200)
    company = models.CharField(_("company"), max_length=200)
    problem = models.TextField(_("problem"))
    partners = models.TextField(_("partners"))
    result = models.TextField(_("result"))
    impact_on_work = models.TextField(_("impact on work"))
    technologies = models.ManyToManyField("marketplace.Technology", blank=True)
    search_vector = SearchVectorField(null=True, editable=False)

    objects = GoodPracticeQuerySet.as_manager()

    class Meta:
        ordering = ["sector", "title"]
        verbose_name = _("good-practice case")
        verbose_name_plural = _("good-practice cases")

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        super().save(*args, **kwargs)
        self.refresh_search_vector()

    def refresh_search_vector(self) -> None:
        if connection.vendor != "postgresql" or self.pk is None:
            return
        config = SEARCH_CONFIGS.get(self.language, "simple")
        labels = " ".join(
            f"{nl} {en} {fr}"
            for nl, en, fr in self.technologies.values_list("label_nl", "label_en", "label_fr")
        )
        body = " ".join([self.problem, self.result, self.impact_on_work, self.partners])
        GoodPracticeCase.objects.filter(pk=self.pk).update(
            search_vector=SearchVector(Value(self.title), weight="A", config=config)
            + SearchVector(Value(body), weight="B", config=config)
            + SearchVector(Value(labels), weight="C", config="simple")
        )
