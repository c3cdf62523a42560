"""Reference taxonomies: NACE-BEL sectors, ISCED-F fields, ESCO skills, NUTS regions and the
Industry 4.0 technologies. Loaded from files in marketplace/data by `load_taxonomies`."""

from __future__ import annotations

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from marketplace.models.countries import country_name


def _pick(obj: object, field: str) -> str:
    """The label in the active language, falling back to English, then Dutch."""
    lang = (get_language() or "nl")[:2]
    for code in (lang, "en", "nl"):
        value = getattr(obj, f"{field}_{code}", "")
        if value:
            return str(value)
    return ""


class NaceCode(models.Model):
    """A NACE-BEL 2008 code (Belgium's NACE Rev. 2), from section down to subclass."""

    LEVELS = [
        ("section", _("section")),
        ("division", _("division")),
        ("group", _("group")),
        ("class", _("class")),
        ("subclass", _("subclass")),
    ]
    code = models.CharField(max_length=8, primary_key=True)
    level = models.CharField(max_length=10, choices=LEVELS)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE)
    section = models.CharField(max_length=1)
    title_nl = models.CharField(max_length=300)
    title_en = models.CharField(max_length=300, blank=True)
    title_fr = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("NACE-BEL code")
        verbose_name_plural = _("NACE-BEL codes")

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def title(self) -> str:
        return _pick(self, "title")

    @property
    def division(self) -> str:
        """The two-digit division, the level of the input–output table."""
        return self.code[:2] if self.code[:2].isdigit() else ""


class IscedField(models.Model):
    """An ISCED-F 2013 detailed field of education: a student's discipline."""

    code = models.CharField(max_length=4, primary_key=True)
    title_en = models.CharField(max_length=200)
    title_nl = models.CharField(max_length=200, blank=True)
    title_fr = models.CharField(max_length=200, blank=True)
    narrow_code = models.CharField(max_length=3)
    narrow_title = models.CharField(max_length=200)
    broad_code = models.CharField(max_length=2)
    broad_title = models.CharField(max_length=200)

    class Meta:
        ordering = ["code"]
        verbose_name = _("ISCED-F field")
        verbose_name_plural = _("ISCED-F fields")

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def title(self) -> str:
        return _pick(self, "title")


class EscoSkill(models.Model):
    """An ESCO v1.2 skill or competence. `label` is ESCO's English preferred label; the Dutch
    and French ones are kept where the shipped data has them (marketplace/data/esco_skills.csv
    has none yet), and pages mark a name shown in English on a Dutch or French page."""

    uri = models.CharField(max_length=200, unique=True)
    label = models.CharField(max_length=300, db_index=True)
    label_nl = models.CharField(max_length=300, blank=True)
    label_fr = models.CharField(max_length=300, blank=True)
    description = models.TextField(blank=True)
    alt_labels = models.TextField(blank=True, help_text="Pipe-separated alternative labels.")

    class Meta:
        ordering = ["label"]
        verbose_name = _("ESCO skill")
        verbose_name_plural = _("ESCO skills")

    def __str__(self) -> str:
        return self.name

    @property
    def name_language(self) -> str:
        """The language `name` is in: the reader's where ESCO has that label, else English."""
        lang = (get_language() or "nl")[:2]
        return lang if lang in ("nl", "fr") and getattr(self, f"label_{lang}") else "en"

    @property
    def name(self) -> str:
        """The skill's name in the reader's language where there is one, else in English."""
        language = self.name_language
        return self.label if language == "en" else getattr(self, f"label_{language}")


class NutsRegion(models.Model):
    """A NUTS 2016 region (Eurostat)."""

    code = models.CharField(max_length=5, primary_key=True)
    level = models.PositiveSmallIntegerField()
    country = models.CharField(max_length=2)
    label = models.CharField(max_length=200)
    label_nl = models.CharField(max_length=200, blank=True)
    label_fr = models.CharField(max_length=200, blank=True)
    label_en = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("NUTS region")
        verbose_name_plural = _("NUTS regions")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def name(self) -> str:
        if self.level == 0:
            country = country_name(self.code)
            if country:
                return country
        lang = (get_language() or "nl")[:2]
        if lang == "nl" and self.label_nl:
            return self.label_nl
        if lang == "fr" and self.label_fr:
            return self.label_fr
        if lang == "en" and self.label_en:
            return self.label_en
        # Eurostat's own label (in the region's language) where there is no translation: a
        # Dutch one would be a foreign word on an English page.
        return self.label or self.label_nl


class Technology(models.Model):
    """An Industry 4.0 technology from Kruispunt's own taxonomy, labelled in nl/en/fr."""

    slug = models.SlugField(max_length=60, primary_key=True)
    group = models.CharField(max_length=40)
    label_nl = models.CharField(max_length=120)
    label_en = models.CharField(max_length=120)
    label_fr = models.CharField(max_length=120)
    explanation_nl = models.TextField(blank=True)
    explanation_en = models.TextField(blank=True)
    explanation_fr = models.TextField(blank=True)
    keywords = models.JSONField(default=dict, blank=True, help_text='{"nl": [...], "en": [...]}')

    class Meta:
        ordering = ["slug"]
        verbose_name = _("technology")
        verbose_name_plural = _("technologies")

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return _pick(self, "label")

    @property
    def explanation(self) -> str:
        return _pick(self, "explanation")
