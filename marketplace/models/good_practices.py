"""Good-practice library: "Factories of the Future"-style cases by sector and technology."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import connection, models
from django.db.models import Q, Value
from django.utils.translation import get_language
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


TEXT_FIELDS = ("title", "company", "problem", "partners", "result", "impact_on_work")


class GoodPracticeCase(models.Model):
    """A case as written (in `language`), with its translations into the other interface
    languages, so a card reads in one language: the reader's where there is a translation."""

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
    translations = models.JSONField(
        default=dict, blank=True, help_text='{"en": {"title": …, "problem": …, …}, "fr": {…}}'
    )
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

    @property
    def text(self) -> SimpleNamespace:
        """The case's texts in the reader's language where translated, else as written, with
        the `language` they are in (pages mark it when it is not the page's)."""
        language = (get_language() or "nl")[:2]
        translated = (self.translations or {}).get(language)
        if language == self.language or not translated:
            language, translated = self.language, {}
        return SimpleNamespace(
            language=language,
            **{field: translated.get(field) or getattr(self, field) for field in TEXT_FIELDS},
        )

    def refresh_search_vector(self) -> None:
        if connection.vendor != "postgresql" or self.pk is None:
            return
        config = SEARCH_CONFIGS.get(self.language, "simple")
        labels = " ".join(
            f"{nl} {en} {fr}"
            for nl, en, fr in self.technologies.values_list("label_nl", "label_en", "label_fr")
        )
        body = " ".join([self.problem, self.result, self.impact_on_work, self.partners])
        translated = " ".join(
            text for fields in (self.translations or {}).values() for text in fields.values()
        )
        GoodPracticeCase.objects.filter(pk=self.pk).update(
            search_vector=SearchVector(Value(self.title), weight="A", config=config)
            + SearchVector(Value(body), weight="B", config=config)
            + SearchVector(Value(labels), weight="C", config="simple")
            + SearchVector(Value(translated), weight="C", config="simple")
        )
